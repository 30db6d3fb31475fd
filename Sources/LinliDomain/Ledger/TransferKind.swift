/// What a transfer is for. The kind fixes which accounts may be debited and credited, so a bug (or
/// a forged request) cannot, say, pay a "reward" out of escrow.
public enum TransferKind: String, Sendable, CaseIterable, Codable {
    /// The reason a case's compensation transfer carries, and what the member paid reads on one
    /// written before it did (`StatementEntry.withCaseCompensationReason`).
    public static func caseCompensationReason(_ caseID: String) -> String { "案件 \(caseID) 的补偿" }

    /// A direct payment from one member to another for an exchange.
    case exchange
    /// Points moved from the payer into escrow when an exchange is accepted.
    case hold
    /// Held points leaving escrow: to the provider when the exchange completes, or back to the
    /// payer when it is cancelled (a refund).
    case release
    /// A reward to a member: an organizer's (community cleaning, weekly topic, event help), or the
    /// service's to the reporter of an upheld case (`upheld_report`).
    case reward
    /// A penalty taken from a member (a no-show: the rule file's `no_show_penalty_points`).
    case penalty
    /// One member compensating another, ordered by a moderator after a dispute.
    case compensation
    /// A business or institution donation converted into points in the donations pool.
    case donationConversion = "donation_conversion"
    /// An admin's correction of a member's balance, against issuance or the donations pool.
    case adjustment
    /// The exact opposite of an earlier transfer: the only way a mistake is corrected.
    case reversal

    /// Whether a transfer of this kind may be reversed by a reversal transfer.
    ///
    /// Holds and releases are corrected through the hold's own life cycle (refund, dispute
    /// compensation): reversing them would put points in escrow, or take them out, without a hold
    /// to account for them. A reversal is not reversed again (one correction per transfer): a
    /// mistaken one is put right by admin adjustments, which restore the balances but not the
    /// exchange counters the reversal lowered (docs/ledger.md, "A mistaken reversal").
    public var isReversible: Bool {
        switch self {
        case .hold, .release, .reversal: return false
        default: return true
        }
    }

    /// Whether the debit of this kind is a member's own spending (checked against the hard credit
    /// limit) rather than something imposed on them (penalties, corrections), which a member must
    /// not be able to escape by being near the limit.
    public var isVoluntarySpend: Bool { self == .exchange || self == .hold }

    /// The one debited account kind and the one credited account kind this kind allows; nil for a
    /// reversal, whose shape is the mirror of the transfer it reverses.
    public var allowedShapes: [(debit: AccountKind, credit: AccountKind)]? {
        switch self {
        case .exchange, .compensation: return [(.member, .member)]
        case .hold: return [(.member, .escrow)]
        case .release: return [(.escrow, .member)]
        case .reward: return [(.rewards, .member)]
        case .penalty: return [(.member, .penalties)]
        case .donationConversion: return [(.issuance, .donations)]
        case .adjustment: return [(.issuance, .member), (.member, .issuance), (.donations, .member), (.member, .donations)]
        case .reversal: return nil
        }
    }
}
