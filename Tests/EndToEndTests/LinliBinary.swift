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
        try ProcessLaunch.startBlocking(process)
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

/// A running `linli serve` child process. Its output is collected as it arrives
/// (`PipeCollector`), so a silent or chatty server cannot hang a test; one a failed test left
/// running is killed when the last reference goes.
final class RunningServer: @unchecked Sendable {
    let process: Process
    let port: Int
    /// Everything printed on stdout up to and including the listening line.
    let banner: String
    private let errors: PipeCollector

    private init(process: Process, port: Int, banner: String, errors: PipeCollector) {
        self.process = process
        self.port = port
        self.banner = banner
        self.errors = errors
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Starts `linli serve --port 0 …` and waits (at most a minute, without blocking a thread) for
    /// the "listening" line to learn the port.
    /// - Parameter launcher: a program that runs `linli` in turn (`/usr/bin/nohup`), with the
    ///   same process id (it execs it).
    static func start(
        binary: LinliBinary, arguments: [String], environment: [String: String] = [:], launcher: String? = nil
    ) async throws -> RunningServer {
        let process = binary.configured(["serve", "--port", "0"] + arguments, environment: environment)
        if let launcher {
            process.arguments = [binary.url.path] + (process.arguments ?? [])
            process.executableURL = URL(fileURLWithPath: launcher)
        }
        let (stdout, stderr) = (Pipe(), Pipe())
        process.standardOutput = stdout
        process.standardError = stderr
        let output = PipeCollector(stdout)
        let errors = PipeCollector(stderr)
        try await ProcessLaunch.start(process)
        let seen = await output.wait(timeout: .seconds(60)) { port(in: $0) != nil }
        guard let port = port(in: seen) else {
            kill(process.processIdentifier, SIGKILL)
            await OwnThread.run { process.waitUntilExit() }
            throw LinliBinary.BinaryError.noPort(seen + errors.text)
        }
        return RunningServer(process: process, port: port, banner: seen, errors: errors)
    }

    private static func port(in output: String) -> Int? {
        output.split(separator: "\n").first { $0.hasPrefix("linli listening on http://") }
            .flatMap { $0.split(separator: ":").last.flatMap { Int($0) } }
    }

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
        let process = process
        await OwnThread.run { process.waitUntilExit() }
        // The pipe ends with the process (nothing else holds its write end); a moment for the
        // handler to read the last of it.
        let text = await errors.wait(timeout: .seconds(10))
        return (process.terminationStatus, text)
    }
}
