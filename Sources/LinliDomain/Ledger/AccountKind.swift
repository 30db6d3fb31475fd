/// The kinds of ledger account. Every community has one account per member (opened lazily, on the
/// first posting) and one system account of each other kind.
///
/// Points are never created or destroyed by a posting: every transfer sums to zero. New points
/// enter circulation only by moving out of a *source* account (issuance, rewards), whose negative
/// balance is therefore the running total of points it has put into the community.
public enum AccountKind: String, Sendable, CaseIterable, Codable {
    /// A resident's (or staff member's) own account.
    case member
    /// Where admin adjustments and donation conversions take points from (a source).
    case issuance
    /// Points held for exchanges that are accepted but not yet completed.
    case escrow
    /// Where organizer rewards are paid from (a source, separate from issuance so the community
    /// can see how many points rewards have put into circulation).
    case rewards
    /// The pool of points converted from business and institution donations.
    case donations
    /// Points taken as penalties (no-shows, upheld reports).
    case penalties

    /// The system accounts, one per community.
    public static let systemKinds: [AccountKind] = allCases.filter { $0 != .member }

    /// What a balance of this kind may not go below.
    public var floor: BalanceFloor {
        switch self {
        case .member: return .creditLimit
        case .issuance, .rewards: return .unbounded
        case .escrow, .donations, .penalties: return .zero
        }
    }
}

/// How low an account's balance may go.
public enum BalanceFloor: Sendable, Equatable {
    /// A source account: its balance is minus what it has issued, without bound.
    case unbounded
    /// A pool: it can only pay out what it holds.
    case zero
    /// A member: down to minus the community's credit limit (time banks let newcomers receive help
    /// before they have given any).
    case creditLimit
}
