import Foundation
import LinliDomain
import LinliStore

/// `GET /v1/listings/{id}/bookings`: the times a listing is taken from now on, so a neighbour
/// picks a free one on a repeatable offer. No names, no exchange ids, nor whether one is disputed.
struct ListingBookingsView: Encodable {
    struct Slot: Encodable {
        let scheduledStart: Date
        let scheduledEnd: Date
    }

    let listingId: String
    let repeatable: Bool
    let items: [Slot]

    init(_ listing: Listing, slots: [ListingBookings.Slot]) {
        listingId = listing.id.rawValue
        repeatable = listing.content.isRepeatable
        items = slots.map { Slot(scheduledStart: $0.start, scheduledEnd: $0.end) }
    }
}
