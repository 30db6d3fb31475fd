import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import LinliStore
import LinliTestSupport
import Testing

/// The built binary, end to end: serve, answer, stop cleanly; migrations, bootstrap, tokens,
/// backup, and refusing bad configuration and edited migrations.
@Suite(.serialized) struct BinaryEndToEndTests {
    /// Removed with the suite instance (one per test).
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-e2e") }

    /// A fresh directory inside `scratch`.
    func temporaryDirectory() throws -> URL {
        let url = scratch.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Helper 136: nothing told two binaries apart (OPERATIONS keeps the previous one beside the new).
    @Test func theVersionNamesTheReleaseAndTheSchema() async throws {
        let binary = try LinliBinary.locate()
        let shown = try await binary.run(["--version"])
        let newest = try #require(MigrationRunner.shipped.migrations.last?.name.split(separator: ".").first)
        #expect(shown.status == 0 && shown.stdout.contains("(schema \(newest))"), "\(shown)")
    }

    @Test func servesWithDemoDataAndStopsCleanlyOnSIGTERM() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let server = try await RunningServer.start(binary: binary, arguments: ["--demo", "--db", database])
        #expect(server.banner.contains("Demo community created"))
        let health = try await server.get("/healthz")
        #expect(health.status == 200 && health.body.contains("ok"))
        let ready = try await server.get("/readyz")
        #expect(ready.status == 200)
        let token = try #require(
            server.banner.split(separator: "\n").first { $0.contains("王秀英") }?.split(separator: "\t").last.map(String.init))
        let me = try await server.get("/v1/me", token: token)
        #expect(me.status == 200 && me.body.contains("王秀英"))
        let stopped = await server.terminate()
        #expect(stopped.status == 0)
        #expect(stopped.stderr.contains("stopped cleanly"))
        // The WAL was checkpointed on shutdown: the main file alone holds the data.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        #expect(walSize == 0)
    }

    @Test func bootstrapTokenAndBackup() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let boot = try await binary.run(["admin", "bootstrap", "--db", database, "--name", "和平里社区", "--admin-name", "赵敏"])
        #expect(boot.status == 0, "\(boot.stderr)")
        let lines = boot.stdout.split(separator: "\n")
        let community = try #require(lines.first { $0.hasPrefix("community:") }?.split(separator: " ").dropFirst().first.map(String.init))
        let admin = try #require(lines.first { $0.hasPrefix("admin:") }?.split(separator: " ").dropFirst().first.map(String.init))
        #expect(lines.contains { $0.hasPrefix("token:") && $0.contains("lnl_") })
        // The ids a lost token is replaced with, without sqlite3 (helper 136).
        let twice = try await binary.run(["admin", "bootstrap", "--db", database, "--name", "和平里社区", "--admin-name", "赵敏"])
        #expect(twice.status == 64 && twice.stderr.contains("exists already (\(community))"), "\(twice)")
        let listed = try await binary.run(["admin", "communities", "--db", database])
        #expect(listed.status == 0 && listed.stdout == "\(community)  和平里社区  (Asia/Shanghai)\n  admin \(admin)  赵敏  active\n", "\(listed)")
        let token = try await binary.run(["admin", "token", "--db", database, "--community", community, "--member", admin, "--days", "7"])
        #expect(token.status == 0, "\(token.stderr)")
        #expect(token.stdout.contains("lnl_"))
        let wrong = try await binary.run(["admin", "token", "--db", database, "--community", community, "--member", "mem_00000000000000000000000000"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("member.not_found") || wrong.stderr.contains("not_found"))
        let backupPath = directory.appendingPathComponent("backup.sqlite").path
        let backup = try await binary.run(["admin", "backup", "--db", database, backupPath])
        #expect(backup.status == 0, "\(backup.stderr)")
        let copy = try DatabaseQueue(path: backupPath)
        #expect(try await copy.read { db in try String.fetchOne(db, sql: "SELECT name FROM communities") } == "和平里社区")
        let again = try await binary.run(["admin", "backup", "--db", database, backupPath])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
    }

    @Test func refusesToStartWhenAnAppliedMigrationWasEdited() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let migrate = try await binary.run(["migrate", "--db", database])
        #expect(migrate.status == 0 && migrate.stdout.contains("0001_foundation.sql"))
        #expect(try await binary.run(["migrate", "--db", database]).stdout.contains("up to date"))
        // Simulate someone editing 0001 after it was applied: the recorded checksum no longer matches.
        let queue = try DatabaseQueue(path: database)
        try await queue.write { db in try db.execute(sql: "UPDATE schema_migrations SET checksum = 'deadbeef' WHERE name = '0001_foundation.sql'") }
        try queue.close()
        // An unusable database is exit status 2 with its path, as `ledger verify` says it (it was 1).
        let refused = try await binary.run(["migrate", "--db", database])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("0001_foundation.sql was edited after it was applied"))
        #expect(refused.stderr.contains(database))
        let serve = try await binary.run(["serve", "--db", database, "--port", "0"])
        #expect(serve.status == 2)
        #expect(serve.stderr.contains("was edited"))
        let status = try await binary.run(["migrate", "--status", "--db", database])
        #expect(status.status == 2 && status.stdout.contains("EDITED"))
        #expect(try await binary.run(["ledger", "verify", "--db", database]).status == 2)

        // Migrated by a newer Linli: the same.
        let queue2 = try DatabaseQueue(path: database)
        try await queue2.write { db in
            try db.execute(sql: "UPDATE schema_migrations SET checksum = ? WHERE name = '0001_foundation.sql'", arguments: [MigrationRunner.shipped.migrations[0].checksum])
            try db.execute(sql: "INSERT INTO schema_migrations (name, checksum, applied_at) VALUES ('9999_future.sql', 'abc', '2027-01-01 00:00:00')")
        }
        try queue2.close()
        let newer = try await binary.run(["serve", "--db", database, "--port", "0"])
        #expect(newer.status == 2 && newer.stderr.contains("newer Linli"), "\(newer.stderr)")
    }

    @Test func invalidConfigurationFailsBeforeBinding() async throws {
        let binary = try LinliBinary.locate()
        let result = try await binary.run(["serve", "--port", "70000"], environment: ["LINLI_LOG_FORMAT": "xml"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("server.port must be an integer in 0...65535"))
        #expect(result.stderr.contains("log.format must be one of text, json"))
        #expect(!result.stdout.contains("listening"))
    }

    /// `serve --demo` on a port another program listens on issued fresh demo tokens (and created
    /// and migrated the database) before failing with NIO's `bind(descriptor:ptr:bytes:)` text.
    /// Now the address is tried first: exit status 69, the reason in words, nothing written.
    @Test func aPortInUseFailsBeforeAnythingIsWritten() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(holder >= 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) == 0 && listen(holder, 1) == 0
                && getsockname(holder, $0, &length) == 0 }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let result = try await binary.run(["serve", "--demo", "--db", database, "--host", "127.0.0.1", "--port", String(port)])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("cannot listen on 127.0.0.1:\(port): the address is in use"), "\(result.stderr)")
        #expect(!result.stdout.contains("lnl_"), "demo tokens were issued: \(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: database), "the database was created")

        // Any free port on an address this machine lacks (TEST-NET-1): tried too, before anything is written.
        let elsewhere = try await binary.run(["serve", "--demo", "--db", database, "--host", "192.0.2.1", "--port", "0"])
        #expect(elsewhere.status == 69, "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("cannot listen on 192.0.2.1:0: no network interface of this machine has that address"),
                "\(elsewhere.stderr)")
        #expect(!elsewhere.stdout.contains("lnl_") && !FileManager.default.fileExists(atPath: database))
    }

    @Test func runsFromAnyWorkingDirectory() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let process = binary.configured(["migrate", "--db", "here.sqlite"], environment: [:])
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try await ProcessLaunch.start(process)
        let text = await OwnThread.run {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        #expect(process.terminationStatus == 0)
        #expect(text.contains("0001_foundation.sql"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("here.sqlite").path))
    }

    @Test func fraudReportCommandPrintsMarkdownAndJSONAndRefusesBadInput() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let boot = try await binary.run(["admin", "bootstrap", "--db", database, "--name", "和平里社区", "--admin-name", "赵敏"])
        #expect(boot.status == 0, "\(boot.stderr)")
        let community = try #require(
            boot.stdout.split(separator: "\n").first { $0.hasPrefix("community:") }?.split(separator: " ").dropFirst().first.map(String.init))
        let markdown = try await binary.run(["fraud", "report", "--db", database, "--community", community, "--since", "7d"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# 反作弊周报 — 和平里社区（\(community)）"), "the community by name (helper 145 #9)")
        let json = try await binary.run(["fraud", "report", "--db", database, "--community", community, "--format", "json", "--lang", "en"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["community"] as? String == community)
        #expect(object?["language"] as? String == "en")
        let badPeriod = try await binary.run(["fraud", "report", "--db", database, "--community", community, "--since", "7w"])
        #expect(badPeriod.status != 0)
        #expect(badPeriod.stderr.contains("--since"))
        let unknown = try await binary.run(["fraud", "report", "--db", database, "--community", "cmt_00000000000000000000000000"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("not_found"))
    }
}
