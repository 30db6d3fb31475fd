import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

@Suite struct IdempotencyAndBackupTests {
    @Test func claimReplayMismatchAndExpiry() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        func claim(_ hash: String) throws -> IdempotencyCommands.Claim {
            try fixture.store.transactionSync { tx in
                try IdempotencyCommands.claim(tx.db, principal: admin, key: "k1", requestHash: hash, now: tx.now, ttl: 3600)
            }
        }
        #expect(try claim("h1") == .proceed)
        #expect(try claim("h1") == .inProgress)
        #expect(try claim("h2") == .mismatch)
        let stored = StoredResponse(status: 201, headers: [["Content-Type", "application/json"]], body: Data("{}".utf8))
        try fixture.store.transactionSync { tx in try IdempotencyCommands.complete(tx.db, principal: admin, key: "k1", response: stored) }
        #expect(try claim("h1") == .replay(stored))
        fixture.clock.advance(by: 3601)
        #expect(try claim("h2") == .proceed)  // expired keys are reusable
    }

    @Test func abandonedInProgressClaimsCanBeRetried() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let first = try fixture.store.transactionSync { tx in
            try IdempotencyCommands.claim(tx.db, principal: admin, key: "k", requestHash: "h", now: tx.now, ttl: 3600)
        }
        #expect(first == .proceed)
        fixture.clock.advance(by: IdempotencyCommands.inProgressLease + 1)
        let retry = try fixture.store.transactionSync { tx in
            try IdempotencyCommands.claim(tx.db, principal: admin, key: "k", requestHash: "h", now: tx.now, ttl: 3600)
        }
        #expect(retry == .proceed)
    }

    @Test func purgeRemovesOnlyExpiredKeys() throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        try fixture.store.transactionSync { tx in
            _ = try IdempotencyCommands.claim(tx.db, principal: admin, key: "old", requestHash: "h", now: tx.now, ttl: 10)
            _ = try IdempotencyCommands.claim(tx.db, principal: admin, key: "new", requestHash: "h", now: tx.now, ttl: 1000)
        }
        fixture.clock.advance(by: 11)
        let removed = try fixture.store.transactionSync { tx in try IdempotencyCommands.purgeExpired(tx.db, now: tx.now) }
        #expect(removed == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM idempotency_keys") == 1)
    }

    @Test func onlineBackupIsAConsistentCopy() throws {
        let fixture = try StoreFixture()
        let (result, _) = try fixture.bootstrap()
        let destination = fixture.directory.appendingPathComponent("backup.sqlite").path
        try fixture.database.backup(to: destination)
        let mode = try FileManager.default.attributesOfItem(atPath: destination)[.posixPermissions] as? Int
        #expect(mode == 0o600, "a backup holds phone numbers: owner only, whatever the umask")
        let copy = try AppDatabase(path: destination)
        let names = try copy.readSync { db in try String.fetchAll(db, sql: "SELECT name FROM communities") }
        #expect(names == [result.community.name])
        #expect(try copy.readSync { db in try MigrationRunner.shipped.status(db) }.isCurrent)
        #expect(throws: StoreError.backupDestinationExists(destination)) { try fixture.database.backup(to: destination) }
        #expect(!FileManager.default.fileExists(atPath: destination + ".partial"))
        // A directory is said to be one, with a file name to give (helper 113: "already exists").
        let directory = fixture.directory.path
        #expect(throws: StoreError.backupDestinationIsDirectory(directory)) { try fixture.database.backup(to: directory) }
        #expect(StoreError.backupDestinationIsDirectory("/var/backups/linli/").description
            == "backup destination /var/backups/linli/ is a directory; name the backup file in it, for example /var/backups/linli/linli-YYYYMMDD.sqlite")
    }

    /// Session 23 review: the backup was written at its final name (a cut-off copy looked like a
    /// backup) and a failure writing it was said about the live database ("the disk holding the
    /// database /var/lib/linli/linli.sqlite is full"). It is written beside, flushed and renamed;
    /// a failure names the destination and leaves nothing.
    @Test func aBackupIsWrittenBesideAndNamedOnlyWhenComplete() throws {
        let fixture = try StoreFixture()
        _ = try fixture.bootstrap()
        let destination = fixture.directory.appendingPathComponent("nightly.sqlite").path
        try Data("half a backup from a killed run".utf8).write(to: URL(fileURLWithPath: destination + ".partial"))
        try fixture.database.backup(to: destination)
        #expect(!FileManager.default.fileExists(atPath: destination + ".partial"), "the leftover is replaced, then renamed")
        #expect(try AppDatabase(path: destination).readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM communities") } == 1)

        let missing = fixture.directory.appendingPathComponent("no-such-dir/nightly.sqlite").path
        let thrown = #expect(throws: DatabaseFileError.self) { try fixture.database.backup(to: missing) }
        #expect(thrown?.path == missing, "\(String(describing: thrown))")
        #expect(thrown?.description.contains(fixture.path) == false, "the live database is blamed")
        #expect(!FileManager.default.fileExists(atPath: missing) && !FileManager.default.fileExists(atPath: missing + ".partial"))
    }

    /// A second backup to the same name while one runs (cron and a hand-run one on the same
    /// night) deleted the first one's partial copy under it, so the final name could get a copy
    /// neither finished. The partial file is held under a lock: the second is refused, and a
    /// lock left by nobody (a killed run) does not stand in the way.
    @Test func oneBackupAtATimePerDestination() throws {
        let fixture = try StoreFixture()
        _ = try fixture.bootstrap()
        let destination = fixture.directory.appendingPathComponent("nightly.sqlite").path
        let running = open(destination + ".partial", O_RDWR | O_CREAT, 0o644)
        #expect(running >= 0 && flock(running, LOCK_EX | LOCK_NB) == 0)
        #expect(throws: StoreError.backupInProgress(destination)) { try fixture.database.backup(to: destination) }
        #expect(FileManager.default.fileExists(atPath: destination + ".partial"), "the running backup's copy is left alone")
        #expect(!FileManager.default.fileExists(atPath: destination))
        _ = flock(running, LOCK_UN)
        try fixture.database.backup(to: destination)
        #expect(try AppDatabase(path: destination).readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM communities") } == 1)
        #expect(!FileManager.default.fileExists(atPath: destination + ".partial"))
        _ = Glibc.close(running)
    }

    /// Review of this session: a destination without hard links (FAT, SMB, FUSE mounts) failed
    /// every backup. Where `link` cannot be used the copy is renamed, the name checked free
    /// first. A link across file systems (EXDEV: /dev/shm to the temporary directory, when they
    /// are two) takes the same path.
    @Test func aCopyIsNamedWithoutHardLinksToo() throws {
        guard FileManager.default.fileExists(atPath: "/dev/shm") else { return }
        let fixture = try StoreFixture()
        let partial = "/dev/shm/linli-backup-\(UUID().uuidString).partial"
        try Data("copy".utf8).write(to: URL(fileURLWithPath: partial))
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let destination = fixture.directory.appendingPathComponent("nightly.sqlite").path
        try AppDatabase.name(partial, as: destination)
        #expect(try String(contentsOfFile: destination, encoding: .utf8) == "copy")
        #expect(!FileManager.default.fileExists(atPath: partial))
        try Data("again".utf8).write(to: URL(fileURLWithPath: partial))
        #expect(throws: StoreError.backupDestinationExists(destination)) { try AppDatabase.name(partial, as: destination) }
    }

    /// Review of session 24: every I/O error during a backup was said about the destination,
    /// though the backup also reads the live database. A failed read is left for the caller to
    /// say about the database; a failed write, a full disk or a refused file is the copy's.
    @Test(arguments: [
        (ResultCode.SQLITE_IOERR_READ, false), (.SQLITE_IOERR_SHORT_READ, false), (.SQLITE_IOERR_WRITE, true),
        (.SQLITE_IOERR_FSYNC, true), (.SQLITE_FULL, true), (.SQLITE_CANTOPEN, true), (.SQLITE_CORRUPT, false),
    ])
    func aBackupErrorIsSaidAboutTheSideItCameFrom(code: ResultCode, aboutDestination: Bool) {
        let error = DatabaseError(resultCode: code, message: "disk I/O error")
        let said = AppDatabase.destinationProblem(error, destination: "/backups/nightly.sqlite")
        #expect(((said as? DatabaseFileError)?.path == "/backups/nightly.sqlite") == aboutDestination, "\(code): \(said)")
        if !aboutDestination { #expect((said as? DatabaseError)?.extendedResultCode == code) }
    }
}
