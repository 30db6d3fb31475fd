import Foundation

/// What the worker does for one planned message: send a request (the part it is at), or record
/// that the message cannot be rendered.
public enum PreparedAttempt: Hashable, Sendable {
    case send(TransportRequest, part: Int, partCount: Int)
    case unrenderable(FailureReason)

    /// Renders `event` for `endpoint` at `now` and picks the part `state` is at. Rendering is
    /// deterministic for a given `now`, so after a crash between parts the same split is
    /// recomputed and delivery resumes at `state.partsDelivered`.
    /// `standardBody`, when given, is the event's already encoded Standard Webhooks body
    /// (`PreparedEvent`), shared by all its messages.
    public static func prepare(
        event: OutboundEvent, endpoint: WebhookEndpoint, state: MessageState, now: Date, standardBody: Data? = nil
    ) -> PreparedAttempt {
        let requests: [TransportRequest]
        do { requests = try DeliveryRenderer.render(event, for: endpoint, now: now, standardBody: standardBody) } catch {
            return .unrenderable(error.reason)
        }
        // A template edited between parts may yield fewer parts; then the last one is resent.
        let part = min(state.partsDelivered, requests.count - 1)
        return .send(requests[part], part: part, partCount: requests.count)
    }
}
