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
public enum ListingBookings {
    /// One booked time on a listing, without who booked it.
    public struct Slot: Sendable, Equatable {
        public let start: Date
        public let end: Date
        /// `accepted`, or `disputed` (still holding the time until a moderator decides).
        public let state: ExchangeState
    }

    /// The times a listing is booked from now on, earliest first, for whoever may see the listing
    /// (`ListingPersistence.fetchVisible`): what a neighbour needs to pick a free time on a
    /// repeatable offer instead of asking for one that is refused (`exchange.slot_taken`). Names
    /// and exchange ids stay with the two sides. Bounded by the owner's open-exchange limit (every
    /// booking counts against it), so not paged.
    public static func upcoming(_ db: Database, principal: Principal, id: ListingID, now: Date) throws -> (Listing, [Slot]) {
        let listing = try ListingPersistence.fetchVisible(db, principal: principal, id: id, now: now)
        let slots = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT scheduled_start, scheduled_end, state FROM exchanges
                WHERE community_id = ? AND listing_id = ? AND state IN ('accepted', 'disputed') AND scheduled_end > ?
                ORDER BY scheduled_start, id
                """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue, now]
        ).map { Slot(start: $0["scheduled_start"], end: $0["scheduled_end"], state: ExchangeState(rawValue: $0["state"]) ?? .accepted) }
        return (listing, slots)
    }

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
