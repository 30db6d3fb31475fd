import Foundation

/// What one attempt's result means for the message and the endpoint.
public enum DeliveryOutcome: Hashable, Sendable {
    /// The receiver accepted the message.
    case delivered
    /// Try again; not before `notBefore` seconds from now when set (rate limits, `Retry-After`),
    /// otherwise when the retry schedule says.
    case retry(notBefore: TimeInterval?, reason: FailureReason)
    /// This message will never succeed (malformed payload, redirect, too large); others may.
    case finalFailure(FailureReason)
    /// No message to this endpoint can succeed until a human fixes it (key revoked, 410 Gone).
    case disableEndpoint(FailureReason)

    /// The failure reason, nil for `delivered`.
    public var reason: FailureReason? {
        switch self {
        case .delivered: nil
        case .retry(_, let reason), .finalFailure(let reason), .disableEndpoint(let reason): reason
        }
    }

    /// The label of a retryable failure on the message's last scheduled attempt.
    public static let retriesExhaustedLabel = "retries_exhausted"

    /// Every label an attempt can carry (the attempt log's and the metric's `outcome`).
    public static let labels = ["delivered", "retry", retriesExhaustedLabel, "final_failure", "disable_endpoint"]

    /// Stable outcome label for metrics and the attempt log (`retriesExhaustedLabel` replaces
    /// `retry` when no attempt is left).
    public var label: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .finalFailure: "final_failure"
        case .disableEndpoint: "disable_endpoint"
        }
    }
}
