import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
/// The C `close`, which the instance method of the same name hides inside the type.
private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// The database handle: one SQLite file in WAL mode (or an in-memory database for tests), opened
/// with the pragmas Linli relies on. Owns nothing else; migrations are `MigrationRunner`'s job.
public final class AppDatabase: Sendable {
    /// The GRDB writer (a `DatabasePool` for files, a `DatabaseQueue` in memory).
    public let writer: any DatabaseWriter
    /// File path, or nil for an in-memory database.
    public let path: String?
    /// Transaction counts and timings (metrics attach a sink to it).
    public let observer = DatabaseObserver()
    /// Raised after each commit that wrote outbox events (and by the delivery worker when a send
    /// finishes): what the delivery worker waits on between polls.
    public let outboxActivity: ActivitySignal
    /// Changes to webhook endpoints and messages made by anyone but the delivery worker.
    public let webhookChanges: WebhookChangeTracker
    /// Moves on every commit that changed tokens or members (see `AuthGeneration`).
    public let authGeneration = AuthGeneration()

    /// Opens (creating if needed) a database file in WAL mode, with `durability`
    /// (`DatabaseDurability`: `normal` by default, durable against application crashes and
    /// several times FULL's commit rate; `full` also against power loss).
    /// A file that cannot be used (missing directory, not a database, locked, read-only) throws
    /// `DatabaseFileError`, which says so with the path.
    public init(path: String, durability: DatabaseDurability = .normal) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if let blocked = PathReach.blockingDirectory(of: path) {
            // Not "does not exist and cannot be created": it may well exist (helper 116).
            throw DatabaseFileError(path: path, problem: .directoryNotReachable(directory: blocked))
        }
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                let cause = Self.cause(creating: directory, error)
                throw DatabaseFileError(path: path, problem: .directoryUnavailable(directory: directory, cause: cause))
            }
        }
        if let tables = Self.anotherProgramsTables(at: path) {
            throw DatabaseFileError(path: path, problem: .anotherProgramsDatabase(tables: tables))
        }
        // A new database holds residents' names and phone numbers: it is created readable by the
        // service's user alone, whatever the umask (helper 136: 0644 under umask 022; only the
        // systemd unit's UMask protected it). SQLite gives the -wal and -shm files the same mode.
        if path != ":memory:", !path.hasPrefix("file:"), !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let outboxActivity = ActivitySignal()
        self.outboxActivity = outboxActivity
        self.webhookChanges = WebhookChangeTracker(signal: outboxActivity)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(durability: durability))
            // GRDB sets the writer to NORMAL when it turns WAL mode on, after `prepareDatabase` ran:
            // the writer, whose commits are the ones that wait, gets the setting again here.
            try pool.writeWithoutTransaction { db in try db.execute(sql: durability.pragma) }
        } catch {
            throw DatabaseFileError.classify(error, path: path) ?? error
        }
        self.writer = pool
        self.path = path
        addObservers()
    }

    /// The first tables of an existing, non-empty SQLite file that has tables but no migrations
    /// ledger (`schema_migrations`): another program's database, which Linli must not open for
    /// writing (the pool turns it to WAL mode) nor migrate. Read through a read-only connection;
    /// nil for a new or empty file, a Linli database, or a file this check cannot read (the
    /// pool's own open then says what is wrong with it).
    static func anotherProgramsTables(at path: String) -> [String]? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        guard let (names, ledgerColumns) = try? DatabaseQueue(path: path, configuration: configuration).read({ db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"),
             try Set(Row.fetchAll(db, sql: "PRAGMA table_info(\(MigrationRunner.ledgerTable))").map { $0["name"] as String }))
        }) else { return nil }
        // Rails, golang-migrate and dbmate name their ledger `schema_migrations` too, with a
        // `version` column (helper 116): Linli's has `name` and `checksum`.
        let linlis = ledgerColumns.isSuperset(of: ["name", "checksum", "applied_at"])
        guard !names.isEmpty, !linlis else { return nil }
        return Array(names.filter { $0 != MigrationRunner.ledgerTable || !linlis }.prefix(5))
    }

    /// An in-memory database (tests and benchmarks that do not need a file).
    public init(inMemoryNamed name: String? = nil) throws {
        let configuration = Self.configuration()
        let outboxActivity = ActivitySignal()
        self.outboxActivity = outboxActivity
        self.webhookChanges = WebhookChangeTracker(signal: outboxActivity)
        self.writer = try name.map { try DatabaseQueue(named: $0, configuration: configuration) }
            ?? DatabaseQueue(configuration: configuration)
        self.path = nil
        addObservers()
    }

    /// The commit observers every database carries: outbox wake-ups, cached-principal
    /// invalidation, and the delivery worker's view of others' webhook changes.
    private func addObservers() {
        let outboxActivity = self.outboxActivity
        writer.add(
            transactionObserver: TableCommitObserver(tables: ["outbox_events"], onCommit: { outboxActivity.notify() }),
            extent: .databaseLifetime)
        writer.add(transactionObserver: authGeneration.observer(), extent: .databaseLifetime)
        writer.add(transactionObserver: webhookChanges, extent: .databaseLifetime)
    }

    /// How long a connection waits for another's lock before failing with SQLITE_BUSY.
    static let busyTimeout: TimeInterval = 5

    /// Why `directory` could not be created, in words found by looking at the nearest part of the
    /// path that exists (Foundation's error says only "The operation could not be completed.
    /// (NSCocoaErrorDomain error 512.)").
    static func cause(creating directory: String, _ error: any Error) -> String {
        var existing = URL(fileURLWithPath: directory)
        while existing.path != "/" && !FileManager.default.fileExists(atPath: existing.path) {
            existing = existing.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory)
        if !isDirectory.boolValue { return "\(existing.path) is a file, not a directory" }
        if !FileManager.default.isWritableFile(atPath: existing.path) { return "\(existing.path) is not writable by this user" }
        return error.localizedDescription
    }

    static func configuration(durability: DatabaseDurability = .normal) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Writers wait (bounded) for each other instead of failing at once with SQLITE_BUSY,
        // which matters when the CLI (e.g. `linli admin token`) runs beside the server.
        configuration.busyMode = .timeout(busyTimeout)
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            try db.execute(sql: durability.pragma)
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Pages of the main file (up to 1 GiB of it) are read through a shared memory map instead
            // of one pread into each connection's private 2 MiB cache. With 100,000 listings every
            // insert touches leaf pages of eight indexes that no longer fit that cache, and copying
            // them in was a fifth of the writer's time: `linli admin seed-listings` runs about 30 %
            // faster with the map (docs/performance.md). Writes still go through the WAL.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        return configuration
    }

    /// Runs a read-only block in one snapshot-isolated read transaction.
    public func read<T: Sendable>(_ block: @Sendable @escaping (Database) throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer { observer.recordTransaction(kind: .read, duration: ContinuousClock.now - start) }
        return try await writer.read(block)
    }

    /// Runs a block in one write transaction: everything in it commits together or not at all.
    public func write<T: Sendable>(_ block: @Sendable @escaping (Database) throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer { observer.recordTransaction(kind: .write, duration: ContinuousClock.now - start) }
        return try await writer.write(block)
    }

    /// Synchronous variants for command-line tools and benchmarks (never call from async code).
    public func readSync<T>(_ block: (Database) throws -> T) throws -> T {
        try writer.read(block)
    }

    public func writeSync<T>(_ block: (Database) throws -> T) throws -> T {
        try writer.write(block)
    }

    /// Whether the database answers a trivial query (readiness probe).
    public func isReachable() async -> Bool {
        (try? await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// How many reader connections the pool may open (1 for an in-memory queue).
    public var maximumReaderCount: Int { writer.configuration.maximumReaderCount }

    /// Bytes used by the main file and the WAL (0 in memory), for metrics and operations.
    public func fileSizes() -> (database: Int64, wal: Int64) {
        guard let path else { return (0, 0) }
        func size(_ file: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (size(path), size(path + "-wal"))
    }

    /// Writes a consistent copy of the live database to `destination` using SQLite's online
    /// backup API, without stopping writers. Refuses to overwrite an existing file.
    ///
    /// The copy is written to `destination.partial`, flushed to disk, and only then given its
    /// name (`name(_:as:)`, never over a file that appeared meanwhile): a backup cut off by a
    /// full disk or a kill never lies at the name a restore would pick up. One backup at a time
    /// per destination (`StoreError.backupInProgress`).
    /// A failure to write the copy is said about the destination (`DatabaseFileError` with its
    /// path): "the disk holding the database … is full" named the live database before.
    public func backup(to destination: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard !files.fileExists(atPath: destination, isDirectory: &isDirectory) else {
            throw isDirectory.boolValue ? StoreError.backupDestinationIsDirectory(destination) : StoreError.backupDestinationExists(destination)
        }
        let partial = destination + ".partial"
        func removePartial() {
            for file in [partial, partial + "-journal"] { try? files.removeItem(atPath: file) }
        }
        // The partial file is held under an exclusive `flock` for the whole backup: a second
        // backup to the same name (cron and a hand-run one on the same night) is refused instead
        // of deleting the first one's copy under it, which could give the final name a copy
        // neither of them finished. The lock goes with the process, so what a killed run left
        // is simply taken over.
        //
        // Owner only (0600, also for a partial file an older run left): a backup holds members'
        // phone numbers, and the cron job that takes it has no service unit's UMask.
        let held = open(partial, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard held >= 0 else {
            let message = String(cString: strerror(errno))
            throw DatabaseFileError(path: destination, problem: DatabaseFileError.cannotOpen(path: destination, message: message))
                .asBackupDestination()
        }
        defer { _ = closeDescriptor(held) }
        guard fchmod(held, 0o600) == 0 else {
            throw DatabaseFileError(path: destination, problem: .ioFailure(String(cString: strerror(errno)))).asBackupDestination()
        }
        guard flock(held, LOCK_EX | LOCK_NB) == 0 else { throw StoreError.backupInProgress(destination) }
        guard ftruncate(held, 0) == 0 else {
            throw DatabaseFileError(path: destination, problem: .ioFailure(String(cString: strerror(errno)))).asBackupDestination()
        }
        try? files.removeItem(atPath: partial + "-journal")  // left by an interrupted run
        do {
            let target = try DatabaseQueue(path: partial)
            do {
                try writer.backup(to: target)
            } catch {
                try? target.close()
                throw error
            }
            try target.close()
            try Self.synchronize(partial)
            try Self.name(partial, as: destination)
        } catch {
            removePartial()
            throw Self.destinationProblem(error, destination: destination)
        }
    }

    /// Gives the complete copy its name without replacing a file that appeared meanwhile: a hard
    /// link (which fails if the name is taken), or, on a file system without hard links (FAT,
    /// many SMB and FUSE mounts), a rename after checking the name is still free. The directory
    /// is flushed afterwards where the file system allows it; one that refuses does not make a
    /// complete backup a failure.
    static func name(_ partial: String, as destination: String) throws {
        let files = FileManager.default
        if link(partial, destination) == 0 {
            try files.removeItem(atPath: partial)
        } else {
            let code = errno
            guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS, EXDEV, EMLINK].contains(code) else {
                if code == EEXIST { throw StoreError.backupDestinationExists(destination) }
                throw DatabaseFileError(path: destination, problem: .ioFailure(String(cString: strerror(code)))).asBackupDestination()
            }
            guard !files.fileExists(atPath: destination) else { throw StoreError.backupDestinationExists(destination) }
            try files.moveItem(atPath: partial, toPath: destination)
        }
        try? synchronize(URL(fileURLWithPath: destination).deletingLastPathComponent().path)
    }

    /// A backup failure that is about the file being written, said about `destination`; one
    /// about the live database (damaged, locked, a failed read) is left for the caller to classify
    /// with its path.
    static func destinationProblem(_ error: any Error, destination: String) -> any Error {
        if let error = error as? DatabaseError {
            // The backup reads the live database and writes the copy: a read error is the source's.
            if [.SQLITE_IOERR_READ, .SQLITE_IOERR_SHORT_READ].contains(error.extendedResultCode) { return error }
            switch error.resultCode {
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_FULL, .SQLITE_IOERR:
                return DatabaseFileError.classify(error, path: destination)?.asBackupDestination() ?? error
            default:
                return error
            }
        }
        if let error = error as? CocoaError, error.code == .fileWriteFileExists {
            return StoreError.backupDestinationExists(destination)
        }
        if error is CocoaError {
            return DatabaseFileError(path: destination, problem: .ioFailure(error.localizedDescription)).asBackupDestination()
        }
        return error
    }

    /// Flushes a file (or a directory's entries) to disk.
    static func synchronize(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DatabaseFileError(path: path, problem: .ioFailure("cannot open it to flush it to disk"))
        }
        defer { try? handle.close() }
        try handle.synchronize()
    }

    /// Checkpoints the WAL and closes every connection. `.passive` (the default) copies what no
    /// reader still needs and waits for no one: a command-line run (`admin backup`, `ledger
    /// verify`, `admin token`) closing beside the running server must not stall its writes, and
    /// `.truncate` did, for up to the busy timeout while any read was open (helper 180 #1). The
    /// server's own graceful shutdown passes `.truncate`, leaving the main file whole. (SQLite
    /// checkpoints fully anyway when the last connection to the file closes.)
    public func close(checkpoint mode: Database.CheckpointMode = .passive) throws {
        if let pool = writer as? DatabasePool {
            _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(mode) }
            try pool.close()
        } else if let queue = writer as? DatabaseQueue {
            try queue.close()
        }
    }
}
