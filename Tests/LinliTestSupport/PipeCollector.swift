import Foundation
import Synchronization

/// Collects what a child process writes to one pipe as it arrives (on the pipe's handler thread),
/// so a test reads it without blocking, waits for a line with a deadline that can actually fire,
/// and the child never stalls on a full pipe (a server logging at info fills 64 KB quickly).
///
/// A blocking `availableData` loop has none of these: its deadline is checked only after the
/// next write, so a child that stalls silently hangs the test for as long as it lives.
public final class PipeCollector: Sendable {
    private let state = Mutex((bytes: [UInt8](), ended: false))

    public init(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil  // end of file: the child closed its end
                state.withLock { $0.ended = true }
            } else {
                state.withLock { $0.bytes += data }
            }
        }
    }

    /// Everything written so far (decoded whole, so a character split across writes survives).
    public var text: String { state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }

    /// Whether the child closed the pipe (exited, usually).
    public var ended: Bool { state.withLock { $0.ended } }

    /// Waits until `done` holds for the text, the pipe ends or `timeout` passes, polling with
    /// `Task.sleep` (no thread blocked); returns the text at that moment.
    @discardableResult
    public func wait(timeout: Duration, until done: (String) -> Bool = { _ in false }) async -> String {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let (text, ended) = state.withLock { (String(decoding: $0.bytes, as: UTF8.self), $0.ended) }
            if done(text) || ended || ContinuousClock.now >= deadline { return text }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
