import Foundation
import LinliStore
import LinliTestSupport
import Testing

/// Helper 113: a file inside a directory the user may not enter was reported as missing. Only a
/// path that cannot be looked at because of such a directory names one; a missing path, a
/// present file and a missing file in a reachable directory name none. (Root enters every
/// directory, so the blocked case is checked only when the tests run as another user.)
@Suite struct PathReachTests {
    @Test func namesOnlyADirectoryThatBlocksTheWay() throws {
        let scratch = try TemporaryDirectory(prefix: "linli-reach")
        let file = scratch.url.appendingPathComponent("present.yaml")
        try Data("x: 1\n".utf8).write(to: file)
        #expect(PathReach.blockingDirectory(of: file.path) == nil)
        #expect(PathReach.blockingDirectory(of: scratch.url.appendingPathComponent("absent.yaml").path) == nil)
        #expect(PathReach.blockingDirectory(of: scratch.url.appendingPathComponent("a/b/c.sqlite").path) == nil)

        let closed = scratch.url.appendingPathComponent("closed")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: false)
        try Data("x: 1\n".utf8).write(to: closed.appendingPathComponent("inside.yaml"))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: closed.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: closed.path) }
        if getuid() != 0 {
            #expect(PathReach.blockingDirectory(of: closed.appendingPathComponent("inside.yaml").path) == closed.path)
            #expect(PathReach.blockingDirectory(of: closed.appendingPathComponent("sub/x.sqlite").path) == closed.path)
        }
    }
}
