import Foundation
import GRDB
import LinliStore
import LinliTestSupport
import Testing

/// Helper 180 #1: every `linli` command closed its database with a TRUNCATE checkpoint, which
/// takes the WAL's write lock and waits, up to the busy timeout (5 s), for every reader to catch
/// up: the nightly backup or verify, finishing beside the running server while any read was open,
/// stopped the server's writes for seconds. A command's close now checkpoints passively and
/// waits for no one; the server's own shutdown still truncates.
@Suite struct CommandLineCloseTests {
    @Test func aCommandClosingBesideAnOpenReadDoesNotWaitForIt() throws {
        let directory = try TemporaryDirectory(prefix: "linli-close")
        let path = directory.url.appendingPathComponent("linli.sqlite").path
        let server = try AppDatabase(path: path)
        defer { try? server.close(checkpoint: .truncate) }
        _ = try MigrationRunner.shipped.migrate(server, now: Date())
        // A reader on the server's side holds a snapshot older than the last commit.
        var open = Configuration()
        open.allowsUnsafeTransactions = true
        let reader = try DatabaseQueue(path: path, configuration: open)
        defer { try? reader.close() }
        try reader.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM communities")
        }
        try server.writeSync { db in try db.execute(sql: "CREATE TABLE close_probe (x)") }

        let command = try AppDatabase(path: path)
        _ = try command.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM communities") }
        let started = ContinuousClock.now
        try command.close()
        // A truncating close waits out the busy timeout (5 s) here; a passive one returns at once.
        #expect(ContinuousClock.now - started < .seconds(2.5))
        try reader.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        // The server writes on as before.
        try server.writeSync { db in try db.execute(sql: "INSERT INTO close_probe VALUES (1)") }
    }
}
