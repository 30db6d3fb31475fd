/// Finds a character libyaml's reader refuses in otherwise valid UTF-8 text.
///
/// YAML allows tab, line breaks and printable characters only. A stray control character (a
/// form feed, `DEL`, a `^Z` an old editor left at the end) in a file that is valid UTF-8 was told
/// as `rules.not_utf8` at 0:0, "cannot decode the file: control characters are not allowed",
/// with advice to save as UTF-8 that cannot help and no place to look for a character nobody can
/// see (helper 179 #2). The scan names the first one, where it is, by its code point.
enum RefusedCharacterScan {
    /// What libyaml's reader accepts (`yaml_parser_update_buffer`): tab, LF, CR, printable ASCII,
    /// NEL, and everything from U+00A0 up but surrogates and U+FFFE/U+FFFF.
    static func isAccepted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// The first refused character, with its 1-based line and column (columns count code points,
    /// as every other diagnostic does); nil when there is none.
    static func first(in text: String) -> (line: Int, column: Int, scalar: Unicode.Scalar)? {
        var line = 1, column = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 0
                continue
            }
            column += 1
            if !isAccepted(scalar) { return (line, column, scalar) }
        }
        return nil
    }

    /// `U+007F`.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
