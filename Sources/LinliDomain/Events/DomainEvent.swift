import Foundation

/// Something that happened which others (webhook consumers, chat groups) must hear about.
///
/// Written to the outbox in the same transaction as the change; the delivery worker reads the
/// outbox. No webhook is ever sent from a request handler.
public struct DomainEvent: Sendable, Equatable {
    /// Also the `webhook-id`: the same across every retry and every restart.
    public var id: EventID
    public var communityID: CommunityID
    /// Dotted type such as `member.verified` or `listing.published`.
    public var type: String
    /// Ordering key: events of one subject reach each endpoint in order (e.g. `member:mem_…`).
    public var subject: String
    /// JSON object with the event's data.
    public var payload: String
    public var occurredAt: Date

    public init(id: EventID, communityID: CommunityID, type: String, subject: String, payload: String, occurredAt: Date) {
        self.id = id
        self.communityID = communityID
        self.type = type
        self.subject = subject
        self.payload = payload
        self.occurredAt = occurredAt
    }
}
