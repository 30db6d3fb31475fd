import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes one at a time across the whole test run, and never while the test
/// process has so many files open that Foundation's `Process.run()` would crash.
///
/// Why: on Linux, `Process.run()` lists `/proc/self/fd` to close every other descriptor in the
/// child, and copies each entry's whole 256-byte `d_name` out of glibc's 32 KB directory buffer
/// (swift-corelibs-foundation, `findMaximumOpenFromProcSelfFD`). Once a process has about 1,360
/// descriptors open, one read fills that buffer, the last entry sits at its very end, and the copy
/// runs past it: signal 11 in `__memcpy_avx512_unaligned_erms` under `Process.run()` whenever the
/// next page is unmapped. The parallel suite got there: Swift Testing starts every async test at
/// once, and some 260 API fixtures (five descriptors each: two SQLite connections with their WAL
/// files, and the shared memory) were alive together while the ledger crash test spawned its
/// helper (CI run of 395f2cf; the same crash, misread as overlapping `run()` calls, in sessions 32
/// and 33). `scripts/test.sh` bounds the suite's parallelism, which keeps the count near 250;
/// this gate keeps a plain `swift test` from crashing too: it waits until the count is below
/// `descriptorLimit` before starting a child.
public enum ProcessLaunch {
    private static let lock = NSLock()

    /// Well under the ~1,360 entries that fill the directory buffer, leaving room for what other
    /// tests open between the count and the spawn.
    public static let descriptorLimit = 1_000

    /// How long a start waits for other tests to close files before it goes ahead anyway (and
    /// says so on standard error).
    static let patience: Duration = .seconds(120)

    /// For a test's own task: waits without blocking a thread of the test pool, then starts.
    public static func start(_ process: Process) async throws {
        let deadline = ContinuousClock.now.advanced(by: patience)
        while openDescriptors() >= descriptorLimit, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try launch(process)
    }

    /// For work already on a thread of its own (`OwnThread`): waits by sleeping that thread.
    public static func startBlocking(_ process: Process) throws {
        let deadline = ContinuousClock.now.advanced(by: patience)
        while openDescriptors() >= descriptorLimit, ContinuousClock.now < deadline {
            usleep(50_000)
        }
        try launch(process)
    }

    private static func launch(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        let open = openDescriptors()
        if open >= descriptorLimit {
            FileHandle.standardError.write(Data("ProcessLaunch: starting a child with \(open) files open in the test process\n".utf8))
        }
        try process.run()
    }

    /// The number of this process's open file descriptors, counted from `/proc/self/fd` without
    /// reading the entries' names (the very copy that crashes Foundation). Zero where there is no
    /// `/proc` (the gate then lets everything through, as Foundation estimates there too).
    public static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            // "." and ".." are directories; descriptors are symbolic links.
            if entry.pointee.d_type != UInt8(DT_DIR) { count += 1 }
        }
        return max(count - 1, 0)  // the directory's own descriptor
    }
}
