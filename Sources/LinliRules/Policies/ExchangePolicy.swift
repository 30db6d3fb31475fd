/// Exchange lifecycle settings (issue 5). Section `exchange:`.
public struct ExchangePolicy: Sendable, Hashable, Codable {
    /// An accepted exchange completes automatically this many hours after its scheduled end unless
    /// the payer disputes (`auto_confirm_after_hours`).
    public var autoConfirmAfterHours: Int = 72
    /// Points the no-show side pays into the penalties account (`no_show_penalty_points`).
    public var noShowPenaltyPoints: Int = 5
    /// Open (requested or accepted) exchanges one member may have at once (`max_open_per_member`).
    public var maxOpenPerMember: Int = 5
    /// Whether a time exchange is re-valued from the actual hours recorded at completion
    /// (`recompute_time_from_actual_hours`); when false the accepted value stands.
    public var recomputeTimeFromActualHours: Bool = true
    /// Days after completion during which each side may rate the other (`rating_window_days`).
    public var ratingWindowDays: Int = 14
    /// Hours automatic confirmation waits after a dispute is withdrawn once its original moment has
    /// passed (`dispute_withdrawal_grace_hours`): the payer gets time to confirm or object.
    public var disputeWithdrawalGraceHours: Int = 24
    /// Days after a no-show during which the member named absent may contest it
    /// (`no_show_contest_window_days`).
    public var noShowContestWindowDays: Int = 7
    /// Minutes after the scheduled start before a no-show may be reported, never past the
    /// scheduled end (`no_show_grace_minutes`): late is not absent. After a late acceptance they
    /// run from the acceptance instead (`ExchangeRules.noShowReportableFrom`).
    public var noShowGraceMinutes: Int = 15

    public init() {}

    init(reading reader: MappingReader?) {
        guard let reader else { return }
        autoConfirmAfterHours = reader.integer("auto_confirm_after_hours", default: autoConfirmAfterHours, in: 1...720)
        noShowPenaltyPoints = reader.integer("no_show_penalty_points", default: noShowPenaltyPoints, in: 0...10_000)
        maxOpenPerMember = reader.integer("max_open_per_member", default: maxOpenPerMember, in: 1...1000)
        recomputeTimeFromActualHours = reader.bool("recompute_time_from_actual_hours", default: recomputeTimeFromActualHours)
        ratingWindowDays = reader.integer("rating_window_days", default: ratingWindowDays, in: 1...365)
        disputeWithdrawalGraceHours = reader.integer(
            "dispute_withdrawal_grace_hours", default: disputeWithdrawalGraceHours, in: 1...720)
        noShowContestWindowDays = reader.integer("no_show_contest_window_days", default: noShowContestWindowDays, in: 1...90)
        noShowGraceMinutes = reader.integer("no_show_grace_minutes", default: noShowGraceMinutes, in: 0...240)
        reader.finish()
    }
}
