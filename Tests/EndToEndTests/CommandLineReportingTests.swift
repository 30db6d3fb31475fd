import Foundation
import LinliTestSupport
import Testing

/// Found by review 8e (each test failed on the code it was written against): the command-line fixes of
/// review 8d, as an operator runs the built `linli`.
@Suite(.serialized) struct CommandLineReportingTests {
    /// Removed with the suite instance (one per test).
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-r8e") }

    /// A fresh directory inside `scratch`.
    func temporaryDirectory() throws -> URL {
        let url = scratch.url.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What a user sees now: with `LINLI_WEBHOOKS_PROXY=alice:S3cr3tPa55@proxy.internal:3128` (the
    /// scheme-less `user:password@host:port` form libcurl takes for `CURLOPT_PROXY`, which
    /// `webhooks.proxy` is handed to unchanged and which deliveries then use), `linli config`
    /// prints `webhooks.proxy = "alice:S3cr3tPa55@proxy.internal:3128"`: `ConfigCommand.shown`
    /// masks the password only when `URLComponents` finds one, and without a scheme it parses
    /// `alice` as the scheme and sees no password. The proxy password ends up in terminal
    /// scroll-back, CI logs and support tickets. OPERATIONS.md: `linli config` lists each
    /// setting "(… a proxy password masked)".
    /// What should happen: the password is not printed (masked, or the whole value withheld).
    @Test func configDoesNotPrintASchemelessProxyPassword() async throws {
        let binary = try LinliBinary.locate()
        let result = try await binary.run(["config"], environment: ["LINLI_WEBHOOKS_PROXY": "alice:S3cr3tPa55@proxy.internal:3128"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("webhooks.proxy"))
        #expect(!result.stdout.contains("S3cr3tPa55"), "the proxy password is printed:\n\(result.stdout)")
    }

    /// What a user sees now: `linli rules diff rules/default.yaml --against active --community C
    /// --db DB` for a community with no rules in force (a mistyped id, or the wrong database)
    /// exits 1 with ArgumentParser's dump of the Swift value on stderr:
    /// `Error: DomainError(code: "rules.no_active_version", category: LinliDomain.DomainError.Category.conflict, …`.
    /// `rules diff` is not wrapped in `reportingFailures`, so review 8d's fix (refusals printed as
    /// the catalogued zh/en message) does not reach it. OPERATIONS.md: "command-line refusals are
    /// printed as the catalogued message in Chinese and English".
    /// What should happen: the catalogued message (and its code), no Swift type dump.
    @Test func rulesDiffRefusalIsPrintedAsACatalogMessage() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let migrated = try await binary.run(["migrate", "--db", database])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let candidate = Self.packageRoot.appendingPathComponent("rules/default.yaml").path
        let result = try await binary.run([
            "rules", "diff", candidate, "--against", "active", "--community", "cmt_00000000000000000000000001", "--db", database,
        ])
        #expect(result.status != 0)
        #expect(!result.stderr.contains("LinliDomain."), "a Swift type dump instead of a message:\n\(result.stderr)")
        // No such community: said as such, as `fraud report` says it (session 32 walk: it read
        // "no rules in force").
        #expect(result.stderr.contains("community.not_found"), "the refusal's code is missing:\n\(result.stderr)")
        #expect(!result.stderr.contains("rules.no_active_version"))
    }

    /// Helper 113: a mistyped `--community` was a foreign-key error of SQLite (`admin
    /// seed-listings`), "no rules in force" (`rules revalue`) or "member not found" (`admin token`).
    @Test func everyCommandNamesAMissingCommunity() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("linli.sqlite").path
        let migrated = try await binary.run(["migrate", "--db", database])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let missing = "cmt_00000000000000000000000001"
        for arguments in [
            ["admin", "seed-listings", "--community", missing, "--count", "1"],
            ["rules", "revalue", "--community", missing, "--reason", "x"],
            ["admin", "token", "--community", missing, "--member", "mem_00000000000000000000000001"],
        ] {
            let result = try await binary.run(arguments + ["--db", database])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("community.not_found"), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("SQLite") && !result.stderr.contains("member.not_found"), "\(arguments): \(result.stderr)")
        }
    }

    /// Helper 115: the text report counted a listing the current file could not value as one
    /// "cannot value under the candidate" (the JSON said `under_candidate: false`).
    @Test func diffNamesWhichFileCouldNotValueAListing() async throws {
        let binary = try LinliBinary.locate()
        let directory = try temporaryDirectory()
        let listings = directory.appendingPathComponent("listings.json")
        try Data(#"[{"id":"L1","input":{"kind":"item","category":"nope","declared_cost":"10"}}]"#.utf8).write(to: listings)
        let file = Self.packageRoot.appendingPathComponent("rules/default.yaml").path
        let result = try await binary.run(["rules", "diff", file, "--against", file, "--listings", listings.path, "--lang", "en"])
        #expect(result.stdout.contains("cannot value under the current file: 1"), "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("L1: the category is not defined in the rule file [valuation.unknown_category]"), "\(result.stdout)")
        #expect(!result.stdout.contains("under the candidate"), "\(result.stdout)")
    }

    /// Helper 113: `linli config` (the check before a start) said "valid" while `serve` warned at
    /// start that the grace could cut webhook deliveries short. It warns too, and still passes.
    @Test func configWarnsOfAGraceTooShortForTheWebhookTimeout() async throws {
        let binary = try LinliBinary.locate()
        let result = try await binary.run(["config"], environment: ["LINLI_WEBHOOKS_TIMEOUT_SECONDS": "30"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: server.shutdown_grace_seconds (40) is below 2 × webhooks.timeout_seconds + 5 (65)"), "\(result.stderr)")
        let fine = try await binary.run(["config"])
        #expect(!fine.stderr.contains("warning"), "\(fine.stderr)")
    }
}
