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
    /// The removal was overturned on appeal: a listing that had been published is published again
    /// (with a fresh expiry period).
    case reinstate
    /// The removal was overturned on appeal, but the listing had never passed review: it goes back
    /// to its owner, who may edit and submit it again.
    case reopen
}
