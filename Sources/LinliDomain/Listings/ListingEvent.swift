/// Everything that can happen to a listing's status. Each event is checked by
/// `ListingStateMachine`, the one place that knows which transitions are allowed.
public enum ListingEvent: String, Sendable, CaseIterable {
    /// Owner sends a draft (or a changed listing) to review.
    case submit
    /// Owner sends it and the review policy lets it skip the queue (trusted member, no hotword).
    case autoPublish = "auto_publish"
    case approve
    case reject
    case requestChanges = "request_changes"
    /// An exchange starts.
    case reserve
    /// The exchange was cancelled; the listing is available again.
    case release
    /// The exchange completed.
    case complete
    case withdraw
    /// The expiry date passed (scheduler).
    case expire
    /// A moderator takes it down.
    case remove
}
