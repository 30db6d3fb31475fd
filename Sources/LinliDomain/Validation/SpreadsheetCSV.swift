/// CSV as spreadsheets read it (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
/// contain a comma, quote or line break, quotes doubled), shared by every export (statements, an
/// event's sign-in sheet).
///
/// Two spreadsheet-specific choices: the file starts with a UTF-8 byte-order mark, without which
/// Excel shows Chinese text as mojibake; and text cells that begin with `=`, `+`, `-`, `@`, tab or
/// carriage return get a leading apostrophe, so a text typed as `=HYPERLINK(…)` is shown, never
/// executed (CSV formula injection).
public enum SpreadsheetCSV {
    public static let byteOrderMark = "\u{FEFF}"

    public static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// Decided and doubled byte by byte, as a spreadsheet reads the file: Swift compares whole
    /// characters, and a comma or quote inside one (`"\u{600},"`, `",\u{301}"`) is not equal to
    /// `","`, so it went out unquoted and opened a new column a listing title could fill.
    public static func quote(_ field: String) -> String {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard field.utf8.contains(where: special) else { return field }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Neutralises spreadsheet formulas in free text.
    public static func text(_ value: String?) -> String {
        guard let value, let first = value.unicodeScalars.first else { return "" }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + value : value
    }
}
