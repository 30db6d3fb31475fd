import Foundation
import LinliDomain

/// One exchange as an edge of the exchange graph: points flow from `payer` to `provider`.
///
/// The identifier is a plain string so this module does not depend on where exchanges come from
/// (the exchanges table of issue 5, or ledger transfers between members until it exists).
public struct TrustExchange: Sendable, Hashable, Codable {
    public var id: String
    public var payer: MemberID
    public var provider: MemberID
    public var points: Int
    /// When the exchange completed (or, for a no-show or dispute, when that was decided).
    public var at: Date
    public var category: String?
    public var listingID: ListingID?
    /// Whether the thing exchanged was an item (the payer received it): resale checks use it.
    public var isItem: Bool
    public var outcome: TrustExchangeOutcome

    public init(
        id: String, payer: MemberID, provider: MemberID, points: Int, at: Date, category: String? = nil,
        listingID: ListingID? = nil, isItem: Bool = false, outcome: TrustExchangeOutcome = .completed
    ) {
        self.id = id
        self.payer = payer
        self.provider = provider
        self.points = points
        self.at = at
        self.category = category
        self.listingID = listingID
        self.isItem = isItem
        self.outcome = outcome
    }
}

/// How an exchange ended, as far as the credit score cares.
public enum TrustExchangeOutcome: Sendable, Hashable, Codable {
    case completed
    /// The named member did not show up.
    case noShow(MemberID)
    /// A dispute was decided against the named member.
    case disputeLost(MemberID)
}
