import Foundation
import Logging
import UnixSignals

/// A second Ctrl-C (SIGINT) or SIGTERM during the graceful shutdown stops the process at once.
///
/// Why: the drain may wait up to `server.shutdown_grace_seconds` for webhook deliveries in
/// flight, and an operator at a terminal who presses Ctrl-C again means "now", as with most
/// servers. ServiceLifecycle cannot be told this itself (its graceful and cancellation signal
/// sets must be disjoint), so this watches the same signals beside the group: the first one is
/// the group's (graceful shutdown), the second ends the process with status 130. Nothing is lost
/// by it: every write is a committed SQLite transaction (WAL) or not made, and a webhook delivery
/// not yet recorded as delivered is sent again, with the same id, at the next start — what a
/// kill -9 leaves, which the crash tests check.
enum SecondSignalExit {
    /// Starts watching; cancel the task once the group has returned.
    static func watch(logger: Logger) async -> Task<Void, Never> {
        // Registered before the group runs, so no signal arrives unseen.
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return Task {
            var seen = 0
            for await signal in signals {
                seen += 1
                guard seen >= 2 else { continue }
                logger.warning(
                    """
                    second \(signal) during the graceful shutdown: stopping now without waiting \
                    (webhook deliveries not yet recorded are sent again at the next start)
                    """)
                // `_exit`, not `exit`: the other threads are still running, and the atexit
                // handlers (libcurl's, the runtime's) are not theirs to pull away. Logs flushed first.
                fflush(nil)
                _exit(130)
            }
        }
    }
}
