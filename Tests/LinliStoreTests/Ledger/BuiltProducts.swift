import Foundation
import LinliTestSupport

/// Finds executables built next to the test bundle (`swift build --build-tests` builds them all), or
/// in `LINLITESTS_BUILD_DIR` (not `LINLI_…`: the service refuses unknown variables of its own prefix).
/// A missing executable is a test failure with instructions, never a silent skip.
enum BuiltProducts {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        var description: String {
            "executable \(name) not found (searched \(searched.joined(separator: ", "))); run `swift build --build-tests` first"
        }
    }

    static func executable(_ name: String) throws -> URL {
        var directories: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["LINLITESTS_BUILD_DIR"] {
            directories.append(URL(fileURLWithPath: explicit))
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        directories.append(runner.deletingLastPathComponent())
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug"))
        for directory in directories {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Missing(name: name, searched: directories.map(\.path))
    }

    /// Runs an executable to completion and returns its exit status and standard output (waiting on
    /// a thread of its own, not on one of the test pool's: `OwnThread`).
    static func run(_ url: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await OwnThread.run { try runToCompletion(url, arguments) }
    }

    private static func runToCompletion(_ url: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try ProcessLaunch.startBlocking(process)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
