import Foundation

/// A statement as CSV (`SpreadsheetCSV`), for residents and station staff who keep their own books
/// in a spreadsheet. Numbers are written as plain integers.
public enum StatementCSV {
    public static let byteOrderMark = SpreadsheetCSV.byteOrderMark
    public static let header = [
        "seq", "transfer_id", "created_at", "kind", "category", "reason", "amount", "balance_after", "counterparty",
        "reference", "memo", "kind_label",
    ]

    /// Renders the header and one row per entry; times are shown in `timeZone` with their offset,
    /// and `kind_label` (last, so the earlier columns keep their places in existing sheets) in
    /// `language`.
    public static func render(_ entries: [StatementEntry], timeZone: TimeZone, language: Language = .zhCN) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var out = byteOrderMark + line(header)
        for entry in entries {
            out += line([
                entry.isWithheld ? "" : String(entry.seq), entry.isWithheld ? "" : entry.transferID.rawValue, formatter.string(from: entry.createdAt.date),
                entry.kind.rawValue, text(entry.category), text(entry.reason), String(entry.amount),
                String(entry.balanceAfter), entry.counterparties.map(\.rawValue).joined(separator: " "),
                text(entry.reference), text(entry.memo), entry.label(in: language),
            ])
        }
        return out
    }

    static func line(_ fields: [String]) -> String { SpreadsheetCSV.line(fields) }
    static func quote(_ field: String) -> String { SpreadsheetCSV.quote(field) }
    static func text(_ value: String?) -> String { SpreadsheetCSV.text(value) }
}
