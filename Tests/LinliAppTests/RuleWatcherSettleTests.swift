import Foundation
import LinliApp
import LinliDomain
import LinliRules
import LinliStore
import Logging
import Testing

/// Found by review (session 22): the watcher read a file as soon as its content changed. A file
/// copied in place (`cp`, `scp`) is written piece by piece; read cut off before its `tests:`
/// section it passed every check, was stored and put in force, and the complete file was then
/// refused as `rules.version_not_increasing`. A file is now read only once it has settled.
@Suite struct RuleWatcherSettleTests {
    static let hour: TimeInterval = 3600

    /// The default file as version 2, and the same text cut at the line before `tests:`.
    static func completeAndCut() throws -> (complete: String, cut: String) {
        let complete = RuleDirectoryWatcherTests.version(2)
        let cut = try #require(complete.range(of: "\ntests:")).lowerBound
        return (complete, String(complete[..<cut]) + "\n")
    }

    func activeVersion(_ watched: RuleDirectoryWatcherTests.Watched) throws -> Int? {
        try watched.environment.database.readSync { db in
            try RuleSetCommands.active(db, community: watched.community, at: Date())?.version
        }
    }

    /// The cut text alone is a valid rule file: what a half-copied file would have put in force.
    @Test func aFileCutBeforeItsTestsWouldPassTheChecks() throws {
        let (_, cut) = try Self.completeAndCut()
        #expect(RuleSetCompiler.check(cut, fileName: "cut.yaml").compiled != nil)
    }

    @Test func aFileStillBeingWrittenIsReadOnlyOnceItStopsChanging() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched(settle: .seconds(3600))
        let file = watched.directory.appendingPathComponent("\(watched.community).yaml")
        let (complete, cut) = try Self.completeAndCut()

        // The copy has written its first part.
        try Data(cut.utf8).write(to: file)
        #expect(try await watched.watcher.scanOnce() == [])
        #expect(try activeVersion(watched) == 1)

        // The rest arrives before the next scan: changed since the last look, so still not read.
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(complete.utf8.dropFirst(cut.utf8.count)))
        try handle.close()
        #expect(try String(contentsOf: file, encoding: .utf8) == complete)
        #expect(try await watched.watcher.scanOnce() == [])
        #expect(try activeVersion(watched) == 1)

        // Unchanged on the next scan: complete, read, in force.
        #expect(try await watched.watcher.scanOnce() == [.activated(community: watched.community, version: 2)])
        #expect(try activeVersion(watched) == 2)
        #expect(try await watched.watcher.scanOnce() == [])
    }

    @Test func aFileUntouchedForTheSettleTimeIsReadAtOnce() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched(settle: .seconds(60))
        let file = watched.directory.appendingPathComponent("\(watched.community).yaml")
        try RuleDirectoryWatcherTests.version(2).write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-Self.hour)], ofItemAtPath: file.path)
        #expect(try await watched.watcher.scanOnce() == [.activated(community: watched.community, version: 2)])
    }
}
