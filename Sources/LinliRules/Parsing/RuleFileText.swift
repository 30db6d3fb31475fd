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
}
