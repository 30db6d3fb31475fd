import Foundation
import LinliApp
import LinliDomain
import LinliRules
import LinliStore
import Logging
import Testing

/// Found by review 8f (each test failed on the code it was written against): the rule directory watcher and candidates uploaded through the API.
///
/// The README: `rules.directory` — "hot reload: `<community id>.yaml` files activated when they
/// change". The usual workflow (README, rules section) is to upload the new file as a candidate
/// (`POST /v1/rules`), read its diff, then put it in force. When the operator puts the reviewed
/// file into the rules directory, `RuleDirectoryWatcher.apply` gets `rules.duplicate` from
/// `RuleSetCommands.upload` (same content hash as the stored candidate) and treats it as
/// "already stored: nothing to do" — the candidate is never activated, nothing is logged, and the
/// file is marked as seen, so it is not retried either.
@Suite struct RuleWatcherCandidateTests {
    /// Now: candidate v2 uploaded (not activated), the identical file written as
    /// `<community id>.yaml`; `scanOnce()` returns `[]` and v1 stays in force — silently.
    /// Should: the watcher puts the stored candidate in force (`[.activated(v2)]`, active v2), as it
    /// does for any other changed file.
    @Test func directoryFileIdenticalToAStoredCandidateActivatesIt() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched()
        let (directory, environment, community, watcher) = (watched.directory, watched.environment, watched.community, watched.watcher)
        func activeVersion() throws -> Int? {
            try environment.database.readSync { db in try RuleSetCommands.active(db, community: community, at: Date())?.version }
        }

        let text = RuleDirectoryWatcherTests.version(2)
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

    /// Session 16 review: a stored candidate that may not be put in force (here it would never
    /// govern: a version in force starts later) threw out of the watcher's scan from inside a
    /// catch clause, so every later community's file went unapplied, round after round. Now the
    /// file is refused, logged, and the scan goes on.
    @Test func aCandidateThatMayNotBeActivatedDoesNotStopTheScan() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched()
        let (directory, environment, community, watcher) = (watched.directory, watched.environment, watched.community, watched.watcher)
        func starting(_ version: Int, _ when: String) -> String {
            RuleDirectoryWatcherTests.version(version)
                .replacingOccurrences(of: #"effective_from: "2026-01-01 00:00""#, with: #"effective_from: "\#(when)""#)
        }
        let later = try environment.store.transactionSync { tx in
            _ = try RuleSetCommands.upload(
                tx, community: community, source: RuleSource(fileName: "v2.yaml", text: starting(2, "2026-06-01 00:00")), principal: nil,
                actor: .commandLine, activate: true)
            _ = try RuleSetCommands.upload(
                tx, community: community, source: RuleSource(fileName: "v3.yaml", text: starting(3, "2026-03-01 00:00")), principal: nil,
                actor: .commandLine, activate: false)
            return try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "第二社区", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine).community.id
        }
        #expect(later.rawValue > community.rawValue, "the second community's file is scanned after the first's")
        try starting(3, "2026-03-01 00:00").write(to: directory.appendingPathComponent("\(community).yaml"), atomically: true, encoding: .utf8)
        try RuleDirectoryWatcherTests.version(2).write(to: directory.appendingPathComponent("\(later).yaml"), atomically: true, encoding: .utf8)
        let outcomes = try await watcher.scanOnce()
        #expect(outcomes == [.refused(community: community, code: "rules.never_in_force"), .activated(community: later, version: 2)])
    }
}
