import Foundation
import GRDB
import LinliStore
import Testing

/// `database.durability` reaches every connection of the pool: the writer and the readers (a
/// reader's setting matters for the checkpoints it may run).
@Suite struct DatabaseDurabilityTests {
    @Test(arguments: [(DatabaseDurability.normal, 1), (.full, 2)])
    func everyConnectionUsesTheSetting(durability: DatabaseDurability, pragma: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-durability-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase(path: directory.appendingPathComponent("linli.sqlite").path, durability: durability)
        #expect(try database.writeSync { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == pragma)
        #expect(try database.readSync { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == pragma)
        #expect(try database.readSync { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func defaultIsNormal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-durability-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase(path: directory.appendingPathComponent("linli.sqlite").path)
        #expect(try database.writeSync { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
    }
}
