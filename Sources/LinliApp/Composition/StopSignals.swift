import Foundation
import UnixSignals

/// The signals that stop `linli serve` gracefully: SIGTERM (systemd, Kubernetes, `docker stop`),
/// SIGINT (Ctrl-C), and SIGHUP (the terminal it was started from closed, an SSH session dropped).
///
/// Why SIGHUP: its default action ended the process at once, without the drain that SIGTERM gets
/// (helper 113): nothing is lost by that (the crash tests), but webhook deliveries in flight are
/// sent twice and requests are cut off mid-answer. Unless SIGHUP was ignored when the process
/// started (`nohup linli serve &`): the operator asked for the server to outlive the terminal,
/// and trapping the signal would undo that. It is looked at before ServiceLifecycle installs its
/// handlers, which set every trapped signal to ignored.
enum StopSignals {
    static func atStart() -> [UnixSignal] {
        hangupIgnored() ? [.sigterm, .sigint] : [.sigterm, .sigint, .sighup]
    }

    /// Whether SIGHUP is ignored now (`SIG_IGN`, as `nohup` leaves it).
    static func hangupIgnored() -> Bool {
        var current = sigaction()
        guard sigaction(SIGHUP, nil, &current) == 0 else { return false }
        // The handler's field is named differently by each C library (helper 122).
        #if canImport(Glibc)
        let handler = current.__sigaction_handler.sa_handler
        #elseif canImport(Musl)
        let handler = current.__sa_handler.sa_handler
        #else
        let handler = current.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
