import Foundation

/// The limiter's answer.
public enum RateDecision: Hashable, Sendable {
    case allowed
    case wait(until: Date)
}
