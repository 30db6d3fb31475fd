import Foundation

/// The numbers the exchange life cycle enforces (the rule file's `exchange:` section).
///
/// A plain domain value rather than `LinliRules.ExchangePolicy` so the core stays free of the
/// rules module; the store builds it from the parsed policy (`ExchangeRules(policy:)`), and
/// `standard` mirrors `rules/default.yaml` (a test keeps the two equal).
public struct ExchangeRules: Sendable, Equatable {
    /// Hours after the scheduled end at which an accepted exchange completes by itself.
    public var autoConfirmAfterHours: Int
    /// Points the absent side pays into the penalties account.
    public var noShowPenaltyPoints: Int
    /// Open (requested, accepted, disputed) exchanges one member may be part of at once.
    public var maxOpenPerMember: Int
    /// Whether a time exchange is re-valued from the actual minutes recorded at completion.
    public var recomputeTimeFromActualHours: Bool
    /// Hours automatic confirmation waits after a dispute is withdrawn, when its original moment
    /// has already passed.
    public var disputeWithdrawalGraceHours: Int
    /// Days after a no-show during which the member named absent may contest it.
    public var noShowContestWindowDays: Int
    /// Minutes after the scheduled start before a no-show may be reported (never past the
    /// scheduled end): someone ten minutes late, often an elder, is late, not absent.
    public var noShowGraceMinutes: Int

    public init(
        autoConfirmAfterHours: Int, noShowPenaltyPoints: Int, maxOpenPerMember: Int, recomputeTimeFromActualHours: Bool,
        disputeWithdrawalGraceHours: Int = 24, noShowContestWindowDays: Int = 7, noShowGraceMinutes: Int = 15
    ) {
        self.autoConfirmAfterHours = max(1, autoConfirmAfterHours)
        self.noShowPenaltyPoints = max(0, noShowPenaltyPoints)
        self.maxOpenPerMember = max(1, maxOpenPerMember)
        self.recomputeTimeFromActualHours = recomputeTimeFromActualHours
        self.disputeWithdrawalGraceHours = max(1, disputeWithdrawalGraceHours)
        self.noShowContestWindowDays = max(1, noShowContestWindowDays)
        self.noShowGraceMinutes = max(0, noShowGraceMinutes)
    }

    /// The earliest moment a no-show may be reported for an exchange scheduled from `start` to
    /// `end` and accepted at `acceptedAt`. The grace runs from the start but never past the end (a
    /// 10-minute errand can be reported absent at its end); an exchange accepted after its start
    /// gets the whole grace from the acceptance instead, so the side that accepted late is not
    /// reported absent the moment it said yes, before anyone could have set out. That never
    /// reaches past half the confirmation period (`auto_confirm_after_hours` after the end): a
    /// short period and a long grace would otherwise leave no moment to report it at all.
    public func noShowReportableFrom(start: Date, end: Date, acceptedAt: Date? = nil) -> Date {
        let grace = TimeInterval(noShowGraceMinutes) * 60
        let scheduled = min(start.addingTimeInterval(grace), max(start, end))
        guard let acceptedAt, acceptedAt > start else { return scheduled }
        let latest = max(start, end).addingTimeInterval(TimeInterval(autoConfirmAfterHours) * 1800)
        return max(scheduled, min(acceptedAt.addingTimeInterval(grace), latest))
    }

    /// The defaults of `rules/default.yaml`.
    public static let standard = ExchangeRules(
        autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 5, recomputeTimeFromActualHours: true)
}
