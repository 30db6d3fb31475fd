import ArgumentParser
import Foundation
import LinliApp
import LinliDomain
import LinliStore

/// `linli admin …`: operator tasks that need no HTTP token (run on the server itself).
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Operator tasks: bootstrap, tokens, backup, load-test data.",
        subcommands: [Bootstrap.self, Communities.self, Token.self, Backup.self, SeedListings.self])

    /// Opens the configured database for a one-shot operator action. Only a database this creates
    /// (a first `admin bootstrap`) is migrated here: one already there is migrated by `linli
    /// migrate` or the server's start, never by a command run beside the old server during an
    /// upgrade, which would then run on a schema it does not know. With migrations pending the
    /// command stops ("Run `linli migrate` first"), whatever `database.auto_migrate` says.
    static func openStore(_ configuration: LinliConfiguration) throws -> (LinliEnvironment, Store) {
        var configuration = configuration
        // An empty file (`touch`) is a database still to be made, as a missing one is (helper 117:
        // bootstrap stopped on "migrations pending" and left an 8 KiB unmigrated file).
        let size = (try? FileManager.default.attributesOfItem(atPath: configuration.databasePath))?[.size] as? Int
        configuration.autoMigrate = size == nil || size == 0
        let environment = try LinliEnvironment(configuration: configuration, logger: makeLogger(configuration))
        return (environment, environment.store)
    }

    /// The same, for commands that work on a community already there (tokens, seeding, reports,
    /// re-valuation): a mistyped `--db` (or a run from the wrong directory) is refused with exit
    /// status 2 instead of creating an empty database, migrated, beside the typo.
    /// - Parameter community: when given, it must exist (404 `community.not_found`, as `fraud
    ///   report` says it): a mistyped id failed as a foreign-key error of SQLite (`seed-listings`),
    ///   "no rules in force" (`rules revalue`) or a member not found (`admin token`) (helper 113).
    static func openExistingStore(_ configuration: LinliConfiguration, community: CommunityID? = nil) throws -> (LinliEnvironment, Store) {
        try requireDatabase(configuration)
        let (environment, store) = try openStore(configuration)
        if let community {
            do {
                _ = try environment.database.readSync { db in try CommunityCommands.fetch(db, id: community) }
            } catch {
                try? environment.database.close()
                throw error
            }
        }
        return (environment, store)
    }

    /// A usage error (exit status 64) naming the option, before anything is opened: `--days 0`
    /// was refused by the token input's check as `/expires_in_days` (the API's field) with exit
    /// status 1, after `admin bootstrap` had already created and migrated the database.
    static func checkTokenOptions(days: Int, label: String?) throws {
        try checkOptions(["/expires_in_days": "--days", "/label": "--label"]) { () throws(DomainError) in
            try NewTokenInput(label: label, expiresInDays: days).validate()
        }
    }

    /// Runs an input's own check as a usage error (exit status 64) before anything is opened,
    /// each problem named by the option typed (`options`: the input's field pointer → the option)
    /// rather than the API's field: `admin bootstrap --timezone Bad/Zone` created and migrated the
    /// database, then failed with exit status 1 about `/timezone` (helper 113).
    static func checkOptions(_ options: [String: String], _ validate: () throws(DomainError) -> Void) throws {
        do {
            try validate()
        } catch {
            throw ValidationError(error.fieldIssues.map {
                "\(options[$0.pointer] ?? $0.pointer) \(ErrorCatalog.message(for: $0, in: .en))"
            }.joined(separator: "; "))
        }
    }

    /// Exit status 2 with "no database at …" when `path` does not exist (or, when a directory on
    /// the way may not be entered, that instead: the file may well be there).
    /// An empty file (`touch`) is not a database either: opening it for a reading command made it
    /// an empty WAL-mode database, which `admin backup` then copied as if it were one (helper 113).
    ///
    /// The message says where the path was set and, for a relative one, where it led (helper 145
    /// #7: "no database at ./linli.sqlite" from a cron job run in `/` left the admin guessing
    /// whether the config file had been read at all).
    static func requireDatabase(_ configuration: LinliConfiguration) throws {
        let path = configuration.databasePath
        let origin = whereSet(configuration)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 {
            try? FileHandle.standardError.write(contentsOf: Data("linli: no database at \(path) (the file is empty; \(origin))\n".utf8))
            throw ExitCode(2)
        }
        guard FileManager.default.fileExists(atPath: path) else {
            let problem = PathReach.blockingDirectory(of: path).map {
                "the database \(path) cannot be reached by this user: the directory \($0) may not be entered (permission denied)"
            } ?? "no database at \(path) (\(origin)); " + (path.hasPrefix("/")
                ? "give the path of yours with --db, or for a new installation `linli admin bootstrap` creates one"
                : "run linli from the service's working directory (the systemd unit's WorkingDirectory=, /var/lib/linli) or give an absolute --db; "
                    + "for a new installation `linli admin bootstrap` creates one")
            try? FileHandle.standardError.write(contentsOf: Data("linli: \(problem)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// "database.path from flag --db", "… from linli.yaml:3:9", or "the default of database.path",
    /// with the absolute path a relative one resolved to.
    static func whereSet(_ configuration: LinliConfiguration) -> String {
        let path = configuration.databasePath
        let source = configuration.databasePathOrigin.map { "database.path from \($0.citation)" } ?? "the default of database.path"
        guard let resolved = ConfigCommand.resolved(path) else { return source }
        return "\(source), taken from the directory linli runs in: \(resolved)"
    }

    struct Bootstrap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a community with its first admin and print the admin's token (shown once).")

        @OptionGroup var common: CommonOptions
        @Option(help: "Community name, e.g. 幸福里社区.") var name: String
        @Option(help: "IANA time zone.") var timezone = "Asia/Shanghai"
        @Option(name: .customLong("admin-name"), help: "The first admin's display name.") var adminName: String
        @Option(name: .customLong("admin-phone"), help: "The first admin's mobile number.") var adminPhone: String?
        @Option(help: "Token lifetime in days.") var days = TokenLimits.defaultLifetimeDays
        @Flag(name: .customLong("allow-same-name"), help: "Create it even when a community of that name exists.")
        var allowSameName = false

        func validate() throws {
            try AdminCommand.checkTokenOptions(days: days, label: nil)
            let options = ["/name": "--name", "/timezone": "--timezone", "/admin_display_name": "--admin-name", "/admin_phone": "--admin-phone"]
            try AdminCommand.checkOptions(options) { () throws(DomainError) in
                try NewCommunityInput(name: name, timezone: timezone, adminDisplayName: adminName, adminPhone: adminPhone).validate()
            }
        }

        func run() async throws {
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                let (environment, store) = try AdminCommand.openStore(configuration)
                defer { try? environment.database.close() }
                // Run twice (the token scrolled away), it made a second community of the same name
                // (helper 136): the first one's admin wants a new token instead.
                let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
                if !allowSameName,
                    let same = try environment.database.readSync({ db in try CommunityDirectory.all(db) }).first(where: { $0.name == name }) {
                    try? FileHandle.standardError.write(contentsOf: Data("""
                        linli: a community named \(name) exists already (\(same.id)); nothing was created. For a new token for its admin, see \
                        linli admin communities and linli admin token; to create another of the same name, add --allow-same-name

                        """.utf8))
                    throw ExitCode(64)
                }
                let result = try store.transactionSync { tx in
                    try CommunityCommands.create(
                        tx, input: NewCommunityInput(name: name, timezone: timezone, adminDisplayName: adminName, adminPhone: adminPhone),
                        rules: environment.defaultRules, principal: nil, actor: .commandLine, tokenDays: days)
                }
                print("community: \(result.community.id) \(result.community.name)")
                print("admin:     \(result.admin.id) \(result.admin.displayName)")
                print("token:     \(result.token.secret)")
                print("(the token is shown once; store it safely)")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token for a member (shown once).")

        @OptionGroup var common: CommonOptions
        @Option(help: "Community id (cmt_…).") var community: String
        @Option(help: "Member id (mem_…).") var member: String
        @Option(help: "Lifetime in days.") var days = TokenLimits.defaultLifetimeDays
        @Option(help: "A label to recognise the token by.") var label = "cli"
        @Option(help: "On whose word it is issued (\"本人来电，手机丢失\"): kept in the audit log and told to the member when she already has a token.")
        var note: String?

        func validate() throws {
            try AdminCommand.checkTokenOptions(days: days, label: label)
            if let note, note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || note.count > TokenLimits.note {
                throw ValidationError("--note must be 1 to \(TokenLimits.note) characters")
            }
        }

        func run() async throws {
            guard let communityID = CommunityID(community) else { throw ValidationError("--community is not a cmt_ id") }
            guard let memberID = MemberID(member) else { throw ValidationError("--member is not a mem_ id") }
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                let (environment, store) = try AdminCommand.openExistingStore(configuration, community: communityID)
                defer { try? environment.database.close() }
                let issued = try store.transactionSync { tx in
                    try TokenCommands.issue(
                        tx, community: communityID, memberID: memberID, input: NewTokenInput(label: label, expiresInDays: days, note: note),
                        principal: nil, actor: .commandLine)
                }
                // A token for a member who may not sign in works only once her status changes
                // (helper 145 #2: one for a banned member was issued without a word).
                let member = try environment.database.readSync { db in try MemberCommands.fetch(db, community: communityID, id: memberID) }
                if !member.isActive(at: Date()) {
                    try? FileHandle.standardError.write(contentsOf: Data(
                        "linli: warning: \(member.displayName) is \(member.status.rawValue) (\(member.status == .banned ? "封禁" : "暂停使用")): this token is refused until an admin restores the account\n".utf8))
                }
                print("token:   \(issued.secret)")
                print("id:      \(issued.token.id)")
                if let expiry = issued.token.expiresAt { print("expires: \(ISO8601DateFormatter().string(from: expiry))") }
            }
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the live database (SQLite online backup API) to PATH.")

        @OptionGroup var common: CommonOptions
        @Argument(help: "Destination file; must not exist.") var path: String

        func run() async throws {
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                // Opening a path that does not exist would create an empty database, and a nightly
                // job with a mistyped path would write empty "successful" backups.
                try AdminCommand.requireDatabase(configuration)
                let database = try AppDatabase(path: configuration.databasePath, durability: configuration.durability)
                defer { try? database.close() }
                do {
                    try database.backup(to: path)
                } catch let error as StoreError where error.isBackupDestinationTaken {
                    // A file problem at the destination: exit status 2, as for the database's own file problems.
                    try? FileHandle.standardError.write(contentsOf: Data("linli: \(error)\n".utf8))
                    throw ExitCode(2)
                }
                print("backup written to \(path)")
            }
        }
    }

    struct SeedListings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-listings",
            abstract: "Fill a community with N published listings through the real create path (for load tests only).")

        @OptionGroup var common: CommonOptions
        @Option(help: "Community id (cmt_…).") var community: String
        @Option(help: "How many listings.") var count = 100_000
        @Option(help: "How many new residents own them.") var owners = 50

        func run() async throws {
            guard let communityID = CommunityID(community) else { throw ValidationError("--community is not a cmt_ id") }
            guard (1...5_000_000).contains(count), (1...10_000).contains(owners) else {
                throw ValidationError("--count must be 1…5000000 and --owners 1…10000")
            }
            let configuration = try common.load()
            try await reportingFailures(database: configuration.databasePath) {
                let (environment, store) = try AdminCommand.openExistingStore(configuration, community: communityID)
                defer { try? environment.database.close() }
                let start = Date()
                let created = try BulkListingSeeder.seed(
                    store, community: communityID, count: count, owners: owners, rules: environment.listings.rules
                ) { done in
                    if done % 10_000 == 0 { print("  \(done) listings") }
                }
                let seconds = Date().timeIntervalSince(start)
                print("seeded \(created) listings in \(String(format: "%.1f", seconds)) s")
            }
        }
    }
}
