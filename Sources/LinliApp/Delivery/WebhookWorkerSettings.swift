import LinliDelivery

/// Tunables of the delivery worker (from configuration; tests shorten them).
public struct WebhookWorkerSettings: Sendable {
    /// How often the outbox and queue are looked at when nothing else wakes the worker.
    public var pollInterval: Duration
    /// Most requests in flight at once across all endpoints (per-host caps live in the transport).
    public var maxInFlight: Int
    /// Outbox events fanned out per transaction.
    public var fanOutBatch: Int
    /// Messages created per fan-out transaction (a burst is fanned out in several, so sending
    /// starts after the first instead of after all of them).
    public var fanOutMessages: Int
    /// Pending messages of one endpoint kept in memory; more wait in the database and are read
    /// back as these drain (bounds the worker's memory under a large backlog).
    public var queueWindow: Int
    /// Messages of one endpoint the planner considers at once (its earliest pending ones, those
    /// under way included): at most this many are under way per endpoint, so a backlog at one
    /// endpoint cannot crowd the others out.
    public var laneWindow: Int
    public var policy: DeliveryPolicy

    public init(
        pollInterval: Duration = .milliseconds(100), maxInFlight: Int = 64, fanOutBatch: Int = 500, fanOutMessages: Int = 256,
        queueWindow: Int = 1_000, laneWindow: Int = 16,
        policy: DeliveryPolicy = DeliveryPolicy()
    ) {
        self.pollInterval = pollInterval
        self.maxInFlight = maxInFlight
        self.fanOutBatch = fanOutBatch
        self.fanOutMessages = fanOutMessages
        self.queueWindow = queueWindow
        self.laneWindow = laneWindow
        self.policy = policy
    }
}
