import Foundation
import LinliApp
import LinliDomain
import LinliRules
import LinliStore
import Logging
import Testing

/// Found by review 9f (each test failed first): `RuleDirectoryWatcher.applyStored` (review 9c) refuses a file reverted to an older
/// *activated* version, but not one reverted to an older *candidate*.
@Suite struct RuleWatcherOlderCandidateTests {
    /// Candidate v2 is uploaded through the API and never put in force; v3 then goes in force
    /// through the rules directory. Later the file is written with v2's text (an old reviewed
    /// file copied back, the "reverted" case 9c meant to catch). `applyStored` sees a candidate and
    /// activates it (`activateCandidate`), logs "rule file activated a stored candidate" and returns
    /// `.activated(v2)` — yet v3 stays in force (the version in force is the latest
    /// `effective_from`, then the highest version), so the log and the outcome claim something
    /// that did not happen, and the directory again says v2 while v3 serves. A candidate older
    /// than the version in force must be refused like a superseded activated version
    /// (`rules.superseded`), or actually be in force.
    @Test func aFileRevertedToAnOlderCandidateIsRefusedNotReportedActivated() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched()
        let (directory, environment, community, watcher) = (watched.directory, watched.environment, watched.community, watched.watcher)
        func activeVersion() throws -> Int? {
            try environment.database.readSync { db in try RuleSetCommands.active(db, community: community, at: Date())?.version }
        }
        let file = directory.appendingPathComponent("\(community).yaml")
        let candidate = try environment.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: community, source: RuleSource(fileName: "candidate.yaml", text: RuleDirectoryWatcherTests.version(2)),
                principal: nil, actor: .commandLine, activate: false)
        }
        #expect(candidate.status == .candidate)
        try RuleDirectoryWatcherTests.version(3).write(to: file, atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.activated(community: community, version: 3)])
        #expect(try activeVersion() == 3)

        try RuleDirectoryWatcherTests.version(2).write(to: file, atomically: true, encoding: .utf8)
        let outcomes = try await watcher.scanOnce()
        let inForce = try activeVersion()

        let claimsActivation = outcomes.contains(.activated(community: community, version: 2))
        #expect(!(claimsActivation && inForce != 2),
                "the scan reported \(outcomes) but version \(String(describing: inForce)) is in force")
        #expect(outcomes == [.refused(community: community, code: "rules.superseded")] || inForce == 2,
                "file holds v2, v\(String(describing: inForce)) in force, scan reported \(outcomes)")
    }
}
