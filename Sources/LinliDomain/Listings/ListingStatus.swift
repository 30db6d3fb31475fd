/// Where a listing is in its life. Only `ListingStateMachine` moves a listing between these.
public enum ListingStatus: String, Codable, Sendable, CaseIterable {
    /// Being written by its owner; visible only to the owner (and staff).
    case draft
    /// Submitted; waiting in the review queue.
    case pendingReview = "pending_review"
    /// Visible to the community.
    case published
    /// A moderator asked the owner to change something; the owner edits and resubmits.
    case changesRequested = "changes_requested"
    /// Refused by a moderator with a reason code. Final.
    case rejected
    /// Someone agreed to take it; an exchange is under way.
    case reserved
    /// The exchange completed. Final.
    case exchanged
    /// Taken down by its owner. Final.
    case withdrawn
    /// Passed its expiry date while published. Final.
    case expired
    /// Taken down by moderation. Final for its owner; an appeal that overturns the removal brings it
    /// back (`ListingEvent.reinstate`, `.reopen`).
    case removed

    /// States the owner can no longer leave.
    public var isFinal: Bool {
        switch self {
        case .rejected, .exchanged, .withdrawn, .expired, .removed: return true
        default: return false
        }
    }
}
