import Foundation
import GRDB
import GRDBSQLite

/// Reads the current row of a statement that a GRDB cursor has just stepped, straight from SQLite
/// (column bytes and integers), for `ledger verify`'s million-row scans: no `Row` lookups and no
/// `String` per field. Text bytes are valid only until the statement steps again.
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

    /// Whether a text column holds exactly `expected` (false for NULL).
    func equals(_ column: Int32, _ expected: [UInt8]) -> Bool {
        guard let value = bytes(column), value.count == expected.count else { return false }
        guard let actual = value.baseAddress, !expected.isEmpty else { return expected.isEmpty }
        return expected.withUnsafeBufferPointer { memcmp($0.baseAddress!, actual, value.count) == 0 }
    }
}
