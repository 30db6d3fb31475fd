import Synchronization

/// Whether the service has begun its graceful shutdown, and when. `/readyz` answers 503 from then
/// on, so a load balancer takes the instance out of rotation while in-flight requests and
/// deliveries finish (`/healthz` stays 200: the process is alive until it exits). Before, readiness
/// only looked at the database, and new traffic kept arriving for the whole grace period.
public final class ShutdownState: Sendable {
    private let began = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    public var hasBegun: Bool { began.withLock { $0 != nil } }

    /// How long ago the shutdown began (nil: it has not).
    public var elapsed: Duration? { began.withLock { $0.map { ContinuousClock.now - $0 } } }

    /// Called once, by `ShutdownAnnouncer`, when SIGTERM/SIGINT starts the graceful shutdown.
    public func begin() { began.withLock { $0 = $0 ?? .now } }

    private let tornDown = Mutex(false)

    /// Whether work was cancelled because the grace ran out (the webhook worker says so when it
    /// is torn down). Measured by the clock alone, a stop cut at the grace could read a few
    /// milliseconds short of it and be logged as clean.
    public var wasCutShort: Bool { tornDown.withLock { $0 } }

    public func markCutShort() { tornDown.withLock { $0 = true } }
}
