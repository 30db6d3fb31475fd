import Foundation
import GRDB
import LinliDomain
import LinliTestSupport
import Synchronization
import Testing
@testable import LinliStore

@Suite("A crash at any point leaves the ledger verifiable")
struct CrashTests {
    /// Collects a child's standard output lines as they arrive.
    final class Lines: Sendable {
        private let state = Mutex((buffer: "", lines: [String]()))

        func append(_ data: Data) {
            state.withLock { state in
                state.buffer += String(decoding: data, as: UTF8.self)
                while let newline = state.buffer.firstIndex(of: "\n") {
                    state.lines.append(String(state.buffer[..<newline]))
                    state.buffer = String(state.buffer[state.buffer.index(after: newline)...])
                }
            }
        }

        var all: [String] { state.withLock { $0.lines } }
    }

    /// What one run of the helper came to.
    struct Run: Sendable {
        let runningWhenKilled: Bool
        let killedBySIGKILL: Bool
        let lines: [String]
    }

    /// Starts the helper, waits until it has committed `batches` batches, kills it with SIGKILL
    /// at a random moment of the next one, and returns the last seq it reported as committed. The
    /// polling and waiting happen on a thread of its own (`OwnThread`); the expectations here.
    func runAndKill(_ helper: URL, database: String, batches: Int) async throws -> Int {
        let run = try await OwnThread.run { try Self.runAndKillBlocking(helper, database: database, batches: batches) }
        #expect(run.runningWhenKilled, "the helper stopped on its own: \(run.lines.suffix(3))")
        #expect(run.killedBySIGKILL)
        #expect(run.lines.count >= batches, "the helper did not report \(batches) commits within a minute")
        return run.lines.compactMap { Int($0.split(separator: " ").last ?? "") }.max() ?? 0
    }

    private static func runAndKillBlocking(_ helper: URL, database: String, batches: Int) throws -> Run {
        let process = Process()
        process.executableURL = helper
        process.arguments = [database, "25"]
        let pipe = Pipe()
        let lines = Lines()
        pipe.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        process.standardOutput = pipe
        try ProcessLaunch.startBlocking(process)
        let deadline = Date().addingTimeInterval(60)
        while lines.all.count < batches, process.isRunning, Date() < deadline { usleep(5_000) }
        let running = process.isRunning
        usleep(UInt32.random(in: 0...20_000))  // somewhere inside the next batch
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        return Run(
            runningWhenKilled: running, killedBySIGKILL: process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
            lines: lines.all)
    }

    @Test("kill -9 mid-batch, three times over: every reported commit survives and verify passes")
    func killNine() async throws {
        let helper = try BuiltProducts.executable("LedgerCrashHelper")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("crash.sqlite").path
        var reported = 0
        for round in 1...3 {
            reported = try await runAndKill(helper, database: path, batches: 4 * round)
            let database = try AppDatabase(path: path)
            let (report, head) = try database.readSync { db in
                (try LedgerVerifier().verify(db), try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM ledger_transfers") ?? 0)
            }
            try database.close()
            #expect(report.isClean, "round \(round): \(report.render())")
            #expect(head >= reported, "round \(round): committed seq \(reported) lost (head \(head))")
            // Whole batches only: a killed batch leaves no partial trace.
            #expect(report.transfers == head)
        }
        #expect(reported > 0)
        // The operator's command agrees, and fails once the file is tampered with.
        let linli = try BuiltProducts.executable("linli")
        let ok = try await BuiltProducts.run(linli, ["ledger", "verify", "--db", path])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("OK"))
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "UPDATE ledger_postings SET amount = amount * 2 WHERE transfer_seq = 2 AND leg = 0") }
        try queue.close()
        let failed = try await BuiltProducts.run(linli, ["ledger", "verify", "--db", path])
        #expect(failed.status == 1)
        #expect(failed.output.contains("FAILED"))
        #expect(failed.output.contains("transfer seq 2 "))
    }
}
