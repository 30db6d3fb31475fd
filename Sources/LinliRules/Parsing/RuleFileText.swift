import Foundation

/// The text of a rule file's bytes.
///
/// A leading UTF-8 byte-order mark (Windows Notepad writes one) is not part of the content: the
/// same file saved with and without it is one version with one content hash. Foundation's
/// `String(data:encoding:)` dropped it on some paths and not others, so the API hashed a file
/// without its mark while `compile(data:)` called the same bytes "not UTF-8".
public enum RuleFileText {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The UTF-8 text without a leading byte-order mark; nil when the bytes are not UTF-8.
    public static func decode(_ data: Data) -> String? {
        var bytes = Array(data)
        if bytes.starts(with: byteOrderMark) { bytes.removeFirst(byteOrderMark.count) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Why bytes that are not UTF-8 are not, for a member of the norm-revision group: where the
    /// first byte that is not UTF-8 stands and what the file probably is (UTF-16 from Word's
    /// "Unicode text", GBK from Chinese Windows' "ANSI"), and how to save it (helper 121: "not
    /// valid UTF-8 text" at 0:0, nothing more).
    public static func problem(_ data: Data, fileName: String) -> RuleDiagnostic {
        var bytes = Array(data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return RuleDiagnostic(
                code: .notUTF8, file: fileName, line: 0, column: 0,
                en: "the file is saved as UTF-16 (\"Unicode\" in Notepad or Word); save it as UTF-8 (Save as → Encoding: UTF-8)",
                zh: "文件是 UTF-16 编码（记事本或 Word 中的“Unicode”），请另存为 UTF-8 编码（另存为 → 编码：UTF-8）")
        }
        if bytes.starts(with: byteOrderMark) { bytes.removeFirst(byteOrderMark.count) }
        // The longest valid prefix, then where its end stands.
        var valid = bytes.count
        var low = 0, high = bytes.count
        while low < high {
            let middle = (low + high + 1) / 2
            if validPrefix(bytes, middle) { low = middle } else { high = middle - 1 }
        }
        valid = low
        // A prefix can end inside a character that is valid with its next bytes; step back to a
        // character boundary that decodes.
        while valid > 0, String(validating: bytes[..<valid], as: UTF8.self) == nil { valid -= 1 }
        // Counted in scalars: a Swift string reads `\r\n` as one character, and a Windows file (as
        // Notepad saves GBK) was one long line (helper 123). A line break is LF, CRLF or a lone CR.
        var line = 1, column = 1
        var previous: Unicode.Scalar?
        for scalar in String(decoding: bytes[..<valid], as: UTF8.self).unicodeScalars {
            if scalar == "\n" {
                if previous != "\r" { line += 1 }
                column = 1
            } else if scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previous = scalar
        }
        let rest = bytes[valid...]
        let looksGBK = rest.count >= 2 && (0x81...0xFE).contains(rest[rest.startIndex]) && (0x40...0xFE).contains(rest[rest.startIndex + 1])
        let guess = looksGBK
            ? (en: "it looks like GBK/GB18030 text, what Chinese Windows saves as \"ANSI\"", zh: "看起来是 GBK/GB18030 编码（中文 Windows 的“ANSI”）")
            : (en: "the file is in another encoding", zh: "文件是其他编码")
        return RuleDiagnostic(
            code: .notUTF8, file: fileName, line: line, column: column,
            en: "not UTF-8 text from here on: \(guess.en); save the file as UTF-8 (Save as → Encoding: UTF-8)",
            zh: "从此处起不是 UTF-8 文本：\(guess.zh)；请把文件另存为 UTF-8 编码（另存为 → 编码：UTF-8）")
    }

    private static func validPrefix(_ bytes: [UInt8], _ count: Int) -> Bool {
        // Valid UTF-8 up to `count`, allowing the last character to be cut off.
        var end = count
        for _ in 0..<4 {
            if String(validating: bytes[..<end], as: UTF8.self) != nil { return true }
            if end == 0 { return true }
            end -= 1
        }
        return false
    }
}
