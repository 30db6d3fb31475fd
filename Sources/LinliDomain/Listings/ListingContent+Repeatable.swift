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
    /// never reserved: it stays published while its exchanges run, and two accepted exchanges on
    /// it may not overlap in time (one provider, one place at a time: 409 `exchange.slot_taken`).
    /// Derived from the content rather than stored, so an approved edit (a weekly offer turned into
    /// a fixed window) changes it with the rest of the content.
    public var isRepeatable: Bool {
        guard direction == .offer else { return false }
        switch kind {
        case .skill: return true
        case .time: return startAt == nil
        case .item: return false
        }
    }
}
