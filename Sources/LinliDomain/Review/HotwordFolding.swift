import Foundation

/// How the pre-screen looks for a hotword: both the hotword and the text are folded the same way
/// before they are compared, so the usual ways of writing round a filter do not get round it.
///
/// Folded: letters to lower case; full-width ASCII (`ｗｅｃｈａｔ`) to ASCII; spaces, punctuation and
/// symbols dropped ("加 微信", "加·微·信", "加-微-信" are "加微信"); and the traditional form of a
/// hotword's characters to the simplified one the hotword is written in ("代購", "轉賬", "刷單").
/// Helper 188 #1: each of those passed a hotword by, and a trusted member's listing carrying it
/// was published unreviewed and announced in the residents' group.
///
/// Only the hotwords' own characters are mapped from traditional to simplified: the table is built
/// once per hotword list (ICU's Simplified-Traditional transform of each character), so a
/// listing is folded by table lookups, not by a transform of its whole text inside the write.
public struct HotwordFolding: Sendable, Equatable {
    /// The hotwords as configured, and as they are looked for.
    let words: [String]
    let folded: [String]
    /// Traditional form → simplified form, for the characters of the hotwords.
    let simplified: [Character: Character]

    public init(_ hotwords: [String]) {
        var simplified: [Character: Character] = [:]
        for character in Set(hotwords.joined()) where character.unicodeScalars.allSatisfy(\.properties.isUnifiedIdeograph) {
            let text = String(character)
            if let traditional = text.applyingTransform(StringTransform("Simplified-Traditional"), reverse: false),
               traditional.count == 1, let form = traditional.first, form != character
            {
                simplified[form] = character
            }
        }
        self.simplified = simplified
        words = hotwords
        folded = hotwords.map { Self.fold($0, simplified: simplified) }
    }

    /// The first hotword (as configured) that `text` carries, folded, if any.
    public func first(in text: String) -> String? {
        let text = Self.fold(text, simplified: simplified)
        return zip(words, folded).first { !$0.1.isEmpty && HotwordMatch.contains(text, $0.1) }?.0
    }

    static func fold(_ text: String, simplified: [Character: Character]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.lowercased() {
            var character = character
            if character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first, (0xFF01...0xFF5E).contains(scalar.value),
               let ascii = Unicode.Scalar(scalar.value - 0xFEE0)
            {
                character = Character(String(ascii).lowercased())
            }
            if character.isWhitespace || character.isPunctuation || character.isSymbol { continue }
            out.append(simplified[character] ?? character)
        }
        return out
    }
}
