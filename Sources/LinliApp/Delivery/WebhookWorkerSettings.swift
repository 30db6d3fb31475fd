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
    /// Results that make the recording loop write at once while other sends are still under way.
    /// Below it, results gather for up to `recordDelay` (or until no send is under way): every
    /// write transaction rewrites each index page it touches in the WAL, so a burst recorded in a
    /// few large transactions costs far less than in many small ones. Nothing is lost by waiting:
    /// a message stays pending in the database until its result is written.
    public var recordBatch: Int
    /// Longest a decided result waits to be written while other sends are under way.
    public var recordDelay: Duration
    public var policy: DeliveryPolicy

    public init(
        pollInterval: Duration = .milliseconds(100), maxInFlight: Int = 64, fanOutBatch: Int = 500, fanOutMessages: Int = 256,
        queueWindow: Int = 1_000, laneWindow: Int = 16, recordBatch: Int = 256, recordDelay: Duration = .milliseconds(20),
        policy: DeliveryPolicy = DeliveryPolicy()
    ) {
        self.pollInterval = pollInterval
        self.maxInFlight = maxInFlight
        self.fanOutBatch = fanOutBatch
        self.fanOutMessages = fanOutMessages
        self.queueWindow = queueWindow
        self.laneWindow = laneWindow
        self.recordBatch = max(1, recordBatch)
        self.recordDelay = recordDelay
        self.policy = policy
    }
}
