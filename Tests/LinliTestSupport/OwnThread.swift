import Foundation

/// Runs blocking work — waiting for a child process, reading its pipe, polling with sleeps — on a
/// thread of its own and lets the calling task await it.
///
/// Swift Testing runs every test, synchronous ones included, on the cooperative thread pool, which
/// has one thread per CPU. A test that blocks one of them (`waitUntilExit`, `readDataToEndOfFile`,
/// `Thread.sleep`) takes half of a 2-CPU CI machine away from every other test for as long as it
/// waits: their servers, timers and polls stall, and a test with a deadline fails for a reason that
/// has nothing to do with it. Work handed to `OwnThread.run` blocks only its own thread.
///
/// Keep `#expect` and `#require` out of the body: Swift Testing finds the test an issue belongs
/// to through the calling task, which a new thread does not have. Return what was seen and check
/// it after the `await`.
public enum OwnThread {
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The same for work that cannot fail.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}
