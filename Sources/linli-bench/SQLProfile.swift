import Foundation
import GRDB
import LinliStore
import Synchronization

/// `linli-bench ledger --sql-profile`: where the single-client exchanges spend their time, by SQL
/// statement (SQLite's own profile events on the writer connection: total, count, mean).
///
/// CPU profiles of the exchange steps are flat (b-tree searches inside `sqlite3_step`); this names
/// the statement behind them. Session 36 found a helper-busy check that searched every exchange of
/// the community this way (migration 0040).
final class SQLProfile: Sendable {
    private struct Entry { var count = 0; var nanoseconds: UInt64 = 0 }
    private let entries = Mutex<[String: Entry]>([:])

    /// Profiles the writer connection's statements while `body` runs.
    func measure(_ database: AppDatabase, _ body: () throws -> Void) throws {
        try database.writer.writeWithoutTransaction { db in
            db.trace(options: .profile) { [self] event in
                guard case let .profile(statement, duration) = event else { return }
                let key = statement.sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                entries.withLock { $0[key, default: Entry()].count += 1; $0[key, default: Entry()].nanoseconds += UInt64(duration * 1e9) }
            }
        }
        defer { try? database.writer.writeWithoutTransaction { db in db.trace(options: .profile, nil) } }
        try body()
    }

    /// The `limit` statements that took longest in total, per `steps` (e.g. exchanges).
    func print(steps: Int, limit: Int = 15) {
        let sorted = entries.withLock { $0 }.sorted { $0.value.nanoseconds > $1.value.nanoseconds }
        let total = sorted.reduce(UInt64(0)) { $0 + $1.value.nanoseconds }
        Swift.print(String(format: "SQL profile: %.0f µs of statements per exchange (%d distinct statements); the longest in total:",
                           Double(total) / 1e3 / Double(max(steps, 1)), sorted.count))
        for (sql, entry) in sorted.prefix(limit) {
            Swift.print(String(format: "  %7.1f µs/exchange  %6.2f per exchange  %6.1f µs each  %@",
                               Double(entry.nanoseconds) / 1e3 / Double(max(steps, 1)), Double(entry.count) / Double(max(steps, 1)),
                               Double(entry.nanoseconds) / 1e3 / Double(max(entry.count, 1)), String(sql.prefix(160))))
        }
    }
}
