import Foundation

/// How the pre-screen looks for a hotword: both the hotword and the text are folded the same way
/// before they are compared, so the usual ways of writing round a filter do not get round it.
///
/// Folded: letters to lower case; full-width ASCII (`ｗｅｃｈａｔ`) to ASCII; separators inside a
/// phrase dropped: spaces between ideographs, and punctuation and symbols such as `·`, `-`, `*`,
/// quotes ("加 微信", "加·微·信", "加-微-信" are "加微信"); and the traditional form of a hotword's
/// characters to the simplified one the hotword is written in ("代購", "轉賬", "轉帳", "刷單").
/// Helper 188 #1: each of those passed a hotword by, and a trusted member's listing carrying it
/// was published unreviewed and announced in the residents' group.
///
/// Not folded away: what ends a phrase (sentence and list punctuation `，。、；：！？,.;:!?…`, a line
/// break, as between the title and the description) and a space between two Latin letters or
/// digits: "第三代，购于 2021 年" does not carry 代购, "电动牙刷、单头" not 刷单, "we chat later" not
/// "wechat" (helper 190 #1: they held ordinary listings). A hotword that folds to fewer than two
/// characters (`+V`, `💰`) is looked for as written, case aside: folded it would be `v`, found in
/// every "TV", or nothing at all (helper 190 #2).
///
/// Only the hotwords' own characters are mapped from traditional to simplified: the table is built
/// once per hotword list (ICU's Simplified-Traditional transform of each character, and the
/// variants ICU does not give, `variants`), so a listing is folded by table lookups, not by a
/// transform of its whole text inside the write.
public struct HotwordFolding: Sendable, Equatable {
    /// The hotwords as configured, and as they are looked for (nil: as written, lower-cased).
    let words: [String]
    let folded: [String?]
    /// Traditional (or variant) form → the form a hotword is written in.
    let simplified: [Character: Character]

    /// Variant forms ICU's one-way transform does not give: 帳 and 帐 for 账 ("轉帳", "转帐" are
    /// common spellings of 转账).
    static let variants: [Character: [Character]] = ["账": ["帳", "帐"]]

    /// Where a phrase ends: kept as one boundary, never folded away.
    static let boundary: Character = "\n"
    static let phraseEnds = Set("，。、；：！？,.;:!?…\n\r\u{2028}\u{2029}\u{85}")

    public init(_ hotwords: [String]) {
        var simplified: [Character: Character] = [:]
        for character in Set(hotwords.joined()) where character.unicodeScalars.allSatisfy(\.properties.isUnifiedIdeograph) {
            let text = String(character)
            if let traditional = text.applyingTransform(StringTransform("Simplified-Traditional"), reverse: false),
               traditional.count == 1, let form = traditional.first, form != character
            {
                simplified[form] = character
            }
            for variant in Self.variants[character] ?? [] { simplified[variant] = character }
        }
        self.simplified = simplified
        words = hotwords
        folded = hotwords.map { word in
            let folded = Self.fold(word, simplified: simplified)
            return folded.count >= 2 ? folded : nil
        }
    }

    /// The first hotword (as configured) that `text` carries, if any.
    public func first(in text: String) -> String? {
        let folded = Self.fold(text, simplified: simplified)
        var lowered: String?
        for (word, form) in zip(words, self.folded) where !word.isEmpty {
            if let form {
                if HotwordMatch.contains(folded, form) { return word }
            } else {
                if lowered == nil { lowered = text.lowercased() }
                if HotwordMatch.contains(lowered ?? "", word.lowercased()) { return word }
            }
        }
        return nil
    }

    static func fold(_ text: String, simplified: [Character: Character]) -> String {
        // Invisible scalars first (a zero-width space, a soft hyphen, a variation selector: helper
        // 191 #2, "加\u{200B}微信" and "代\u{FE0F}購" passed): titles and descriptions may carry them.
        var visible = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isInvisible(scalar) { visible.append(scalar) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        func endPhrase() { if !out.isEmpty, out.last != boundary { out.append(boundary) } }
        // Between two Latin letters or digits a space separates words; between ideographs it is
        // spacing inside a phrase.
        var spaced = false
        for character in String(visible).lowercased().map(ascii) {
            if phraseEnds.contains(character) {
                endPhrase()
                spaced = false
            } else if character.isWhitespace {
                spaced = true
            } else if character.isPunctuation || character.isSymbol {
                continue
            } else {
                if spaced, let last = out.last, isLatin(last), isLatin(character) { endPhrase() }
                spaced = false
                out.append(simplified[character] ?? character)
            }
        }
        return out
    }

    /// Format characters and every other default-ignorable scalar (variation selectors among them).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .format || scalar.properties.isDefaultIgnorableCodePoint
    }

    /// Full-width ASCII as ASCII, lower-cased.
    static func ascii(_ character: Character) -> Character {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first, (0xFF01...0xFF5E).contains(scalar.value),
              let ascii = Unicode.Scalar(scalar.value - 0xFEE0)
        else { return character }
        return Character(String(ascii).lowercased())
    }

    static func isLatin(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }
}
