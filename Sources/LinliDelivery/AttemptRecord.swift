import Foundation

/// One logged delivery try, as shown by the attempts API. Everything in it is already masked.
public struct AttemptRecord: Hashable, Sendable {
    /// Longest response excerpt stored per attempt (the transport may keep more for classifying).
    public static let maxExcerptBytes = 2048

    public var messageID: String
    public var endpointID: String
    /// 1-based attempt number of this message.
    public var number: Int
    /// 0-based part index for split chat messages.
    public var part: Int
    public var startedAt: Date
    public var duration: Duration
    public var statusCode: Int?
    /// `DeliveryOutcome.label`.
    public var outcome: String
    public var failure: FailureReason?
    /// Masked, valid UTF-8, at most `maxExcerptBytes`.
    public var responseExcerpt: String

    public init(
        messageID: String, endpointID: String, number: Int, part: Int, startedAt: Date, duration: Duration,
        statusCode: Int?, outcome: String, failure: FailureReason?, responseExcerpt: String
    ) {
        self.messageID = messageID
        self.endpointID = endpointID
        self.number = number
        self.part = part
        self.startedAt = startedAt
        self.duration = duration
        self.statusCode = statusCode
        self.outcome = outcome
        self.failure = failure
        self.responseExcerpt = responseExcerpt
    }
}
