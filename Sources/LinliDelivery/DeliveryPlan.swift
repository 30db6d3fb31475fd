import Foundation

/// What to send now and when to look again.
public struct DeliveryPlan: Hashable, Sendable {
    /// Send these now (each: one HTTP request for its current part), in sequence order.
    public var ready: [QueuedMessage]
    /// Pending messages whose endpoint is gone or disabled: cancel them.
    public var orphaned: [QueuedMessage]
    /// Earliest time something not ready now may become ready (retry due, rate window frees).
    public var nextWakeAt: Date?
}
