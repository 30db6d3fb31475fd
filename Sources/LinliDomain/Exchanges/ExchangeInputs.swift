import Foundation

/// Size limits of exchange text fields (characters).
public enum ExchangeLimits {
    public static let message = 500
    public static let reason = 500
    /// Longest scheduled window and longest actual duration: a month.
    public static let maxMinutes = 31 * 24 * 60
    /// How far ahead an exchange may be scheduled.
    public static let maxDaysAhead = 366
}

/// Body of `POST /v1/exchanges`: answer a listing. Station staff may answer for a resident with
/// `requester_id` (the resident consented at the service station); both are then audited.
public struct ExchangeRequestInput: Decodable, Sendable, Equatable {
    public var listingID: ListingID
    public var requesterID: MemberID?
    public var scheduledStart: Date
    public var scheduledEnd: Date
    public var message: String?
    /// Staff asking in a resident's name for something she pays for, with no standing consent
    /// naming them: how she agreed to spend the points ("本人到站，同意支付"). Required then
    /// (`ExchangeCommands.request`), audited and shown to her in `exchange_requested_for_you`.
    public var note: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case listingID = "listing_id", requesterID = "requester_id", scheduledStart = "scheduled_start"
        case scheduledEnd = "scheduled_end", message, note
    }

    public init(
        listingID: ListingID, requesterID: MemberID? = nil, scheduledStart: Date, scheduledEnd: Date, message: String? = nil,
        note: String? = nil
    ) {
        self.listingID = listingID
        self.requesterID = requesterID
        self.scheduledStart = scheduledStart
        self.scheduledEnd = scheduledEnd
        self.message = message
        self.note = note
    }

    /// The window must end after it starts, in the future, within a month, at most a year ahead.
    public func validate(now: Date) throws(DomainError) {
        var check = FieldValidator()
        check.text(message, at: "/message", required: false, max: ExchangeLimits.message)
        check.text(note, at: "/note", required: false, min: 0, max: ExchangeLimits.message)  // blank is absent
        if scheduledEnd <= scheduledStart {
            check.add(FieldIssue("/scheduled_end", .outOfRange, ["reason": "exchange.end_before_start", "min": "scheduled_start"]))
        } else if scheduledEnd.timeIntervalSince(scheduledStart) > TimeInterval(ExchangeLimits.maxMinutes * 60) {
            check.add(FieldIssue("/scheduled_end", .outOfRange, ["reason": "exchange.window_too_long", "days": String(ExchangeLimits.maxMinutes / (24 * 60))]))
        }
        if scheduledEnd <= now { check.add(FieldIssue("/scheduled_end", .outOfRange, ["reason": "exchange.end_passed"])) }
        if scheduledStart.timeIntervalSince(now) > TimeInterval(ExchangeLimits.maxDaysAhead) * 86_400 {
            check.add(FieldIssue("/scheduled_start", .outOfRange, ["reason": "exchange.start_too_far", "days": String(ExchangeLimits.maxDaysAhead)]))
        }
        try check.finish()
    }
}

/// Body of `POST /v1/exchanges/{id}/complete` (optional): the actual minutes of a time exchange.
public struct ExchangeCompletionInput: Decodable, Sendable, Equatable {
    public var actualMinutes: Int?

    public enum CodingKeys: String, CodingKey, CaseIterable { case actualMinutes = "actual_minutes" }

    public init(actualMinutes: Int? = nil) {
        self.actualMinutes = actualMinutes
    }

    /// Time exchanges must say how long the service took (it feeds hours served and may re-value
    /// it); items and skills must not.
    public func validate(kind: ListingKind) throws(DomainError) {
        switch (kind, actualMinutes) {
        case (.time, nil):
            throw DomainError.validation([FieldIssue("/actual_minutes", .required)])
        case (.time, let minutes?) where !(1...ExchangeLimits.maxMinutes).contains(minutes):
            throw DomainError.validation([FieldIssue("/actual_minutes", .outOfRange, ["min": "1", "max": String(ExchangeLimits.maxMinutes)])])
        case (.item, _?), (.skill, _?):
            throw DomainError.validation([FieldIssue("/actual_minutes", .notApplicable, ["allowed": "time"])])
        default:
            return
        }
    }
}

