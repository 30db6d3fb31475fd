import Foundation

extension ListingContent {
    /// Whether the listing stays open for further exchanges after one is agreed: a skill offered
    /// (calligraphy lessons, bicycle repairs) and time offered on weekly `availability` (walking
    /// someone to the clinic on Tuesday mornings) can be booked again and again, by one neighbour
    /// week after week or by several at different times; an item, time offered for one fixed
    /// `start_at`–`end_at` window, and every request are used up by the first exchange.
    ///
    /// Why: the time bank lives on such standing offers. When one exchange reserved and then used
    /// up a weekly offer, the neighbour had to post it again, and wait for review again, after
    /// every walk; offers went quiet and the exchange of time with them. A repeatable listing is
    /// never reserved: it stays published while its exchanges run, and its helper is not booked
    /// twice for one time (`ExchangeGuards.checkSlotFree`).
    /// Derived from the content rather than stored (an edit that would change it while bookings
    /// run is refused: `ListingBookings`). The store states the same test in SQL (`RepeatableListingSQL`); keep the
    /// two in step.
    public var isRepeatable: Bool {
        guard direction == .offer else { return false }
        switch kind {
        case .skill: return true
        case .time: return startAt == nil
        case .item: return false
        }
    }
}
