import Foundation

/// When to try a message again.
///
/// The default follows the Standard Webhooks schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
/// 10 h) and stretches its tail to about three days for community robots that go quiet over a
/// weekend: attempt 1 immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h
/// after the previous failure (ten attempts). The first attempt always goes as soon as the event
/// is fanned out, so `delays[0]` is 0 (the configuration refuses anything else).
/// Each delay is spread by ±`jitter` (a fraction) from an injected generator so that the messages
/// of an endpoint that recovers do not all come back in the same second.
public struct RetrySchedule: Hashable, Sendable {
    /// Delay before each attempt; element 0 is the first attempt (normally 0).
    public var delays: [TimeInterval]
    /// Relative spread, 0...0.5; 0.1 = ±10 %.
    public var jitter: Double

    public static let standardWebhooks = RetrySchedule(
        delays: [0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600],
        jitter: 0.1)

    public init(delays: [TimeInterval], jitter: Double) {
        precondition(!delays.isEmpty, "a schedule needs at least one attempt")
        self.delays = delays
        self.jitter = min(max(jitter, 0), 0.5)
    }

    /// Total attempts the schedule allows.
    public var maxAttempts: Int { delays.count }

    /// Delay before attempt `attemptsMade + 1`, or nil when the schedule is exhausted.
    public func delay(afterAttempts attemptsMade: Int, using generator: inout some RandomNumberGenerator) -> TimeInterval? {
        guard attemptsMade >= 0, attemptsMade < delays.count else { return nil }
        let base = delays[attemptsMade]
        guard base > 0, jitter > 0 else { return base }
        return base * Double.random(in: (1 - jitter)...(1 + jitter), using: &generator)
    }
}
