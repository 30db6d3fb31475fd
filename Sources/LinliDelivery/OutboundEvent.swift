import Foundation

/// The envelope of one event leaving Linli: what the outbox row holds and what every endpoint
/// format is rendered from.
///
/// `id` is generated once when the outbox row is written and reused as the `webhook-id` for every
/// attempt and every endpoint, so receivers can de-duplicate at-least-once deliveries.
public struct OutboundEvent: Hashable, Sendable, Codable {
    /// Event types Linli emits. Open-ended on purpose (a `String`), these are the documented ones.
    public enum Kind {
        public static let listingPublished = "listing.published"
        public static let exchangeAccepted = "exchange.accepted"
        public static let eventPublished = "event.published"
        public static let eventUpdated = "event.updated"
        public static let eventCancelled = "event.cancelled"
        public static let eventRegistrationClosed = "event.registration_closed"
        public static let eventReminder = "event.reminder"
        public static let caseNeedsModerator = "case.needs_moderator"
        /// An appeal waiting for a moderator (other than the one who acted); ids only, no names.
        public static let appealNeedsModerator = "appeal.needs_moderator"
        /// A disputed exchange or a contested no-show waiting for a moderator; ids only, no names.
        public static let exchangeNeedsModerator = "exchange.needs_moderator"
        public static let fraudReport = "fraud.report"
        public static let endpointFailing = "endpoint.failing"
        public static let rulesHolidaysNeeded = "rules.holidays_needed"
    }

    public var id: String
    public var type: String
    public var communityID: String
    /// Ordering key, e.g. `listing:lst_…`: messages of one subject reach an endpoint in order.
    public var subject: String
    public var occurredAt: Date
    public var payload: JSONValue
    /// The community's IANA time zone as it stands when the event is loaded to be sent (not
    /// stored with the event: a community that corrects its zone has queued messages read right).
    /// Chat texts show `occurred_at` in it; nil reads as Asia/Shanghai, the default zone.
    public var timeZoneID: String?

    public init(
        id: String, type: String, communityID: String, subject: String, occurredAt: Date, payload: JSONValue, timeZoneID: String? = nil
    ) {
        self.id = id
        self.type = type
        self.communityID = communityID
        self.subject = subject
        self.occurredAt = occurredAt
        self.payload = payload
        self.timeZoneID = timeZoneID
    }

    /// The event raised when an endpoint exhausted its retries or was disabled, so organizers
    /// hear about it (through their *other* endpoints; see `DeliveryStep`). The caller supplies
    /// the id from its ID generator.
    public static func endpointFailing(
        id: String, endpoint: WebhookEndpoint, reason: FailureReason, messageID: String?, disabled: Bool, at now: Date
    ) -> OutboundEvent {
        var payload: [String: JSONValue] = [
            "endpoint_id": .string(endpoint.id),
            "endpoint_url": .string(endpoint.maskedURL),
            "endpoint_description": .string(endpoint.description),
            "reason_code": .string(reason.code),
            "reason": .string(reason.detail),
            "disabled": .bool(disabled),
        ]
        if let messageID { payload["message_id"] = .string(messageID) }
        return OutboundEvent(id: id, type: Kind.endpointFailing, communityID: endpoint.communityID,
                             subject: "endpoint:\(endpoint.id)", occurredAt: now, payload: .object(payload))
    }
}
