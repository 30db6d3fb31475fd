import Foundation
import GRDB
import LinliStore
import Testing

@Suite struct MigrationRunnerTests {
    @Test func appliesShippedMigrationsToAnEmptyDatabaseOnce() throws {
        let database = try AppDatabase()
        let now = Date()
        let applied = try MigrationRunner.shipped.migrate(database, now: now)
        #expect(applied == MigrationRunner.shipped.migrations.map(\.name))
        #expect(applied.first == "0001_foundation.sql")
        #expect(try MigrationRunner.shipped.migrate(database, now: now).isEmpty)
        let status = try database.readSync { db in try MigrationRunner.shipped.status(db) }
        #expect(status.isCurrent)
        for table in ["communities", "households", "members", "access_tokens", "audit_entries", "outbox_events", "idempotency_keys"] {
            #expect(try database.readSync { db in try db.tableExists(table) }, "\(table) missing")
        }
    }

    @Test func refusesAnAppliedMigrationThatWasEdited() throws {
        let database = try AppDatabase()
        let original = MigrationRunner(migrations: [.init(name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);")])
        try original.migrate(database, now: Date())
        let edited = MigrationRunner(migrations: [.init(name: "0001_a.sql", sql: "CREATE TABLE a (x TEXT);")])
        #expect {
            try edited.migrate(database, now: Date())
        } throws: { error in
            guard case StoreError.migrationEdited(let name, _, _) = error else { return false }
            return name == "0001_a.sql" && "\(error)".contains("Never edit an applied migration")
        }
        #expect(try database.readSync { db in try edited.status(db) }.edited == ["0001_a.sql"])
    }

    @Test func refusesADatabaseMigratedByANewerBinary() throws {
        let database = try AppDatabase()
        try MigrationRunner(migrations: [
            .init(name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);"), .init(name: "0002_b.sql", sql: "CREATE TABLE b (x INTEGER);"),
        ]).migrate(database, now: Date())
        let older = MigrationRunner(migrations: [.init(name: "0001_a.sql", sql: "CREATE TABLE a (x INTEGER);")])
        #expect(throws: StoreError.unknownMigrations(["0002_b.sql"])) { try older.migrate(database, now: Date()) }
    }

    @Test func aFailingMigrationLeavesNoTrace() throws {
        let database = try AppDatabase()
        let runner = MigrationRunner(migrations: [
            .init(name: "0001_ok.sql", sql: "CREATE TABLE ok (x INTEGER);"),
            .init(name: "0002_bad.sql", sql: "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;"),
        ])
        #expect(throws: (any Error).self) { try runner.migrate(database, now: Date()) }
        let status = try database.readSync { db in try runner.status(db) }
        #expect(status.applied == ["0001_ok.sql"])
        #expect(status.pending == ["0002_bad.sql"])
        #expect(try database.readSync { db in try db.tableExists("half") } == false)
    }

    @Test func migrationsAreOrderedByName() {
        let runner = MigrationRunner(migrations: [.init(name: "0002_b.sql", sql: ""), .init(name: "0001_a.sql", sql: "")])
        #expect(runner.migrations.map(\.name) == ["0001_a.sql", "0002_b.sql"])
    }
}
