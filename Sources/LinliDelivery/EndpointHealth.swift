import Foundation

/// Whether an endpoint has been failing, and since when.
///
/// "Failing continuously for N days" is measured from the first failure after the last success;
/// any success resets it. That survives restarts (the store keeps these two dates) and does not
/// depend on how many messages happened to be sent meanwhile.
public struct EndpointHealth: Hashable, Sendable {
    public var failingSince: Date?
    public var lastSuccessAt: Date?

    public init(failingSince: Date? = nil, lastSuccessAt: Date? = nil) {
        self.failingSince = failingSince
        self.lastSuccessAt = lastSuccessAt
    }

    public mutating func recordSuccess(at now: Date) {
        failingSince = nil
        lastSuccessAt = now
    }

    public mutating func recordFailure(at now: Date) {
        if failingSince == nil { failingSince = now }
    }

    /// True once the endpoint has failed without a single success for at least `period`.
    public func hasBeenFailing(for period: TimeInterval, at now: Date) -> Bool {
        guard let failingSince else { return false }
        return now.timeIntervalSince(failingSince) >= period
    }
}
