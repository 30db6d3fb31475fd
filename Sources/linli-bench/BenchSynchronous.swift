import ArgumentParser
import GRDB
import LinliStore

/// The `PRAGMA synchronous` a benchmark's scratch file is written under. The service runs NORMAL
/// by default (`database.durability`, `DatabaseDurability`): in WAL mode a commit then costs no
/// fsync and survives an application crash, but the last commits may be lost on power loss. FULL
/// (`durability: full`) fsyncs the WAL on every commit, what a bank-strict ledger would need; the
/// benchmark measures both so that cost is a number, not a guess.
enum BenchSynchronous: String, ExpressibleByArgument, CaseIterable {
    case normal, full, both

    /// The settings one run measures, in order.
    var settings: [BenchSynchronous] { self == .both ? [.normal, .full] : [self] }

    /// Switches the database's writer connection (the only one that commits) to this setting and
    /// returns what SQLite reports back, so the printed figure names the setting really in force.
    func apply(to database: AppDatabase) throws -> String {
        let value = self == .full ? "FULL" : "NORMAL"
        return try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(value)")
            let level = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return [0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"][level] ?? "unknown (\(level))"
        }
    }
}
