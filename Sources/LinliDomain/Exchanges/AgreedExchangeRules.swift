/// The rule file's exchange numbers as they stood when an exchange was accepted, kept with its
/// agreed terms (`ExchangeAgreedTerms.rules`).
///
/// Why: the rules were read afresh at each step, and an organizer activating a new file changed
/// exchanges already agreed (session 28 review): `auto_confirm_after_hours: 1` closed a payer's
/// window to dispute an exchange that had ended two hours before, and a raised
/// `no_show_penalty_points` charged the absent side more than the penalty they had accepted. A
/// step now applies what was agreed (`ExchangeRules.keeping(_:)`): the confirmation period, the
/// graces and the contest window as they stood (a longer one would delay the provider's payment,
/// or the side that turned up, as much as a shorter one cuts the payer's window), the re-pricing
/// of fewer minutes as agreed, and the penalty as agreed or smaller.
public struct AgreedExchangeRules: Codable, Sendable, Equatable {
    public var autoConfirmAfterHours: Int
    public var noShowPenaltyPoints: Int
    public var recomputeTimeFromActualHours: Bool
    public var disputeWithdrawalGraceHours: Int
    public var noShowContestWindowDays: Int
    public var noShowGraceMinutes: Int

    public init(_ rules: ExchangeRules) {
        autoConfirmAfterHours = rules.autoConfirmAfterHours
        noShowPenaltyPoints = rules.noShowPenaltyPoints
        recomputeTimeFromActualHours = rules.recomputeTimeFromActualHours
        disputeWithdrawalGraceHours = rules.disputeWithdrawalGraceHours
        noShowContestWindowDays = rules.noShowContestWindowDays
        noShowGraceMinutes = rules.noShowGraceMinutes
    }
}

extension ExchangeRules {
    /// These rules (those in force) for an exchange agreed under `agreed`: its agreed values,
    /// the penalty as agreed or smaller (see `AgreedExchangeRules`); the open-exchange limit is not
    /// the exchange's own and stays as in force. Unchanged for an exchange accepted before the
    /// rules were kept (nil).
    public func keeping(_ agreed: AgreedExchangeRules?) -> ExchangeRules {
        guard let agreed else { return self }
        return ExchangeRules(
            autoConfirmAfterHours: agreed.autoConfirmAfterHours,
            noShowPenaltyPoints: min(noShowPenaltyPoints, agreed.noShowPenaltyPoints),
            maxOpenPerMember: maxOpenPerMember,
            recomputeTimeFromActualHours: agreed.recomputeTimeFromActualHours,
            disputeWithdrawalGraceHours: agreed.disputeWithdrawalGraceHours,
            noShowContestWindowDays: agreed.noShowContestWindowDays,
            noShowGraceMinutes: agreed.noShowGraceMinutes)
    }
}
