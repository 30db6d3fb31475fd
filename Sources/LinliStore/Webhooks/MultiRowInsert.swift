import GRDB

/// Writes many rows of one table with one `INSERT … VALUES (…), (…), …` per chunk of rows.
///
/// The delivery worker writes a message row per fan-out and an attempt row per result; one
/// statement per row cost a statement start, its bookkeeping and its halt each time, which showed
/// up next to the B-tree work itself in the pipeline benchmark's profile. Chunks are cached
/// statements (at most `chunkRows` different texts per table), bound with `RawBindings`.
struct MultiRowInsert {
    /// Rows per statement: 32 rows of up to 16 columns stay far below SQLite's variable limit.
    static let chunkRows = 32

    /// The statement for `n` rows at `n - 1`.
    private let statements: [String]

    /// - Parameter row: one row's `(?, ?, 'literal', …)`; `bind` must bind exactly its `?`s.
    init(table: String, columns: String, row: String) {
        statements = (1...Self.chunkRows).map { count in
            "INSERT INTO \(table) (\(columns)) VALUES " + Array(repeating: row, count: count).joined(separator: ", ")
        }
    }

    /// Inserts one row per element of `rows`, bound by `bind` in `row`'s parameter order.
    func execute<Row>(_ db: Database, rows: [Row], bind: (Row, inout RawBindings) -> Void) throws {
        var first = 0
        while first < rows.count {
            let count = min(Self.chunkRows, rows.count - first)
            let statement = try db.cachedStatement(sql: statements[count - 1])
            try RawBindings.execute(statement) { bindings in
                for row in rows[first..<(first + count)] { bind(row, &bindings) }
            }
            first += count
        }
    }
}
