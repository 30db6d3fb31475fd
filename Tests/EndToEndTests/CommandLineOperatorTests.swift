import Foundation
import GRDB
import LinliTestSupport
import Testing

/// Found by review 8d (each test failed on the code it was written against): the `linli` command line as an operator runs it.
@Suite(.serialized) struct CommandLineOperatorTests {
    /// Removed with the suite instance (one per test).
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-r8d") }

    /// A fresh directory inside `scratch`.
    func temporaryDirectory() throws -> URL {
        let url = scratch.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What a user sees now: `LINLI_SERVER_PORT=9123 linli config --config FILE` (FILE setting
    /// `database.path`) answers "configuration is valid" and then lists every key with its
    /// *default* (`default="8080"`, `default="./linli.sqlite"`): neither 9123 nor the file's path
    /// appears anywhere, so the operator cannot see which value is in force or where it came from.
    /// `ConfigCommand` documents that it "prints every key with its source-resolved value", and
    /// OPERATIONS.md sends operators to `linli config` to check "the effective configuration".
    /// What should happen: each key is listed with the value in force (9123, the file's path).
    @Test func configCommandListsTheSettingsInForce() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("linli.yaml")
        let databasePath = directory.appendingPathComponent("from-file.sqlite").path
        try "database:\n  path: \(databasePath)\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try await binary.run(["config", "--config", file.path], environment: ["LINLI_SERVER_PORT": "9123"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("9123"), "the port in force is not shown:\n\(result.stdout)")
        #expect(result.stdout.contains(databasePath), "the database path in force is not shown")
    }

    /// A relative path setting is shown with the absolute path it resolves to from the directory
    /// linli runs in (helper 145 #10); an absolute one is shown as it is.
    @Test func configShowsWhereRelativePathsResolve() async throws {
        let binary = try LinliBinary.locate()
        let result = try await binary.run(["config"], environment: ["LINLI_DATABASE_PATH": "/srv/linli/linli.sqlite"])
        #expect(result.status == 0, "\(result.stderr)")
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        #expect(result.stdout.contains("→ \(here)/data/photos (from this shell's working directory;"), "\(result.stdout)")
        #expect(!result.stdout.contains("→ /srv/linli"), "an absolute path is not resolved again")
    }

    /// `linli config --get KEY` prints the value in force alone (the container's health check
    /// reads the port with it); an unknown key is refused.
    @Test func configGetPrintsOneValue() async throws {
        let binary = try LinliBinary.locate()
        let port = try await binary.run(["config", "--get", "server.port"], environment: ["LINLI_SERVER_PORT": "9123"])
        #expect(port.status == 0 && port.stdout == "9123\n", "\(port.stdout) \(port.stderr)")
        let unknown = try await binary.run(["config", "--get", "server.prot"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown setting server.prot"), "\(unknown.stderr)")
    }

    /// Session 23 review: `linli config` (systemd's ExecStartPre) said "configuration is valid" for
    /// a rule file that does not compile, and `serve` then stopped with exit 78.
    @Test func configRefusesARuleFileThatDoesNotCompile() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let rules = directory.appendingPathComponent("broken.yaml")
        try "version: 1\ncategories: [\n".write(to: rules, atomically: true, encoding: .utf8)
        let result = try await binary.run(["config"], environment: ["LINLI_RULES_FILE": rules.path])
        #expect(result.status == 78, "\(result.stdout)")
        #expect(result.stderr.contains("rules.file \(rules.path) is invalid"), "\(result.stderr)")
    }

    /// Session 23 review: a photos directory the service cannot create or write was found at the
    /// first upload (a 500); `serve` now stops at start with exit status 78 and says which.
    @Test func serveRefusesAPhotosDirectoryItCannotUse() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let blocker = directory.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: blocker)
        let photos = blocker.appendingPathComponent("photos").path
        let result = try await binary.run(
            ["serve", "--db", directory.appendingPathComponent("db.sqlite").path, "--port", "0"], environment: ["LINLI_PHOTOS_PATH": photos])
        #expect(result.status == 78, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("photos.path \(photos) cannot be used"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("db.sqlite").path), "the start changed the database")
    }

