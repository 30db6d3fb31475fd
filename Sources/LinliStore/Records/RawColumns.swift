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
        guard text.count == 23, text[4] == 0x2D, text[7] == 0x2D, text[10] == 0x20, text[13] == 0x3A, text[16] == 0x3A,
            text[19] == 0x2E
        else { return nil }
        var valid = true
        func number(_ start: Int, _ width: Int) -> Int64 {
            var value: Int64 = 0
            for index in start..<(start + width) {
                let digit = text[index] &- 0x30
                if digit > 9 { valid = false }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        let hour = number(11, 2), minute = number(14, 2), second = number(17, 2), milli = number(20, 3)
        guard valid, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = LedgerTimestamp.days(fromCivil: year, month, day) - 11_323  // 1970-01-01 → 2001-01-01
        let secondOfDay = Double((hour * 60 + minute) * 60 + second) + Double(milli * 1_000_000) / 1e9
        return Date(timeIntervalSinceReferenceDate: Double(days) * 86_400 + secondOfDay)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether a text column holds exactly `expected` (false for NULL).
    func equals(_ column: Int32, _ expected: [UInt8]) -> Bool {
        guard let value = bytes(column), value.count == expected.count else { return false }
        guard let actual = value.baseAddress, !expected.isEmpty else { return expected.isEmpty }
        return expected.withUnsafeBufferPointer { memcmp($0.baseAddress!, actual, value.count) == 0 }
    }
}
