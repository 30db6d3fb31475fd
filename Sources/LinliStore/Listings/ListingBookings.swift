import Foundation
import GRDB
import LinliDomain

/// The bookings a repeatable offer holds (`ListingContent.isRepeatable`): its accepted and
/// disputed exchanges, and those reported as a no-show whose contest is still open (an overturn
/// settles them), which run while the listing stays published.
///
/// Why these checks: a one-off listing with an exchange under way is reserved, and a reserved
/// listing cannot be edited, so what the exchange was agreed on cannot move under it. A
/// repeatable offer stays published, so the same protection is spelt out here: while it holds
/// bookings, an edit may not change what they settle on (the valuation inputs: duration,
/// category, intensity, a fixed window) nor whether the offer is repeatable (which decides
/// whether its exchanges reserve it) (409 `listing.open_bookings`). Wording, photos and place
/// may still change; the neighbours booked are told (`ExchangeCommands.tellNeighboursOfChange`).
/// The owner may withdraw it (no new bookings) and it expires as any listing: its bookings run
/// on, since exchanges end without touching a listing they did not reserve.
public enum ListingBookings {
    /// One booked time on a listing (accepted, or disputed and still holding the time), without
    /// who booked it or whether it is disputed: disputes are the two sides' and the moderators'.
    public struct Slot: Sendable, Equatable {
        public let start: Date
        public let end: Date
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
                SELECT scheduled_start, scheduled_end FROM exchanges
                WHERE community_id = ? AND listing_id = ? AND state IN ('accepted', 'disputed') AND scheduled_end > ?
                ORDER BY scheduled_start, id
                """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue, now]
        ).map { Slot(start: $0["scheduled_start"], end: $0["scheduled_end"]) }
        return (listing, slots)
    }

    /// How many accepted or disputed exchanges the listing holds, with `contested` also those
    /// reported as a no-show whose contest is open (an overturn settles them, on the terms agreed
    /// at acceptance, `ExchangeAgreedTerms`).
    static func open(_ db: Database, _ listing: Listing, contested: Bool = true) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*) FROM exchanges e WHERE e.community_id = ? AND e.listing_id = ?
                    AND (e.state IN ('accepted', 'disputed')
                         OR (? AND e.state = 'no_show' AND EXISTS (SELECT 1 FROM exchange_no_show_contests c
                                                                   WHERE c.exchange_id = e.id AND c.state = 'open')))
                """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue, contested]) ?? 0
    }

    /// Refuses an edit of a repeatable offer holding bookings when it would change what they
    /// settle on or whether the offer is repeatable.
    static func checkEdit(_ db: Database, _ listing: Listing, to content: ListingContent) throws {
        guard listing.content.isRepeatable,
            content.isRepeatable != listing.content.isRepeatable || content.valuationInput != listing.content.valuationInput
        else { return }
        let count = try open(db, listing)
        guard count > 0 else { return }
        throw DomainError(code: "listing.open_bookings", category: .conflict, parameters: ["open": String(count)])
    }
}
