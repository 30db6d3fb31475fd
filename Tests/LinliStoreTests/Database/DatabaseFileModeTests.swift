import Foundation
import LinliStore
import LinliTestSupport
import Testing

/// Helper 136: the live database, which holds residents' names and phone numbers, was created
/// world-readable under umask 022. A new one is the service user's alone, its WAL too.
@Suite struct DatabaseFileModeTests {
    @Test func aNewDatabaseIsReadableByItsOwnerOnly() throws {
        let directory = try TemporaryDirectory(prefix: "linli-mode")
        let path = directory.url.appendingPathComponent("linli.sqlite").path
        let previous = umask(0o022)
        defer { umask(previous) }
        let database = try AppDatabase(path: path)
        _ = try MigrationRunner.shipped.migrate(database, now: Date())
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber).intValue
            #expect(mode & 0o077 == 0, "\(file): \(String(mode, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the WAL is there to check")
    }
}
