import Foundation
import Logging
import UnixSignals

/// A second Ctrl-C (SIGINT), SIGTERM or SIGHUP during the graceful shutdown stops the process at once.
///
/// Why: the drain may wait up to `server.shutdown_grace_seconds` for webhook deliveries in
/// flight, and an operator at a terminal who presses Ctrl-C again means "now", as with most
/// servers. ServiceLifecycle cannot be told this itself (its graceful and cancellation signal
/// sets must be disjoint), so `ShutdownAnnouncer` starts this watch once the graceful shutdown has
/// begun, before it turns readiness off: only a signal that arrives after that counts (one the
/// group missed at start-up, or the one that began the shutdown, never does), and the process
/// ends with 128 + the signal's number, as a process killed by it would. Nothing is lost by it:
/// every write is a committed SQLite transaction (WAL) or not made, and a webhook delivery not
/// yet recorded as delivered is sent again, with the same id, at the next start — what a kill -9
/// leaves, which the crash tests check.
enum SecondSignalExit {
    /// Starts watching (the signals are registered when this returns); the task never ends by
    /// itself: the process ends first.
    static func watch(_ trapped: [UnixSignal], logger: Logger) async -> Task<Void, Never> {
        let signals = await UnixSignalsSequence(trapping: trapped)
        return Task {
            for await signal in signals {
                logger.warning(
                    """
                    second \(signal) during the graceful shutdown: stopping now without waiting \
                    (webhook deliveries not yet recorded are sent again at the next start)
                    """)
                // `_exit`, not `exit`: the other threads are still running, and the atexit
                // handlers (libcurl's, the runtime's) are not theirs to pull away. Logs flushed first.
                fflush(nil)
                _exit(128 + signal.rawValue)
            }
        }
    }
}