    /// Review of this session: a first bootstrap with a broken rule file left an empty database,
    /// which the next run (rule file fixed) refused as one with migrations pending.
    @Test func aBootstrapWithABrokenRuleFileCreatesNoDatabase() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let rules = directory.appendingPathComponent("broken.yaml")
        try "version: 1\ncategories: [\n".write(to: rules, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("new.sqlite").path
        let result = try await binary.run(
            ["admin", "bootstrap", "--name", "幸福里社区", "--admin-name", "管理员", "--db", database], environment: ["LINLI_RULES_FILE": rules.path])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    /// What a user sees now: `linli admin backup --db /var/lib/linli/linl.sqlite PATH` (a typo in
    /// the path, or a cron job whose LINLI_CONFIG points at the wrong file) creates a new, empty
    /// database at the mistyped path, copies that, prints "backup written to PATH" and exits 0 —
    /// every night, an empty "successful" backup. `linli ledger verify` refuses the same mistake
    /// ("verifying must never create a database").
    /// What should happen: no database at the source path → a clear error and a non-zero exit
    /// status, and nothing created.
    @Test func backupOfAMissingDatabaseIsRefused() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let missing = directory.appendingPathComponent("typo.sqlite").path
        let destination = directory.appendingPathComponent("backup.sqlite").path
        let result = try await binary.run(["admin", "backup", "--db", missing, destination])
        #expect(result.status != 0, "backup of a database that does not exist succeeded: \(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: missing), "an empty database was created at the mistyped path")
    }

    /// Session 17 black-box review: `linli fraud report --db <typo>` created (and migrated) an
    /// empty database at the mistyped path before answering community.not_found; so did the token,
    /// seeding and re-valuation commands. Every command but `admin bootstrap` and `migrate` now
    /// refuses a database that is not there: "no database at …", exit status 2, nothing created.
    /// `migrate --status` too (it created and migrated the database it was asked about, then
    /// reported every migration applied); plain `migrate` still creates one
    /// (`plainMigrateStillCreatesTheDatabase`).
    @Test(arguments: [
        ["migrate", "--status"],
        ["fraud", "report", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1"],
        ["admin", "token", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1", "--member", "mem_01M90CDBCY7X9VQAC30GGT9ME1"],
        ["rules", "revalue", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1", "--reason", "x"],
        ["ledger", "verify"],
    ])
    func commandsOnAnExistingCommunityDoNotCreateADatabase(arguments: [String]) async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let missing = directory.appendingPathComponent("typo.sqlite").path
        let result = try await binary.run(arguments + ["--db", missing])
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains("no database at \(missing) (database.path from flag --db)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing), "an empty database was created at the mistyped path")
    }

    /// Helper 145 #7: a relative path from the environment says where it was set and where it
    /// led, so a cron job started in another directory is found out at once.
    @Test func noDatabaseSaysWhereThePathWasSet() async throws {
        let binary = try LinliBinary.locate()
        let result = try await binary.run(["ledger", "verify"], environment: ["LINLI_DATABASE_PATH": "nowhere/typo.sqlite"])
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        #expect(result.status == 2)
        #expect(result.stderr.contains(
            "no database at nowhere/typo.sqlite (database.path from environment variable LINLI_DATABASE_PATH, taken from the directory linli runs in: \(here)/nowhere/typo.sqlite)"),
            "\(result.stderr)")
        #expect(result.stderr.contains("run linli from the service's working directory") && result.stderr.contains("for a new installation"))
    }

    /// Session 23 review: `fraud report`, `admin token`, `admin seed-listings` and `rules revalue`
    /// migrated the database when `database.auto_migrate` was on (the default): run with a new
    /// binary during an upgrade, they moved the schema under the old server still running. They
    /// now stop with migrations pending and change nothing.
    @Test(arguments: [
        ["fraud", "report", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1"],
        ["admin", "token", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1", "--member", "mem_01M90CDBCY7X9VQAC30GGT9ME1"],
        ["admin", "seed-listings", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1", "--count", "1", "--owners", "1"],
        ["rules", "revalue", "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1", "--reason", "x"],
        ["admin", "bootstrap", "--name", "幸福里社区", "--admin-name", "管理员"],
        // Session 24 review: these two read without migrating and stopped on a raw SQLite error.
        ["ledger", "verify"],
        ["rules", "diff", CommandLineFileProblemTests.packageRoot + "/rules/default.yaml", "--against", "active",
         "--community", "cmt_01M90CDBCY7X9VQAC30GGT9ME1"],
    ])
    func operatorCommandsDoNotMigrateAnExistingDatabase(arguments: [String]) async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("old.sqlite").path
        let created = try await binary.run(["migrate", "--db", path])
        #expect(created.status == 0, "\(created.stderr)")
        // As if the newest migration had come with this binary: recorded nowhere, its index gone.
        let queue = try DatabaseQueue(path: path)
        let newest = try await queue.write { db -> String in
            let name = try String.fetchOne(db, sql: "SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1")!
            try db.execute(sql: "DELETE FROM schema_migrations WHERE name = ?", arguments: [name])
            return name
        }
        try queue.close()
        let result = try await binary.run(arguments + ["--db", path])
        #expect(result.status == 2, "\(arguments): \(result.stdout)")
        #expect(result.stderr.contains("migrations pending: \(newest)"), "\(arguments): \(result.stderr)")
        let recorded = try await DatabaseQueue(path: path).read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?)", arguments: [newest])
        }
        #expect(recorded == false, "\(arguments) migrated the database")
    }
}

extension CommandLineOperatorTests {
    /// `ledger verify --expect-head` takes the head a report printed; anything else is refused
    /// before the database is opened, saying what shape is expected.
    @Test func verifyTakesARecordedHead() async throws {
        let binary = try LinliBinary.locate()
        let database = try temporaryDirectory().appendingPathComponent("heads.sqlite").path
        #expect(try await binary.run(["migrate", "--db", database]).status == 0)
        let wrong = try await binary.run(["ledger", "verify", "--db", database, "--expect-head", "cmt_x:12"])
        #expect(wrong.status != 0 && wrong.stderr.contains("COMMUNITY:SEQ:HASH"), "\(wrong.stderr)")
        let missing = try await binary.run([
            "ledger", "verify", "--db", database, "--expect-head", "cmt_x:12:" + String(repeating: "0", count: 64),
        ])
        #expect(missing.status == 1, "\(missing.stdout)\(missing.stderr)")
        // No such community: said as a mistyped id, not as deleted transfers (helper 136).
        #expect(missing.stdout.contains("[expected_head] cmt_x transfer seq 12: no community with this id"), "\(missing.stdout)")
        // A list of no violations is refused, not read as one (session 30 walk).
        let none = try await binary.run(["ledger", "verify", "--db", database, "--max-violations=-1"])
        #expect(none.status == 64 && none.stderr.contains("--max-violations must be 1 or more"), "\(none.status) \(none.stderr)")
    }

