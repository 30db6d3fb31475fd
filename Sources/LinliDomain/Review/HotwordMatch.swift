import Foundation

/// Whether a text contains a word, as Foundation's `contains` decides it (canonically
/// equivalent forms match: "cafe\u{301}" contains "café"), without going through `NSString`
/// when neither side holds a character that canonical equivalence could touch.
///
/// Why: the pre-screen searches every submitted listing for each hotword of the rule file, and
/// the bridged search was about a tenth of the database writer's Swift time per listing created.
/// For text made only of ASCII, CJK ideographs and punctuation without decompositions or
/// combining marks (what nearly every listing is), canonical equivalence is plain equality of
/// scalars, so a search of the UTF-8 bytes gives the same answer; anything else takes
/// Foundation's search. `HotwordMatchTests` compares both on a table.
public enum HotwordMatch {
    public static func contains(_ text: String, _ word: String) -> Bool {
        guard !word.isEmpty, isPlain(text), isPlain(word) else { return text.contains(word) }
        return bytesContain(Array(text.utf8), Array(word.utf8))
    }

    /// Every scalar is one that no canonical decomposition, composition or reordering involves.
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x00...0x7F: true                  // ASCII
            case 0x2010...0x2027, 0x2030...0x205E: true  // general punctuation (not U+2000/2001, which decompose)
            case 0x3000...0x3029, 0x3030...0x303F: true  // CJK punctuation, without the combining tone marks
            case 0x3400...0x4DBF, 0x4E00...0x9FFF: true  // CJK unified ideographs (not the compatibility ones)
            case 0xFF01...0xFF5E: true              // fullwidth ASCII forms (compatibility mappings only)
            default: false
            }
        }
    }

    static func bytesContain(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard word.count <= text.count else { return false }
        let first = word[0]
        var start = 0
        while start <= text.count - word.count {
            if text[start] == first, text[start..<(start + word.count)].elementsEqual(word) { return true }
            start += 1
        }
        return false
    }
}
