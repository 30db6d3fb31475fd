import Foundation

/// The duration a time listing is valued on, and the same listing at another duration: what
/// settling a time exchange on its actual minutes compares (`ExchangeCompletionCommands.finish`).
///
/// A listing whose fixed `start_at`/`end_at` is the session (its duration fills it) is valued on
/// that window by its time of day, so changing only the duration used to re-price nothing: 30
/// minutes of a fixed 60-minute service paid the whole hold. A window longer than the duration
/// is when the session may be, and the duration is valued (`ListingValuationInput.sessionWindow`).
extension ListingContent {
    /// Minutes the valuation counts: the fixed window when it is the session
    /// (`ListingValuationInput.sessionWindow`), else `durationMinutes`.
    public var valuedMinutes: Int? {
        if let window = valuationInput.sessionWindow { return Int(window.end.timeIntervalSince(window.start) / 60) }
        return durationMinutes
    }

    /// The same listing lasting `minutes`: a fixed session keeps its start (so time-slot weights
    /// stay those of the listing) and ends `minutes` later; a session within a longer window only
    /// changes its duration.
    public func lasting(minutes: Int) -> ListingContent {
        var content = self
        if let window = valuationInput.sessionWindow {
            content.endAt = window.start.addingTimeInterval(TimeInterval(minutes) * 60)
        }
        content.durationMinutes = minutes
        return content
    }
}
