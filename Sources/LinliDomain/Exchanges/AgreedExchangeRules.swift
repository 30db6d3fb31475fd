/// The rule file's exchange numbers as they stood when an exchange was accepted, kept with its
/// agreed terms (`ExchangeAgreedTerms.rules`).
///
/// Why: the rules were read afresh at each step, and an organizer activating a new file changed
/// exchanges already agreed (session 28 review): `auto_confirm_after_hours: 1` closed a payer's
/// window to dispute an exchange that had ended two hours before, and a raised
/// `no_show_penalty_points` charged the absent side more than the penalty they had accepted. A
/// step now applies whichever of the agreed and the current value is kinder to the people in the
/// exchange (`ExchangeRules.keeping(_:)`): longer windows and graces, the smaller penalty, and the
/// re-pricing of fewer minutes the two sides agreed to.
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
    /// These rules (those in force) for an exchange agreed under `agreed`: the kinder value of
    /// each (see `AgreedExchangeRules`); the open-exchange limit is not the exchange's own and
    /// stays as in force. Unchanged for an exchange accepted before the rules were kept (nil).
    public func keeping(_ agreed: AgreedExchangeRules?) -> ExchangeRules {
        guard let agreed else { return self }
        return ExchangeRules(
            autoConfirmAfterHours: max(autoConfirmAfterHours, agreed.autoConfirmAfterHours),
            noShowPenaltyPoints: min(noShowPenaltyPoints, agreed.noShowPenaltyPoints),
            maxOpenPerMember: maxOpenPerMember,
            recomputeTimeFromActualHours: agreed.recomputeTimeFromActualHours,
            disputeWithdrawalGraceHours: max(disputeWithdrawalGraceHours, agreed.disputeWithdrawalGraceHours),
            noShowContestWindowDays: max(noShowContestWindowDays, agreed.noShowContestWindowDays),
            noShowGraceMinutes: max(noShowGraceMinutes, agreed.noShowGraceMinutes))
    }
}
