import Foundation
import LinliTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the built `linli` executable as a child process, the way an operator would.
struct LinliBinary {
    let url: URL

    /// The `linli` built next to the test bundle (same build configuration and scratch path).
    static func locate() throws -> LinliBinary {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let binary = directory.appendingPathComponent("linli")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return LinliBinary(url: binary) }
        }
        throw BinaryError.notBuilt(candidates.map(\.path))
    }

    /// Runs to completion; returns exit status, stdout and stderr. The waiting happens on a thread
    /// of its own (`OwnThread`), not on one of the test pool's.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = configured(arguments, environment: environment)
        return try await OwnThread.run { try Self.runToCompletion(process) }
    }

    private static func runToCompletion(_ process: Process) throws -> (status: Int32, stdout: String, stderr: String) {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    func configured(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LINLI_") }
        // Photos beside the test's database, not in the checkout's `./data/photos`: a test
        // service sweeping that directory would delete the demo's photos its database names.
        if let flag = arguments.firstIndex(of: "--db"), flag + 1 < arguments.count {
            env["LINLI_PHOTOS_PATH"] = URL(fileURLWithPath: arguments[flag + 1]).deletingLastPathComponent().appendingPathComponent("photos").path
        }
        env.merge(environment) { $1 }
        process.environment = env
        return process
    }

    enum BinaryError: Error {
        case notBuilt([String])
        case noPort(String)
    }
}

/// A running `linli serve` child process.
final class RunningServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let stdout: Pipe
    let stderr: Pipe

    /// Starts `linli serve --port 0 …` and waits for the "listening" line to learn the port, on a
    /// thread of its own (`OwnThread`): the start-up takes seconds on a busy machine.
    static func start(binary: LinliBinary, arguments: [String], environment: [String: String] = [:]) async throws -> RunningServer {
        try await OwnThread.run { try RunningServer(binary: binary, arguments: arguments, environment: environment) }
    }

    private init(binary: LinliBinary, arguments: [String], environment: [String: String]) throws {
        process = binary.configured(["serve", "--port", "0"] + arguments, environment: environment)
        stdout = Pipe()
        stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.05); continue }
            seen += String(decoding: chunk, as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: { $0.hasPrefix("linli listening on http://") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0) })
            {
                found = port
            }
        }
        guard let found else {
            process.terminate()
            throw LinliBinary.BinaryError.noPort(seen + String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self))
        }
        port = found
        self.banner = seen
    }

    /// Everything printed on stdout up to and including the listening line.
    let banner: String

    func get(_ path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// SIGKILL: no shutdown handler, no flush, no checkpoint — a crash as far as the data can tell.
    func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        let process = process
        await OwnThread.run { process.waitUntilExit() }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> (status: Int32, stderr: String) {
        signalTermination()
        return await exited()
    }

    /// Sends SIGTERM and returns at once (the graceful shutdown runs while the caller looks on).
    func signalTermination() {
        send(SIGTERM)
    }

    /// Sends `signal` and returns at once (SIGINT: a Ctrl-C at the terminal).
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits (on a thread of its own) for the process to end; its exit status and everything it
    /// wrote on stderr.
    func exited() async -> (status: Int32, stderr: String) {
        await OwnThread.run { [self] in
            let err = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: err, as: UTF8.self))
        }
    }
}
