import Foundation

/// The delivery state of one message, as stored in its outbox row.
///
/// Nothing here means "in flight": a crash mid-attempt leaves the message `pending`, so after a
/// restart it is sent again with the same `webhook-id` (at-least-once, de-duplicated by receivers).
public struct MessageState: Hashable, Sendable {
    public var status: MessageStatus
    /// Attempts made so far (every HTTP request, including parts).
    public var attempts: Int
    /// Failures since the last success; indexes the retry schedule.
    public var consecutiveFailures: Int
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Date?
    /// Parts already accepted, for chat messages split into several requests.
    public var partsDelivered: Int
    public var lastFailure: FailureReason?
    /// When it became delivered, failed or cancelled.
    public var finishedAt: Date?

    public init(
        status: MessageStatus, attempts: Int, consecutiveFailures: Int, nextAttemptAt: Date?, partsDelivered: Int,
        lastFailure: FailureReason?, finishedAt: Date?
    ) {
        self.status = status
        self.attempts = attempts
        self.consecutiveFailures = consecutiveFailures
        self.nextAttemptAt = nextAttemptAt
        self.partsDelivered = partsDelivered
        self.lastFailure = lastFailure
        self.finishedAt = finishedAt
    }

    /// A new message, due immediately.
    public static func new(at now: Date) -> MessageState {
        MessageState(status: .pending, attempts: 0, consecutiveFailures: 0, nextAttemptAt: now, partsDelivered: 0,
                     lastFailure: nil, finishedAt: nil)
    }

    /// Whether an attempt may start at `now`.
    public func isDue(at now: Date) -> Bool {
        status == .pending && (nextAttemptAt ?? now) <= now
    }

    /// Manual resend or "recover failed since": back to pending from the start, same id.
    public mutating func resend(at now: Date) throws(MessageTransitionError) {
        guard status != .pending else { throw .alreadyPending }
        self = MessageState(status: .pending, attempts: attempts, consecutiveFailures: 0, nextAttemptAt: now,
                            partsDelivered: 0, lastFailure: lastFailure, finishedAt: nil)
    }

    /// The endpoint was disabled or deleted while this message waited.
    public mutating func cancel(reason: FailureReason, at now: Date) throws(MessageTransitionError) {
        guard status == .pending else { throw .notPending }
        status = .cancelled
        nextAttemptAt = nil
        lastFailure = reason
        finishedAt = now
    }
}