/// Body of `POST /v1/exchanges/{id}/report-minutes`: the minutes the provider of a time exchange
/// worked.
public struct ExchangeMinutesInput: Decodable, Sendable, Equatable {
    public var minutes: Int?

    public enum CodingKeys: String, CodingKey, CaseIterable { case minutes }

    public init(minutes: Int?) {
        self.minutes = minutes
    }

    /// The minutes: required and within `1...ExchangeLimits.maxMinutes`, for time exchanges only.
    public func validatedMinutes(kind: ListingKind) throws(DomainError) -> Int {
        guard kind == .time else {
            throw DomainError.validation([FieldIssue("/minutes", .notApplicable, ["allowed": "time"])])
        }
        guard let minutes else { throw DomainError.validation([FieldIssue("/minutes", .required)]) }
        guard (1...ExchangeLimits.maxMinutes).contains(minutes) else {
            throw DomainError.validation([FieldIssue("/minutes", .outOfRange, ["min": "1", "max": String(ExchangeLimits.maxMinutes)])])
        }
        return minutes
    }
}

/// Body of `POST /v1/exchanges/{id}/dispute` and `…/contest-no-show` (required there), and of
/// `…/cancel` and `…/withdraw-dispute` (optional): why.
public struct ExchangeReasonInput: Decodable, Sendable, Equatable {
    public var reason: String?

    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }

    public init(reason: String? = nil) {
        self.reason = reason
    }

    public func validate(required: Bool) throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: required, max: ExchangeLimits.reason)
        try check.finish()
    }
}

/// Body of `POST /v1/exchanges/{id}/no-show` (optional for a party: the other side is absent;
/// a moderator names the absent member).
public struct ExchangeNoShowInput: Decodable, Sendable, Equatable {
    public var absentMemberID: MemberID?
    public var reason: String?

    public enum CodingKeys: String, CodingKey, CaseIterable { case absentMemberID = "absent_member_id", reason }

    public init(absentMemberID: MemberID? = nil, reason: String? = nil) {
        self.absentMemberID = absentMemberID
        self.reason = reason
    }
}

/// Body of `POST /v1/exchanges/{id}/resolve`: a moderator's decision on a dispute.
public struct ExchangeResolutionInput: Decodable, Sendable, Equatable {
    public var outcome: ExchangeResolution
    /// For `compensate`: points the provider pays the payer (1 … the exchange's points).
    public var compensationPoints: Int?
    public var note: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case outcome, compensationPoints = "compensation_points", note
    }

    public init(outcome: ExchangeResolution, compensationPoints: Int? = nil, note: String) {
        self.outcome = outcome
        self.compensationPoints = compensationPoints
        self.note = note
    }

    /// Compensation belongs to `compensate` only and may not exceed what the provider was paid.
    public func validate(points: Int) throws(DomainError) {
        var check = FieldValidator()
        check.text(note, at: "/note", max: ExchangeLimits.reason)
        switch (outcome, compensationPoints) {
        case (.compensate, nil):
            check.add(FieldIssue("/compensation_points", .required))
        case (.compensate, let value?) where !(1...max(1, points)).contains(value):
            check.add(FieldIssue("/compensation_points", .outOfRange, ["min": "1", "max": String(points)]))
        case (.refund, _?):
            check.add(FieldIssue("/compensation_points", .notApplicable, ["allowed": "compensate"]))
        default:
            break
        }
        try check.finish()
    }
}

extension ExchangeRequestInput: StrictInput {}
extension ExchangeCompletionInput: StrictInput {}
extension ExchangeMinutesInput: StrictInput {}
extension ExchangeReasonInput: StrictInput {}
extension ExchangeNoShowInput: StrictInput {}
extension ExchangeResolutionInput: StrictInput {}

/// Body of `POST /v1/exchanges/{id}/decide-contest`: a moderator's decision, with the note the
/// member will read.
public struct NoShowContestDecisionInput: Decodable, Sendable, Equatable {
    public var outcome: NoShowContestOutcome
    public var note: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case outcome, note }

    public init(outcome: NoShowContestOutcome, note: String) {
        self.outcome = outcome
        self.note = note
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(note, at: "/note", max: ExchangeLimits.reason)
        try check.finish()
    }
}

extension NoShowContestDecisionInput: StrictInput {}
