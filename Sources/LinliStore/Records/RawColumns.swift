import Foundation
import GRDB
import GRDBSQLite
import LinliDomain

/// Reads the current row of a statement that a GRDB cursor has just stepped, straight from SQLite
/// (column bytes and integers): no `Row` lookups by name and no `String` for what is only compared
/// or parsed. Used by `ledger verify`'s million-row scans and by listing pages. Text bytes are
/// valid only until the statement steps again.
struct RawColumns {
    let statement: SQLiteStatement

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    /// The UTF-8 bytes of a text column; nil for NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard !isNull(column), let start = sqlite3_column_text(statement, column) else { return nil }
        return UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }

    func string(_ column: Int32) -> String? { bytes(column).map { String(decoding: $0, as: UTF8.self) } }

    /// A date column as GRDB reads it, exactly (same `Date` value, tested against GRDB).
    ///
    /// GRDB stores dates as `yyyy-MM-dd HH:mm:ss.SSS` UTC text and reads them back through
    /// `DateComponents` and `Calendar`, which cost a browse page of 20 listings (five dates each)
    /// about 5 % of its CPU. That one text form is parsed here by arithmetic; anything else
    /// (another text form, a number) goes through GRDB's own decoding.
    func date(_ column: Int32) -> Date? {
        guard let text = bytes(column) else { return nil }
        return Self.storedDate(text) ?? Date(sqliteStatement: statement, index: column)
    }

    /// Parses `yyyy-MM-dd HH:mm:ss.SSS` (UTC); nil for any other text. The result is built the
    /// way Foundation's Gregorian calendar builds it from components with nanoseconds (whole days
    /// since 2001 × 86,400, plus the second of the day with its fraction), so it equals what GRDB
    /// returns to the last bit.
    static func storedDate(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let fields = LedgerTimestamp.fields(text) else { return nil }
        let days = fields.daysSinceEpoch - 11_323  // 1970-01-01 → 2001-01-01
        let secondOfDay = Double((fields.hour * 60 + fields.minute) * 60 + fields.second) + Double(fields.millisecond * 1_000_000) / 1e9
        return Date(timeIntervalSinceReferenceDate: Double(days) * 86_400 + secondOfDay)
    }

    /// Whether a text column holds exactly `expected` (false for NULL).
    func equals(_ column: Int32, _ expected: [UInt8]) -> Bool {
        guard let value = bytes(column), value.count == expected.count else { return false }
        guard let actual = value.baseAddress, !expected.isEmpty else { return expected.isEmpty }
        return expected.withUnsafeBufferPointer { memcmp($0.baseAddress!, actual, value.count) == 0 }
    }
}