    /// The other half of `migrate --status` refusing a missing database: without `--status`,
    /// `migrate` is how a new installation gets its database.
    @Test func plainMigrateStillCreatesTheDatabase() async throws {
        let binary = try LinliBinary.locate()
        let database = try temporaryDirectory().appendingPathComponent("new.sqlite").path
        let result = try await binary.run(["migrate", "--db", database])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0001_foundation.sql"))
        let status = try await binary.run(["migrate", "--status", "--db", database])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("pending: \n"), "nothing is pending after migrate:\n\(status.stdout)")
    }

    /// What a user sees now: `linli admin bootstrap --name … --admin-name … --timezone Mars/Base`
    /// (or `--days 0`, or `linli admin token` for a member that does not exist) exits 1 with a
    /// Swift debug dump on stderr:
    /// `linli: DomainError(code: "validation_failed", category: LinliDomain.DomainError.Category.invalidInput,
    /// parameters: [:], fieldIssues: [LinliDomain.FieldIssue(pointer: "/timezone", code: LinliDomain.FieldIssueCode.invalidFormat, …`
    /// — internal type names instead of the catalogued message the same error has over HTTP
    /// ("/timezone is not a known time zone name (mainland China: Asia/Shanghai)" / "不是有效的时区名称…"). The
    /// README promises every error "explained in Chinese and English".
    /// What should happen: the catalogued title and field message (in either language), no
    /// Swift type dump.
    @Test func commandLineRefusalsArePrintedAsCatalogMessages() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let result = try await binary.run([
            "admin", "bootstrap", "--db", database, "--name", "和平里社区", "--admin-name", "赵敏", "--timezone", "Mars/Base",
        ])
        #expect(result.status != 0)
        #expect(!result.stderr.contains("LinliDomain."), "a Swift type dump instead of a message:\n\(result.stderr)")
        #expect(result.stderr.contains("is not a known time zone name") || result.stderr.contains("不是有效的时区名称"),
                "the catalogued message is missing:\n\(result.stderr)")
    }
}
