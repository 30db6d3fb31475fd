import Foundation

/// Starts child processes one at a time across the whole test run.
///
/// Foundation's `Process.run()` on Linux crashed twice under the parallel suite (signal 11, a
/// `memcpy` from a bad pointer inside `run()`, in the ledger crash test's thread while the
/// end-to-end suites were spawning `linli` beside it: session 32's and session 33's clean-clone
/// runs). Every test that spawns a process starts it through here, so no two `run()` calls
/// overlap; what the children then do still runs in parallel.
public enum ProcessLaunch {
    private static let lock = NSLock()

    public static func start(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        try process.run()
    }
}
