import LinliDelivery

/// Tunables of the delivery worker (from configuration; tests shorten them).
public struct WebhookWorkerSettings: Sendable {
    /// How often the outbox and queue are looked at when nothing else wakes the worker.
    public var pollInterval: Duration
    /// Most requests in flight at once across all endpoints (per-host caps live in the transport).
    public var maxInFlight: Int
    /// Outbox events fanned out per transaction.
    public var fanOutBatch: Int
    /// Pending messages loaded per round, at most `laneWindow` of them per endpoint.
    public var queueWindow: Int
    public var laneWindow: Int
    public var policy: DeliveryPolicy

    public init(
        pollInterval: Duration = .milliseconds(100), maxInFlight: Int = 64, fanOutBatch: Int = 500, queueWindow: Int = 2_000, laneWindow: Int = 16,
        policy: DeliveryPolicy = DeliveryPolicy()
    ) {
        self.pollInterval = pollInterval
        self.maxInFlight = maxInFlight
        self.fanOutBatch = fanOutBatch
        self.queueWindow = queueWindow
        self.laneWindow = laneWindow
        self.policy = policy
    }
}
