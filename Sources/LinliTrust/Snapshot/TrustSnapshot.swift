import Foundation
import LinliDomain

/// Everything trust computations read for one community, handed in by the store.
///
/// `itemSales` records items a member reported as sold outside Linli (or a moderator found sold):
/// together with `TrustListing.relistOf` they are the resale evidence.
public struct TrustSnapshot: Sendable, Codable {
    public var members: [TrustMember]
    public var exchanges: [TrustExchange]
    public var ratings: [TrustRating]
    public var reports: [TrustReport]
    public var listings: [TrustListing]
    public var itemSales: [TrustItemSale]
    /// When each member's standing `deduct_credit` case actions (not overturned on appeal) were
    /// taken: the credit score counts those within the rule file's `moderation.strike_window_days`.
    public var creditDeductions: [MemberID: [Date]]

    public init(
        members: [TrustMember] = [], exchanges: [TrustExchange] = [], ratings: [TrustRating] = [],
        reports: [TrustReport] = [], listings: [TrustListing] = [], itemSales: [TrustItemSale] = [],
        creditDeductions: [MemberID: [Date]] = [:]
    ) {
        self.members = members
        self.exchanges = exchanges
        self.ratings = ratings
        self.reports = reports
        self.listings = listings
        self.itemSales = itemSales
        self.creditDeductions = creditDeductions
    }
}

/// An item received through Linli and then sold (or relisted) elsewhere by `member`.
public struct TrustItemSale: Sendable, Hashable, Codable {
    public var member: MemberID
    public var listingID: ListingID
    public var at: Date

    public init(member: MemberID, listingID: ListingID, at: Date) {
        self.member = member
        self.listingID = listingID
        self.at = at
    }
}
