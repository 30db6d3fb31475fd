import Foundation
import LinliApp
import LinliDomain
import LinliRules
import LinliStore
import LinliTestSupport
import Logging
import Testing

@Suite struct RuleDirectoryWatcherTests {
    static func version(_ number: Int, extra: String = "") -> String {
        RulePresets.text(named: "default")!
            .replacingOccurrences(of: "version: 1    ", with: "version: \(number)    ")
            .replacingOccurrences(of: "rounding: half_even", with: "rounding: half_even" + extra)
    }

    /// A demo community in memory, a fresh rules directory and a watcher over it.
    struct Watched {
        /// Removed with the fixture.
        let scratch: TemporaryDirectory
        var directory: URL { scratch.url }
        let environment: LinliEnvironment
        let community: CommunityID
        let watcher: RuleDirectoryWatcher

        /// - Parameter settle: zero reads every changed file at once (tests write atomically).
        init(settle: Duration = .zero) throws {
            scratch = try TemporaryDirectory(prefix: "linli-rules")
            let directory = scratch.url
            let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["rules.directory": directory.path])
            environment = try LinliEnvironment(configuration: configuration, database: try AppDatabase(), logger: Logger(label: "test"))
            community = try DemoSeeder.seed(environment.store, rules: environment.defaultRules).community.id
            watcher = RuleDirectoryWatcher(directory: directory, store: environment.store, logger: Logger(label: "test"), settle: settle)
        }
    }

    @Test func changedFilesAreActivatedAndInvalidOnesLeaveTheOldRulesServing() async throws {
        let watched = try Watched()
        let (directory, environment, community, watcher) = (watched.directory, watched.environment, watched.community, watched.watcher)
        let file = directory.appendingPathComponent("\(community).yaml")
        func activeVersion() throws -> Int? {
            try environment.database.readSync { db in try RuleSetCommands.active(db, community: community, at: Date())?.version }
        }

        try Self.version(2).write(to: file, atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.activated(community: community, version: 2)])
        #expect(try activeVersion() == 2)
        #expect(try await watcher.scanOnce() == [])  // unchanged: nothing to do

        try Self.version(3, extra: "\nbogus_key: 1").write(to: file, atomically: true, encoding: .utf8)
        let refused = try await watcher.scanOnce()
        guard case .rejected(_, let diagnostics)? = refused.first else { Issue.record("expected a rejection, got \(refused)"); return }
        #expect(diagnostics.contains { $0.code == "rules.unknown_key" && $0.file == "\(community).yaml" })
        #expect(try activeVersion() == 2)

        try Self.version(3).write(to: file, atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.activated(community: community, version: 3)])
        #expect(try activeVersion() == 3)

        // Files for unknown communities or with other names are ignored or refused, never crash.
        try "x".write(to: directory.appendingPathComponent("notes.yaml"), atomically: true, encoding: .utf8)
        try Self.version(4).write(to: directory.appendingPathComponent("cmt_00000000000000000000000000.yaml"), atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.refused(community: CommunityID("cmt_00000000000000000000000000")!, code: "community.not_found")])
    }
}
