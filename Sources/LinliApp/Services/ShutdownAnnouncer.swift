import Logging
import ServiceLifecycle
import UnixSignals

/// The service that turns readiness off when graceful shutdown begins. It is the last in the
/// group, and a ServiceGroup shuts its services down in reverse order, so it hears of the
/// shutdown first, before the background services drain and long before the HTTP server (the
/// first service) stops taking connections.
public struct ShutdownAnnouncer: Service {
    let state: ShutdownState
    let logger: Logger
    /// The signals a second one of which stops the process at once (`SecondSignalExit`): the
    /// server's stop signals (`StopSignals`); none in in-process tests.
    let secondSignals: [UnixSignal]

    public init(state: ShutdownState, logger: Logger, secondSignals: [UnixSignal] = []) {
        self.state = state
        self.logger = logger
        self.secondSignals = secondSignals
    }

    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch is CancellationError {
            return  // the group was cancelled (a service failed): nothing graceful to announce
        }
        // Watching before readiness turns off: a client that saw the 503 may send the next signal.
        if !secondSignals.isEmpty { _ = await SecondSignalExit.watch(secondSignals, logger: logger) }
        state.begin()
        logger.info("graceful shutdown started: /readyz answers 503 while in-flight work finishes")
    }
}
