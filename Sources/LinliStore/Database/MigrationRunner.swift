import Crypto
import Foundation
import GRDB
import LinliDomain

/// Applies `migrations/*.sql` (embedded in the binary at build time) in name order, each in its
/// own transaction, and records every applied file with its SHA-256 checksum.
///
/// An applied migration that was later edited makes the runner refuse to go on: silently running a
/// schema that differs from what the data was migrated with is how data gets corrupted.
public struct MigrationRunner: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Equatable {
        public let name: String
        public let sql: String
        /// Swift run after the SQL in the same transaction, for a change SQL alone cannot judge
        /// (`MigrationFollowUps`): applied once, with the migration, or not at all. Not part of
        /// the checksum, which covers the file.
        public let followUp: MigrationFollowUp?
        public var checksum: String { MigrationRunner.sha256Hex(sql) }

        /// Marked with a `-- linli:rebuilds-tables` line: applied with foreign keys off (see
        /// `withoutForeignKeys`), because it drops and recreates tables other tables refer to.
        public var rebuildsTables: Bool { sql.contains("\n-- linli:rebuilds-tables\n") || sql.hasPrefix("-- linli:rebuilds-tables\n") }

        public init(name: String, sql: String, followUp: MigrationFollowUp? = nil) {
            self.name = name
            self.sql = sql
            self.followUp = followUp
        }

        public static func == (lhs: Migration, rhs: Migration) -> Bool {
            lhs.name == rhs.name && lhs.sql == rhs.sql && (lhs.followUp == nil) == (rhs.followUp == nil)
        }
    }

    /// Where a database stands relative to the shipped migrations.
    public struct Status: Sendable, Equatable {
        public var applied: [String]
        public var pending: [String]
        public var edited: [String]
        public var unknown: [String]
        public var isCurrent: Bool { pending.isEmpty && edited.isEmpty && unknown.isEmpty }

        public init(applied: [String], pending: [String], edited: [String], unknown: [String]) {
            self.applied = applied
            self.pending = pending
            self.edited = edited
            self.unknown = unknown
        }
    }

    public let migrations: [Migration]

    /// The migrations shipped in this binary.
    public static let shipped = MigrationRunner(
        migrations: EmbeddedMigrations.files.map { Migration(name: $0.name, sql: $0.contents, followUp: MigrationFollowUps.byName[$0.name]) })

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.name < $1.name }
    }

    static let ledgerTable = "schema_migrations"

    static func ensureLedger(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS \(ledgerTable) (
                name        TEXT PRIMARY KEY,
                checksum    TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )
            """)
    }

    /// Whether the migrations ledger table exists (false on a database never migrated).
    public static func ledgerExists(_ db: Database) throws -> Bool {
        try db.tableExists(ledgerTable)
    }

    /// Compares the database with the shipped migrations without changing anything.
    public func status(_ db: Database) throws -> Status {
        let exists = try db.tableExists(Self.ledgerTable)
        let rows = exists ? try Row.fetchAll(db, sql: "SELECT name, checksum FROM \(Self.ledgerTable) ORDER BY name") : []
        var recorded: [String: String] = [:]
        for row in rows { recorded[row["name"]] = row["checksum"] }
        let shippedNames = Set(migrations.map(\.name))
        return Status(
            applied: rows.map { $0["name"] },
            pending: migrations.filter { recorded[$0.name] == nil }.map(\.name),
            edited: migrations.filter { migration in recorded[migration.name].map { $0 != migration.checksum } ?? false }.map(\.name),
            unknown: recorded.keys.filter { !shippedNames.contains($0) }.sorted())
    }

    /// Throws if the database cannot safely be used by this binary (edited or unknown migrations).
    public func checkIntegrity(_ db: Database) throws {
        let status = try status(db)
        if let name = status.edited.first, let migration = migrations.first(where: { $0.name == name }) {
            let recorded = try String.fetchOne(db, sql: "SELECT checksum FROM \(Self.ledgerTable) WHERE name = ?", arguments: [name]) ?? ""
            throw StoreError.migrationEdited(name: name, recorded: recorded, shipped: migration.checksum)
        }
        if !status.unknown.isEmpty { throw StoreError.unknownMigrations(status.unknown) }
    }

    /// Throws unless the database is exactly this binary's schema: edited or unknown migrations
    /// (`checkIntegrity`), or `StoreError.migrationsPending` ("Run `linli migrate` first"). For
    /// the commands that read a database without migrating it, which would otherwise stop on
    /// whatever raw SQLite error the first missing table or column gives.
    public func requireCurrent(_ database: AppDatabase) throws {
        let pending = try database.readSync { db -> [String] in
            guard try Self.ledgerExists(db) else { return migrations.map(\.name) }
            try checkIntegrity(db)
            return try status(db).pending
        }
        if !pending.isEmpty { throw StoreError.migrationsPending(pending) }
    }

    /// Applies every pending migration, each atomically with its ledger row. Returns the names applied.
    @discardableResult
    public func migrate(_ database: AppDatabase, now: Date) throws -> [String] {
        try database.writeSync { db in
            try Self.ensureLedger(db)
            try checkIntegrity(db)
        }
        var applied: [String] = []
        for migration in migrations {
            let apply = { (db: Database) throws -> Bool in
                let present = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM \(Self.ledgerTable) WHERE name = ?", arguments: [migration.name]) ?? false
                if present { return false }
                try db.execute(sql: migration.sql)
                if let followUp = migration.followUp {
                    try followUp(Transaction(db: db, now: now, ids: RandomIDGenerator(clock: SystemWallClock())))
                }
                try db.execute(
                    sql: "INSERT INTO \(Self.ledgerTable) (name, checksum, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.name, migration.checksum, now])
                return true
            }
            let done = migration.rebuildsTables
                ? try database.writer.writeWithoutTransaction { db in try Self.withoutForeignKeys(db, apply) }
                : try database.writeSync(apply)
            if done { applied.append(migration.name) }
        }
        return applied
    }

    /// Runs a table-rebuilding migration the way SQLite documents for schema changes ALTER TABLE
    /// cannot make (its "12 steps"): foreign keys off outside the transaction, so dropping the old
    /// table does not cascade or fail; then, still inside the transaction, `foreign_key_check` must
    /// find nothing, or everything rolls back; foreign keys go back on whatever happened.
    static func withoutForeignKeys(_ db: Database, _ apply: (Database) throws -> Bool) throws -> Bool {
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
        var done = false
        try db.inTransaction(.immediate) {
            done = try apply(db)
            if let row = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                throw StoreError.migrationBrokeForeignKeys(table: row[0] ?? "?")
            }
            return .commit
        }
        return done
    }

    static func sha256Hex(_ text: String) -> String {
        HexDigits.text(SHA256.hash(data: Data(text.utf8)))
    }
}
