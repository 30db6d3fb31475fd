import Foundation
import GRDB
@testable import LinliStore
import LinliTestSupport
import Testing

/// What an operator reads when the database file cannot be used: the path and the cause in words,
/// never SQLite's `SQLite error 26: file is not a database` or Foundation's NSCocoaErrorDomain text.
@Suite struct DatabaseFileErrorTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-dbfile") }

    /// The SQLite result codes a file problem comes with, each said with the path and what to do.
    /// (Read-only and locked files cannot be made for root, who runs these tests: the codes stand in.)
    @Test(arguments: [
        (ResultCode.SQLITE_NOTADB, "is not a Linli (SQLite) database"),
        (.SQLITE_READONLY, "is read-only for this user"),
        (.SQLITE_BUSY, "is locked by another program"),
        (.SQLITE_LOCKED, "is locked by another program"),
        (.SQLITE_CORRUPT, "is damaged"),
        (.SQLITE_FULL, "is full"),
        (.SQLITE_IOERR_WRITE, "cannot read or write the database"),
    ])
    func sqliteCodesAreSaidInWords(code: ResultCode, expected: String) throws {
        let path = scratch.url.appendingPathComponent("linli.sqlite").path
        let problem = try #require(DatabaseFileError.classify(DatabaseError(resultCode: code), path: path))
        #expect(problem.description.contains(path), "\(problem)")
        #expect(problem.description.contains(expected), "\(problem)")
        #expect(!problem.description.contains("SQLite error"), "\(problem)")
    }

    /// Helper 136: a writable file in a directory Linli may not write in (where SQLite creates the
    /// -wal and -shm) was told as a read-only file. (Root writes everywhere: the file system's
    /// answer is given.)
    @Test(arguments: [
        (true, false, "the directory /srv/linli is not writable by this user"),
        (false, false, "is read-only for this user"),
        (false, true, "is read-only for this user"),
    ])
    func aReadOnlyDirectoryIsNamed(fileWritable: Bool, directoryWritable: Bool, expected: String) {
        let path = "/srv/linli/linli.sqlite"
        let problem = DatabaseFileError.readOnly(path: path) { $0 == path ? fileWritable : directoryWritable }
        #expect(DatabaseFileError(path: path, problem: problem).description.contains(expected), "\(problem)")
    }

    /// Other database errors (a constraint, a syntax error) are no file problem: they keep their text.
    @Test func otherErrorsAreNotClassified() {
        #expect(DatabaseFileError.classify(DatabaseError(resultCode: .SQLITE_CONSTRAINT), path: "x") == nil)
        #expect(DatabaseFileError.classify(CocoaError(.fileReadNoSuchFile), path: "x") == nil)
    }

    /// "unable to open database file" is told apart by looking at the path: a directory named as
    /// the file, or a directory Linli may not write in.
    @Test func cannotOpenADirectory() throws {
        let directory = scratch.url.path
        let problem = try #require(DatabaseFileError.classify(DatabaseError(resultCode: .SQLITE_CANTOPEN), path: directory))
        #expect(problem.problem == .isDirectory)
        #expect(problem.description.contains("\(directory) is a directory"))
    }

    /// Opening a file that is not a database, or under a path whose directory cannot be created,
    /// throws the classified error straight from `AppDatabase`, and leaves the file as it was.
    @Test func openingThrowsTheClassifiedError() throws {
        let notADatabase = scratch.url.appendingPathComponent("notes.txt")
        try Data(String(repeating: "shopping list\n", count: 200).utf8).write(to: notADatabase)
        #expect(throws: DatabaseFileError(path: notADatabase.path, problem: .notADatabase)) {
            try AppDatabase(path: notADatabase.path)
        }
        #expect(try String(contentsOf: notADatabase, encoding: .utf8).hasPrefix("shopping list"))
        let blocked = notADatabase.appendingPathComponent("sub/linli.sqlite").path
        #expect {
            try AppDatabase(path: blocked)
        } throws: { error in
            guard let error = error as? DatabaseFileError, case .directoryUnavailable(let directory, _) = error.problem else { return false }
            return directory == notADatabase.appendingPathComponent("sub").path
                && error.description.contains("(\(notADatabase.path) is a file, not a directory)")
                && !error.description.contains("NSCocoaErrorDomain")
        }
    }

    /// Helper 113: `linli migrate --db` naming another program's SQLite database added Linli's 56
    /// tables to it and turned it to WAL mode. It is refused before anything is written; a new
    /// file, an empty one and a Linli database open as before.
    @Test func anotherProgramsDatabaseIsLeftAsItWas() throws {
        let other = scratch.url.appendingPathComponent("shop.sqlite").path
        try DatabaseQueue(path: other).write { db in
            try db.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('王')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: other))
        #expect(throws: DatabaseFileError(path: other, problem: .anotherProgramsDatabase(tables: ["customers"]))) {
            try AppDatabase(path: other)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before, "not turned to WAL, nothing added")
        let message = DatabaseFileError(path: other, problem: .anotherProgramsDatabase(tables: ["customers"])).description
        #expect(message.contains("another program's SQLite database") && message.contains("customers") && message.contains("left the file as it was"))

        // Helper 116: Rails (and golang-migrate, dbmate) name their ledger `schema_migrations` too.
        let rails = scratch.url.appendingPathComponent("rails.sqlite").path
        try DatabaseQueue(path: rails).write { db in
            try db.execute(sql: "CREATE TABLE schema_migrations (version varchar PRIMARY KEY); CREATE TABLE users (id INTEGER PRIMARY KEY)")
        }
        let railsBefore = try Data(contentsOf: URL(fileURLWithPath: rails))
        #expect(throws: DatabaseFileError(path: rails, problem: .anotherProgramsDatabase(tables: ["schema_migrations", "users"]))) {
            try AppDatabase(path: rails)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: rails)) == railsBefore)

        let empty = scratch.url.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let linli = try AppDatabase(path: empty)
        try MigrationRunner.shipped.migrate(linli, now: Date())
        try linli.close()
        _ = try AppDatabase(path: empty)  // a Linli database opens again
    }

    /// Helper 116: a database behind a directory the user may not enter read "does not exist and
    /// cannot be created" (or "not writable"); it is said as unreachable, for the database and for
    /// a backup's destination. (Which directory blocks is `PathReachTests`'s; as root none does.)
    @Test func anUnreachableDirectoryIsNamedAsSuch() {
        let problem = DatabaseFileError(path: "/srv/closed/linli.sqlite", problem: .directoryNotReachable(directory: "/srv/closed"))
        #expect(problem.description.contains("cannot reach the database /srv/closed/linli.sqlite: the directory /srv/closed may not be entered"))
        #expect(!problem.description.contains("does not exist"))
        #expect(problem.asBackupDestination().description.contains("the directory /srv/closed may not be entered by this user"))
    }
}
