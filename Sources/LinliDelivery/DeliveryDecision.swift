import Foundation

/// The result of `DeliveryPolicy.decide`: everything the worker writes back, in one transaction.
public struct DeliveryDecision: Hashable, Sendable {
    /// The message's new state.
    public var message: MessageState
    /// The attempt to log.
    public var attempt: AttemptRecord
    /// The endpoint's new health dates.
    public var health: EndpointHealth
    /// The classified outcome (metrics: attempts by outcome).
    public var outcome: DeliveryOutcome
    /// Set when the endpoint must be disabled now; the worker then cancels its pending messages.
    public var disableEndpoint: FailureReason?
    /// Set when an `endpoint.failing` event must be emitted (retries exhausted or endpoint disabled).
    /// Build it with `OutboundEvent.endpointFailing`.
    public var raiseEndpointFailing: FailureReason?
    /// When the attempt's result was known: the moment its success or failure counts for the
    /// endpoint's health, also when it is applied later on newer health (`DeliveryPolicy.rebased`).
    public var decidedAt: Date

    public init(message: MessageState, attempt: AttemptRecord, health: EndpointHealth, outcome: DeliveryOutcome, decidedAt: Date) {
        self.message = message
        self.attempt = attempt
        self.health = health
        self.outcome = outcome
        self.decidedAt = decidedAt
    }
}
