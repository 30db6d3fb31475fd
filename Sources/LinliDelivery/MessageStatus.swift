/// Where a message (one event for one endpoint) is in its life.
public enum MessageStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt (possibly its first).
    case pending
    /// Every part accepted by the receiver.
    case delivered
    /// Retries exhausted or a final failure; an organizer may resend it.
    case failed
    /// Dropped without a final attempt because the endpoint was disabled or deleted.
    case cancelled
}
