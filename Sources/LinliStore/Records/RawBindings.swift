import Foundation
import GRDB
import GRDBSQLite

/// Binds values straight into a cached statement's SQLite handle, then lets GRDB run it.
///
/// The delivery worker writes a few rows per delivery (message, attempt), and in the pipeline
/// benchmark's profile a quarter of the writer thread went to GRDB's argument handling
/// (`StatementArguments` of existentials, `DatabaseValue` conversion, nested temporary bindings)
/// rather than to SQLite. Here each value is bound once by type (text copied by SQLite); GRDB still
/// executes the statement, so its transaction observers and error reporting see it as usual.
struct RawBindings {
    private let statement: SQLiteStatement
    private var index: Int32 = 1

    /// Binds through `fill`, in parameter order, every parameter of `statement`, and executes it.
    static func execute(_ statement: Statement, _ fill: (inout RawBindings) -> Void) throws {
        // Resets and clears, and tells GRDB the arguments are bound (by us, below).
        statement.setUncheckedArguments(StatementArguments())
        var bindings = RawBindings(statement: statement.sqliteStatement)
        fill(&bindings)
        precondition(Int(bindings.index) - 1 == Int(sqlite3_bind_parameter_count(statement.sqliteStatement)),
                     "every parameter must be bound")
        try statement.execute()
    }

    private init(statement: SQLiteStatement) {
        self.statement = statement
    }

    mutating func bind(_ value: String?) {
        if var value {
            value.withUTF8 { bytes in
                _ = sqlite3_bind_text(statement, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
            }
        } else {
            sqlite3_bind_null(statement, index)
        }
        index += 1
    }

    mutating func bind(_ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    mutating func bind(_ value: Double) {
        sqlite3_bind_double(statement, index, value)
        index += 1
    }

    /// SQLite copies the bytes before `bind` returns (the Swift string may move afterwards).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
