import Foundation

/// The round before a resubmission: what the moderator decided last time (sent back for changes,
/// or an edit refused), and what the owner has changed since.
///
/// Why: a listing sent back for changes came back to the queue as if new, and the moderator
/// deciding it (often another one) could not see what had been asked nor whether it was done
/// (helper 137 #10): she had to dig through the listing's history, field by field.
public struct PreviousReviewRound: Sendable, Equatable {
    /// The earlier review, decided.
    public let review: ReviewItem
    /// The fields that differ between what was decided then and what is up for review now
    /// (`ListingContent.differingFields`); nil when the earlier content was not kept (a listing
    /// decided before 0.41).
    public let changedFields: [String]?

    public init(review: ReviewItem, changedFields: [String]?) {
        self.review = review
        self.changedFields = changedFields
    }

    /// The fields the moderator asked to change that are as they were: what to look at first.
    /// Nil when nothing was asked by field, or the earlier content was not kept.
    public var requestedNotChanged: [String]? {
        guard let changedFields, let asked = review.requestedFields, !asked.isEmpty else { return nil }
        return asked.filter { !changedFields.contains($0) }
    }
}
