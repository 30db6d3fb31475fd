import Foundation
import GRDB
import Testing
@testable import LinliStore

/// The benchmark's floor probe runs on a real migrated file and leaves it as it found it (the
/// exchanges measured after it use the same file).
@Suite struct MinimalExchangeProbeTests {
    @Test func runsAndLeavesNoTablesBehind() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-floor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase(path: directory.appendingPathComponent("floor.sqlite").path)
        try MigrationRunner.shipped.migrate(database, now: Date())
        let tables = { try database.readSync { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema ORDER BY name") } }
        let before = try tables()
        #expect(try MinimalExchangeProbe.exchangesPerSecond(database, count: 50) > 0)
        #expect(try tables() == before)
    }
}
