import Foundation
import GRDB
import LinliDomain

/// The bookings a repeatable offer holds (`ListingContent.isRepeatable`): its accepted and
/// disputed exchanges, which run while the listing stays published.
///
/// Why these checks: a one-off listing with an exchange under way is reserved, and a reserved
/// listing can be neither edited nor withdrawn nor expired, so what the exchange was agreed on
/// cannot move under it. A repeatable offer stays published, so the same protection is spelt out
/// here: while it holds bookings, an edit may not change what they settle on (the valuation
/// inputs: duration, category, intensity, a fixed window) nor whether the offer is repeatable
/// (which decides whether its exchanges reserve it), and the owner may not withdraw it, nor does
/// it expire, until they end (409 `listing.open_bookings`). Wording, photos and place may still
/// change; the neighbours booked are told (`ExchangeCommands.tellWaitingRequestersOfChange`).
enum ListingBookings {
    /// How many accepted or disputed exchanges the listing holds.
    static func open(_ db: Database, _ listing: Listing) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*) FROM exchanges WHERE community_id = ? AND listing_id = ? AND state IN ('accepted', 'disputed')
                """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue]) ?? 0
    }

    /// The SQL condition, on a `listings` row, that it holds no open booking (for `expireDue`).
    static let noneOpenSQL = """
        NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.community_id = listings.community_id AND e.listing_id = listings.id
                    AND e.state IN ('accepted', 'disputed'))
        """

    /// Refuses an edit of a repeatable offer holding bookings when it would change what they
    /// settle on or whether the offer is repeatable.
    static func checkEdit(_ db: Database, _ listing: Listing, to content: ListingContent) throws {
        guard listing.content.isRepeatable,
            content.isRepeatable != listing.content.isRepeatable || content.valuationInput != listing.content.valuationInput
        else { return }
        try refuseIfOpen(db, listing, doing: "edit")
    }

    /// Refuses withdrawing a repeatable offer while it holds bookings (cancel them first, as for
    /// a reserved listing).
    static func checkWithdraw(_ db: Database, _ listing: Listing) throws {
        guard listing.content.isRepeatable else { return }
        try refuseIfOpen(db, listing, doing: "withdraw")
    }

    private static func refuseIfOpen(_ db: Database, _ listing: Listing, doing action: String) throws {
        let count = try open(db, listing)
        guard count > 0 else { return }
        throw DomainError(
            code: "listing.open_bookings", category: .conflict, parameters: ["open": String(count), "action": action])
    }
}
