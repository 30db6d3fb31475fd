import Foundation
import GRDB
import LinliTestSupport
import Testing

/// Files the command line cannot use — a database path that does not work, a file that is not a
/// database, a locked database, a config or rule file that cannot be read, a bad config value —
/// reported as the built `linli` prints them: the path, the cause in words, what to do, and the
/// documented exit status (2 for the database named, 78 for configuration, 64 for a command's
/// own file argument). Before, the raw text reached the user: `SQLite error 26: file is not a
/// database`, `SQLite error 14: unable to open database file`, `The operation couldn’t be
/// completed. (NSCocoaErrorDomain …)`, and config values without where they were set.
@Suite(.serialized) struct CommandLineFileProblemTests {
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-files") }

    /// One way of getting a file wrong: how to make it in a fresh directory, the command, and what
    /// an operator must read.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Prepares the directory; returns the command's arguments (`DIR` stands for the directory).
        let arguments: [String]
        var environment: [String: String] = [:]
        var setup: @Sendable (URL) async throws -> Void = { _ in }
        let status: Int32
        /// Expected in stderr, `DIR` standing for the directory.
        let expected: [String]
        /// Files (`DIR/…`) the command must not have created.
        var absent: [String] = []
        var testDescription: String { name }
    }

    static let community = "cmt_01M90CDBCY7X9VQAC30GGT9ME1"

    static let cases: [Case] = [
        Case(
            name: "database directory blocked by a file", arguments: ["migrate", "--db", "DIR/file/data/linli.sqlite"],
            setup: { try Data("x".utf8).write(to: $0.appendingPathComponent("file")) }, status: 2,
            expected: ["cannot create the database DIR/file/data/linli.sqlite: its directory DIR/file/data does not exist and cannot be created"]),
        Case(
            name: "database path is a directory", arguments: ["admin", "bootstrap", "--db", "DIR", "--name", "x", "--admin-name", "y"],
            status: 2, expected: ["DIR is a directory; --db (or database.path) must name the database file inside it"]),
        Case(
            name: "file that is not a database (migrate)", arguments: ["migrate", "--db", "DIR/notes.sqlite"],
            setup: Self.writeNotADatabase, status: 2,
            expected: ["DIR/notes.sqlite is not a Linli (SQLite) database; check --db (or database.path)"]),
        Case(
            name: "file that is not a database (migrate --status)", arguments: ["migrate", "--status", "--db", "DIR/notes.sqlite"],
            setup: Self.writeNotADatabase, status: 2, expected: ["DIR/notes.sqlite is not a Linli (SQLite) database"]),
        Case(
            name: "file that is not a database (ledger verify)", arguments: ["ledger", "verify", "--db", "DIR/notes.sqlite"],
            setup: Self.writeNotADatabase, status: 2, expected: ["DIR/notes.sqlite is not a Linli (SQLite) database"]),
        Case(
            name: "file that is not a database (fraud report)",
            arguments: ["fraud", "report", "--community", community, "--db", "DIR/notes.sqlite"],
            setup: Self.writeNotADatabase, status: 2, expected: ["DIR/notes.sqlite is not a Linli (SQLite) database"]),
        Case(
            name: "file that is not a database (serve)", arguments: ["serve", "--port", "0", "--db", "DIR/notes.sqlite"],
            setup: Self.writeNotADatabase, status: 2, expected: ["DIR/notes.sqlite is not a Linli (SQLite) database"]),
        Case(
            name: "backup destination in a directory blocked by a file",
            arguments: ["admin", "backup", "--db", "DIR/linli.sqlite", "DIR/file/backup.sqlite"],
            setup: { directory in
                try Data("x".utf8).write(to: directory.appendingPathComponent("file"))
                try await Self.migrate(directory.appendingPathComponent("linli.sqlite").path)
            }, status: 2, expected: ["cannot write the backup DIR/file/backup.sqlite", "The live database was not changed"],
            absent: ["cannot open the database"]),
        // Session 32 walk: the destination's missing directory read as a fault of the database.
        Case(
            name: "backup destination in a directory that is not there",
            arguments: ["admin", "backup", "--db", "DIR/linli.sqlite", "DIR/nodir/backup.sqlite"],
            setup: { directory in try await Self.migrate(directory.appendingPathComponent("linli.sqlite").path) },
            status: 2, expected: ["cannot write the backup DIR/nodir/backup.sqlite: its directory DIR/nodir is not there"],
            absent: ["cannot open the database"]),
        // Session 31: a destination that exists was exit status 1, the other file problems 2.
        Case(
            name: "backup destination that exists", arguments: ["admin", "backup", "--db", "DIR/linli.sqlite", "DIR/backup.sqlite"],
            setup: { directory in
                try Data("x".utf8).write(to: directory.appendingPathComponent("backup.sqlite"))
                try await Self.migrate(directory.appendingPathComponent("linli.sqlite").path)
            }, status: 2, expected: ["backup destination DIR/backup.sqlite already exists; choose a new file name"]),
        // Session 31: `--days 0` was `/expires_in_days` (the API's field) with exit status 1, after
        // bootstrap had created and migrated the database; now a usage error naming the option, first.
        Case(
            name: "token lifetime out of range (bootstrap)",
            arguments: ["admin", "bootstrap", "--db", "DIR/linli.sqlite", "--name", "x", "--admin-name", "y", "--days", "0"],
            status: 64, expected: ["--days must be between 1 and 3650", "Usage: linli admin bootstrap"], absent: ["DIR/linli.sqlite"]),
        // Helper 113: a bad time zone or phone was found after the database had been created
        // and migrated (exit status 1, about `/timezone`); an empty revaluation reason was `/reason`.
        Case(
            name: "bad time zone and phone (bootstrap)",
            arguments: ["admin", "bootstrap", "--db", "DIR/linli.sqlite", "--name", "x", "--admin-name", "y", "--timezone", "Bad/Zone",
                        "--admin-phone", "123"],
            status: 64, expected: ["--timezone is not a known time zone name", "--admin-phone must be an 11-digit"],
            absent: ["DIR/linli.sqlite"]),
        Case(
            name: "empty revaluation reason",
            arguments: ["rules", "revalue", "--db", "DIR/linli.sqlite", "--community", community, "--reason", " "],
            status: 64, expected: ["--reason is required"], absent: ["DIR/linli.sqlite"]),
        // Helper 113: `migrate --status` turned an empty file into a WAL-mode database, and a backup copied it.
        Case(
            name: "empty file (status)", arguments: ["migrate", "--status", "--db", "DIR/empty.sqlite"],
            setup: { try Data().write(to: $0.appendingPathComponent("empty.sqlite")) },
            status: 2, expected: ["no database at DIR/empty.sqlite (the file is empty; database.path from flag --db)"], absent: ["DIR/empty.sqlite-wal"]),
        Case(
            name: "empty file (backup)", arguments: ["admin", "backup", "--db", "DIR/empty.sqlite", "DIR/copy.sqlite"],
            setup: { try Data().write(to: $0.appendingPathComponent("empty.sqlite")) },
            status: 2, expected: ["no database at DIR/empty.sqlite (the file is empty; database.path from flag --db)"], absent: ["DIR/copy.sqlite"]),
        // Helper 117: bootstrap onto an empty file stopped on "migrations pending" and left it unmigrated.
        Case(
            name: "bootstrap onto an empty file", arguments: ["admin", "bootstrap", "--db", "DIR/empty.sqlite", "--name", "x", "--admin-name", "y"],
            setup: { try Data().write(to: $0.appendingPathComponent("empty.sqlite")) },
            status: 0, expected: []),
        // Helper 113: another program's SQLite database was migrated and turned to WAL mode.
        Case(
            name: "another program's database", arguments: ["migrate", "--db", "DIR/shop.sqlite"],
            setup: { directory in
                try Self.sqlite(directory.appendingPathComponent("shop.sqlite").path, "CREATE TABLE customers (id INTEGER PRIMARY KEY)")
            },
            status: 2, expected: ["DIR/shop.sqlite is another program's SQLite database (its tables include customers"],
            absent: ["DIR/shop.sqlite-wal"]),
        Case(
            name: "token lifetime out of range (token)",
            arguments: ["admin", "token", "--db", "DIR/linli.sqlite", "--community", community, "--member", "mem_01M90CDBCY7X9VQAC30GGT9ME1",
                        "--days", "4000"],
            status: 64, expected: ["--days must be between 1 and 3650"]),
        Case(
            name: "missing config file", arguments: ["config", "--config", "DIR/linli.yaml"], status: 78,
            expected: ["config file DIR/linli.yaml: no such file"]),
        // Helper 113: a rules.file that does not compile was cited by its name alone.
        Case(
            name: "rules.file that does not compile",
            arguments: ["admin", "bootstrap", "--db", "DIR/linli.sqlite", "--name", "x", "--admin-name", "y"],
            environment: ["LINLI_RULES_FILE": "DIR/sub/bad.yaml"],
            setup: { directory in
                try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
                try Data("schema: linli.rules/v1\nversion: [2\n".utf8).write(to: directory.appendingPathComponent("sub/bad.yaml"))
            },
            status: 78, expected: ["rules.file DIR/sub/bad.yaml is invalid:", "DIR/sub/bad.yaml:2:"]),
        // Helper 113: `LINLI_CONFIG=` said "config file : no such file".
        Case(
            name: "config path set to nothing", arguments: ["config"], environment: ["LINLI_CONFIG": ""], status: 78,
            expected: ["the config file's path is empty", "unset LINLI_CONFIG"]),
        Case(
            name: "config file is a directory", arguments: ["config"], environment: ["LINLI_CONFIG": "DIR"], status: 78,
            expected: ["config file DIR is a directory, not a file"]),
        Case(
            name: "config file that is not YAML", arguments: ["serve", "--config", "DIR/linli.yaml"],
            setup: { try Data("server:\n  port: [8080\n".utf8).write(to: $0.appendingPathComponent("linli.yaml")) }, status: 78,
            expected: ["DIR/linli.yaml:3:1: YAML syntax error:"]),
        Case(
            name: "bad value in the config file", arguments: ["config", "--config", "DIR/linli.yaml"],
            setup: { try Data("server:\n  shutdown_grace_seconds: 0\nlog:\n  format: xml\n".utf8).write(to: $0.appendingPathComponent("linli.yaml")) },
            status: 78,
            expected: [
                "DIR/linli.yaml:2:27: server.shutdown_grace_seconds must be an integer in 1...300, got \"0\"",
                "DIR/linli.yaml:4:11: log.format must be one of text, json, got \"xml\"",
            ]),
        Case(
            name: "bad value in a flag and a variable", arguments: ["serve", "--port", "70000"],
            environment: ["LINLI_LOG_FORMAT": "xml"], status: 78,
            expected: [
                "flag --port: server.port must be an integer in 0...65535, got \"70000\"",
                "environment variable LINLI_LOG_FORMAT: log.format must be one of text, json, got \"xml\"",
            ]),
        Case(
            name: "rules.file is a directory", arguments: ["config"], environment: ["LINLI_RULES_FILE": "DIR"], status: 78,
            expected: ["environment variable LINLI_RULES_FILE: rules.file DIR is a directory, not a file"]),
        Case(
            name: "rules.file is not UTF-8",
            arguments: ["admin", "bootstrap", "--db", "DIR/linli.sqlite", "--name", "x", "--admin-name", "y"],
            environment: ["LINLI_RULES_FILE": "DIR/rules.yaml"],
            setup: { try Data([0xFF, 0xFE, 0x00, 0x81]).write(to: $0.appendingPathComponent("rules.yaml")) }, status: 78,
            expected: ["rules.file DIR/rules.yaml is not UTF-8 text"]),
        Case(
            name: "rule file to check is missing", arguments: ["rules", "check", "DIR/missing.yaml"], status: 64,
            expected: ["rule file DIR/missing.yaml: no such file"]),
        // Helper 138: a rule file saved as "ANSI" (GBK) by Chinese Windows Notepad got an English
        // line and the usage text (exit 64); the API named the encoding and where, in zh.
        Case(
            name: "rule file saved as GBK", arguments: ["rules", "explain", "--lang", "zh", "DIR/gbk.yaml", "--listing", "{}"],
            setup: { try Data("schema: linli.rules/v1\n# ".utf8 + [0xC3, 0xFB, 0xB3, 0xC6, 0x0A]).write(to: $0.appendingPathComponent("gbk.yaml")) },
            status: 1, expected: ["DIR/gbk.yaml:2:3", "rules.not_utf8", "GBK"]),
        Case(
            name: "rule file to check is a directory", arguments: ["rules", "explain", "DIR", "--listing", "{}"], status: 64,
            expected: ["rule file DIR is a directory, not a file"]),
        Case(
            name: "listing that is not a listing", arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", "{}"],
            status: 64, expected: ["--listing is not a valid listing: the key \""]),
        // Helper 113: a misspelled field was ignored (then "duration_minutes is required"); an
        // unknown category said "the active rule file" with exit status 1, without the category.
        Case(
            name: "listing with a misspelled field",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"time","category":"daily_care","durationminutes":60}"#],
            status: 64, expected: ["--listing has fields a listing does not have: durationminutes", "duration_minutes"]),
        // Helper 116: a fraction the decoder rounded was read as a whole number; helper 117: the
        // diff's listings file ignored misspelled fields.
        Case(
            name: "listing with a fraction rounded to a whole number",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing",
                        #"{"kind":"item","category":"household","declared_cost":"10","condition":"good","quantity":1.99999999999999999999}"#],
            status: 64, expected: ["--listing: at /quantity: expected a whole number, found a fraction"]),
        Case(
            name: "listings file with a misspelled field",
            arguments: ["rules", "diff", "ROOT/rules/default.yaml", "--against", "ROOT/rules/default.yaml", "--listings", "DIR/l.json"],
            setup: {
                try Data(#"[{"id":"L1","input":{"kind":"time","category":"errands","intensity":"light","durationminutes":60}}]"#.utf8)
                    .write(to: $0.appendingPathComponent("l.json"))
            },
            status: 64, expected: ["at /0/input has fields a listing does not have: durationminutes"]),
        Case(
            name: "listing in a category the file lacks",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"item","category":"nope","declared_cost":"1"}"#,
                        "--lang", "en"],
            status: 64, expected: [#"--listing: the category is not defined in the rule file: "nope""#]),
        // Session 31: Swift's words ("Expected to decode String but found number instead", "Cannot
        // initialize ListingKind from invalid String value boat") reached the user.
        Case(
            name: "listing with an amount as a number",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"item","category":"household","declared_cost":300}"#],
            status: 64, expected: [#"at /declared_cost: expected an amount in quotes, e.g. "300.00""#]),
        Case(
            name: "listing with a date for a date-time",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"time","category":"errands","start":"2024-03-15"}"#],
            status: 64, expected: [#"at /start: expected a date-time such as "2026-12-01T09:00:00+08:00", found 2024-03-15"#]),
        Case(
            name: "listing with a fraction for a whole number",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"item","category":"household","quantity":2.5}"#],
            status: 64, expected: ["a number does not fit its field"]),
        // Helper 105: a syntax error was blamed on a number (Foundation's one text for both).
        Case(
            name: "scarcity that is not DEMAND:SUPPLY",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"time","category":"errands","duration_minutes":60,"intensity":"light"}"#,
                        "--scarcity", "6"],
            status: 64, expected: ["--scarcity is DEMAND:SUPPLY, two whole numbers from 0 to 1000000 such as 6:2"]),
        Case(
            name: "listing that is not JSON",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"item""#],
            status: 64, expected: ["--listing is not a valid listing: not JSON: "], absent: []),
        Case(
            name: "listing with a kind outside the vocabulary",
            arguments: ["rules", "explain", "ROOT/rules/default.yaml", "--listing", #"{"kind":"boat","category":"household"}"#],
            status: 64, expected: [#"at /kind: "boat" is not one of item, time, skill"#, "Usage: linli rules explain <file>", "See 'linli rules explain --help'"]),
        // Session 27 review: explain and diff printed a file's diagnostics in English only.
        Case(
            name: "rule file that does not compile, explained in Chinese",
            arguments: ["rules", "explain", "DIR/bad.yaml", "--listing", "{}", "--lang", "zh"],
            setup: { try Data("schema: linli.rules/v1\nversion: [2\n".utf8).write(to: $0.appendingPathComponent("bad.yaml")) }, status: 1,
            expected: ["DIR/bad.yaml:2:10: error: [rules.yaml_syntax] YAML 语法错误"]),
        Case(
            name: "--listings file that is not JSON",
            arguments: ["rules", "diff", "ROOT/rules/default.yaml", "--against", "ROOT/rules/default.yaml", "--listings", "DIR/l.json"],
            setup: { try Data("[{\"id\": 1}]".utf8).write(to: $0.appendingPathComponent("l.json")) }, status: 64,
            expected: ["--listings file DIR/l.json is not a JSON array of {\"id\": …, \"input\": {…}}: at /0/id: "]),
    ]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(arguments: cases)
    func isReportedWithThePathAndTheCause(_ problem: Case) async throws {
        let binary = try LinliBinary.locate()
        let directory = scratch.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await problem.setup(directory)
        let substitute = { (text: String) in
            text.replacingOccurrences(of: "DIR", with: directory.path).replacingOccurrences(of: "ROOT", with: Self.packageRoot)
        }
        let result = try await binary.run(problem.arguments.map(substitute), environment: problem.environment.mapValues(substitute))
        #expect(result.status == problem.status, "\(result.stderr)")
        for expected in problem.expected.map(substitute) {
            #expect(result.stderr.contains(expected), "missing \"\(expected)\" in:\n\(result.stderr)")
        }
        Self.expectNoRawErrorText(result.stderr)
        for path in problem.absent.map(substitute) {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) was created")
        }
    }

    /// Helper 160 #4: an explanation without counts says none were given, not that the community
    /// recorded none; `--scarcity` supplies them.
    @Test func explainTakesScarcityCounts() async throws {
        let binary = try LinliBinary.locate()
        let listing = #"{"kind":"time","category":"errands","duration_minutes":90,"intensity":"light"}"#
        let file = Self.packageRoot + "/rules/default.yaml"
        let without = try await binary.run(["rules", "explain", file, "--listing", listing, "--lang", "en"])
        #expect(without.status == 0 && without.stdout.contains("no demand and supply counts given: no adjustment"), "\(without.stdout)")
        let with = try await binary.run(["rules", "explain", file, "--listing", listing, "--lang", "en", "--scarcity", "6:2"])
        #expect(with.status == 0 && with.stdout.contains("demand 6 ÷ supply 2 through the scarcity curve"), "\(with.stdout)\(with.stderr)")
    }

    /// A database another program holds locked longer than Linli waits (5 s) is named as locked,
    /// not `SQLite error 5: database is locked`.
    @Test func aLockedDatabaseIsNamed() async throws {
        let binary = try LinliBinary.locate()
        let path = scratch.url.appendingPathComponent("locked.sqlite").path
        try await Self.migrate(path)
        // Another program's write transaction, held open on a thread of its own until the command ended.
        let holder = try DatabaseQueue(path: path)
        let (taken, release, done) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        DispatchQueue.global().async {
            try? holder.inTransaction(.exclusive) { _ in
                taken.signal()
                release.wait()
                return .rollback
            }
            done.signal()
        }
        taken.wait()
        defer {
            release.signal()
            done.wait()
            try? holder.close()
        }
        let result = try await binary.run(["admin", "bootstrap", "--db", path, "--name", "x", "--admin-name", "y"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("the database \(path) is locked by another program"), "\(result.stderr)")
        Self.expectNoRawErrorText(result.stderr)
    }

    static func expectNoRawErrorText(_ stderr: String) {
        for raw in ["NSCocoaErrorDomain", "couldn’t be completed", "SQLite error", "DatabaseError", "YamlError", "keyNotFound(", "typeMismatch(", "CodingKeys(", "Expected to decode", "Cannot initialize", "/expires_in_days", "ISO8601-formatted", "not valid JSON"] {
            #expect(!stderr.contains(raw), "raw error text \"\(raw)\" reached the user:\n\(stderr)")
        }
    }

    static func writeNotADatabase(_ directory: URL) throws {
        try Data(String(repeating: "not a database\n", count: 300).utf8).write(to: directory.appendingPathComponent("notes.sqlite"))
    }

    /// Another program's SQLite database at `path`, made with GRDB (rollback journal, not WAL).
    static func sqlite(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
    }

    static func migrate(_ path: String) async throws {
        let result = try await LinliBinary.locate().run(["migrate", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
