import Foundation
import LinliApp
import LinliDomain
import LinliRules
import LinliStore
import Logging
import Testing

/// Review 8f: the rule directory watcher and candidates uploaded through the API.
///
/// The README: `rules.directory` — "hot reload: `<community id>.yaml` files activated when they
/// change". The usual workflow (README, rules section) is to upload the new file as a candidate
/// (`POST /v1/rules`), read its diff, then put it in force. When the operator puts the reviewed
/// file into the rules directory, `RuleDirectoryWatcher.apply` gets `rules.duplicate` from
/// `RuleSetCommands.upload` (same content hash as the stored candidate) and treats it as
/// "already stored: nothing to do" — the candidate is never activated, nothing is logged, and the
/// file is marked as seen, so it is not retried either.
@Suite struct Review8fRuleWatcherTests {
    static func version(_ number: Int) -> String {
        RulePresets.text(named: "default")!.replacingOccurrences(of: "version: 1    ", with: "version: \(number)    ")
    }

    /// Now: candidate v2 uploaded (not activated), the identical file written as
    /// `<community id>.yaml`; `scanOnce()` returns `[]` and v1 stays in force — silently.
    /// Should: the watcher puts the stored candidate in force (`[.activated(v2)]`, active v2), as it
    /// does for any other changed file.
    @Test func directoryFileIdenticalToAStoredCandidateIsNeverActivated() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["rules.directory": directory.path])
        let environment = try LinliEnvironment(configuration: configuration, database: try AppDatabase(), logger: Logger(label: "test"))
        let community = try DemoSeeder.seed(environment.store, rules: environment.defaultRules).community.id
        let watcher = RuleDirectoryWatcher(directory: directory, store: environment.store, logger: Logger(label: "test"))
        func activeVersion() throws -> Int? {
            try environment.database.readSync { db in try RuleSetCommands.active(db, community: community, at: Date())?.version }
        }

        let text = Self.version(2)
        let candidate = try environment.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: community, source: RuleSource(fileName: "candidate.yaml", text: text), principal: nil,
                actor: .commandLine, activate: false)
        }
        #expect(candidate.status == .candidate)
        #expect(try activeVersion() == 1)

        try text.write(to: directory.appendingPathComponent("\(community).yaml"), atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.activated(community: community, version: 2)])
        #expect(try activeVersion() == 2, "the reviewed candidate dropped into the rules directory must be put in force")
    }
}
