import Foundation

/// Whether an endpoint has been failing, and since when.
///
/// "Failing continuously for N days" is measured from the first failure after the last success;
/// any success resets it. That survives restarts (the store keeps these dates) and does not
/// depend on how many messages happened to be sent meanwhile.
///
/// Continuously means failures kept coming: a failure followed by days in which nothing was sent
/// says nothing about those days. When a failure comes longer than `streakBreaksAfter` after the
/// previous one, the streak starts again at it (session 32 walk, helper 107: a quiet endpoint with
/// one failed message a week ago was disabled by a single blip today, its backlog cancelled
/// without a retry).
public struct EndpointHealth: Hashable, Sendable {
    public var failingSince: Date?
    public var lastSuccessAt: Date?
    /// The latest failed attempt (nil: none since the column exists, or since the last success).
    public var lastFailureAt: Date?

    public init(failingSince: Date? = nil, lastSuccessAt: Date? = nil, lastFailureAt: Date? = nil) {
        self.failingSince = failingSince
        self.lastSuccessAt = lastSuccessAt
        self.lastFailureAt = lastFailureAt
    }

    public mutating func recordSuccess(at now: Date) {
        failingSince = nil
        lastFailureAt = nil
        lastSuccessAt = now
    }

    /// - Parameter streakBreaksAfter: a silence longer than this between two failures starts the
    ///   streak again. A failing streak from before `lastFailureAt` was kept counts its start as
    ///   its last failure, so an old one is not stretched across the silence either.
    public mutating func recordFailure(at now: Date, streakBreaksAfter quiet: TimeInterval = .infinity) {
        if let failingSince, now.timeIntervalSince(lastFailureAt ?? failingSince) > quiet {
            self.failingSince = now
        }
        if failingSince == nil { failingSince = now }
        lastFailureAt = now
    }

    /// True once the endpoint has failed without a single success for at least `period`.
    public func hasBeenFailing(for period: TimeInterval, at now: Date) -> Bool {
        guard let failingSince else { return false }
        return now.timeIntervalSince(failingSince) >= period
    }
}
