import Foundation

/// A statement as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they contain a
/// comma, quote or line break, quotes doubled), for residents and station staff who keep their
/// own books in a spreadsheet.
///
/// Two spreadsheet-specific choices: the file starts with a UTF-8 byte-order mark, without which
/// Excel shows Chinese text as mojibake; and text cells that begin with `=`, `+`, `-`, `@`, tab or
/// carriage return get a leading apostrophe, so a reason typed as `=HYPERLINK(…)` is shown, never
/// executed (CSV formula injection). Numbers are written as plain integers.
public enum StatementCSV {
    public static let byteOrderMark = "\u{FEFF}"
    public static let header = [
        "seq", "transfer_id", "created_at", "kind", "category", "reason", "amount", "balance_after", "counterparty",
        "reference", "memo",
    ]

    /// Renders the header and one row per entry; times are shown in `timeZone` with their offset.
    public static func render(_ entries: [StatementEntry], timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var out = byteOrderMark + line(header)
        for entry in entries {
            out += line([
                String(entry.seq), entry.transferID.rawValue, formatter.string(from: entry.createdAt.date),
                entry.kind.rawValue, text(entry.category), text(entry.reason), String(entry.amount),
                String(entry.balanceAfter), entry.counterparties.map(\.rawValue).joined(separator: " "),
                text(entry.reference), text(entry.memo),
            ])
        }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// Decided and doubled byte by byte, as a spreadsheet reads the file: Swift compares whole
    /// characters, and a comma or quote inside one (`"\u{600},"`, `",\u{301}"`) is not equal to
    /// `","`, so it went out unquoted and opened a new column a listing title could fill.
    static func quote(_ field: String) -> String {
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
    static func text(_ value: String?) -> String {
        guard let value, let first = value.unicodeScalars.first else { return "" }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + value : value
    }
}
