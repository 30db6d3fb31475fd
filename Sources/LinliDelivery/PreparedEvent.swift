import Foundation

/// An event with its Standard Webhooks body already encoded, shared by every message of the event.
///
/// One event usually fans out to several endpoints and may be attempted several times; the body
/// does not depend on the endpoint or the attempt (only the signature headers do), so encoding it
/// once per event instead of once per request takes a JSON encode off the delivery hot path.
public final class PreparedEvent: Sendable {
    public let event: OutboundEvent
    /// `DeliveryRenderer.standardBody(event)`.
    public let standardBody: Data

    public init(_ event: OutboundEvent) {
        self.event = event
        self.standardBody = DeliveryRenderer.standardBody(event)
    }
}
