/// A pending message as the planner sees it: which endpoint, which subject, its outbox order.
public struct QueuedMessage: Hashable, Sendable {
    public var messageID: String
    public var endpointID: String
    /// Ordering key (`OutboundEvent.subject`).
    public var subject: String
    /// Monotonic outbox sequence: defines "earlier".
    public var sequence: Int64
    public var state: MessageState

    public init(messageID: String, endpointID: String, subject: String, sequence: Int64, state: MessageState) {
        self.messageID = messageID
        self.endpointID = endpointID
        self.subject = subject
        self.sequence = sequence
        self.state = state
    }
}
