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
}
