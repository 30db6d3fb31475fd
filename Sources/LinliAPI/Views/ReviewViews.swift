import Foundation
import LinliDomain
import LinliStore

/// The views in this file spell their keys in snake_case themselves, so responses are encoded
/// with `convertKeys: false` (see `JSONResponse.make`).
/// A review item as moderators see it, with each pre-screen signal explained in their language.
struct ReviewView: Encodable {
    struct SignalView: Encodable {
        let code: String
        let weight: Int
        let explanation: String
        let parameters: [String: String]

        enum CodingKeys: String, CodingKey { case code, weight, explanation, parameters }
    }

    let id: String
    let listingId: String
    let editId: String?
    let subject: String
    let status: String
    let priority: Int?
    let signals: [SignalView]?
    let claimedBy: String?
    let claimExpiresAt: Date?
    let decision: String?
    let reasonCode: String?
    let message: String?
    let requestedFields: [String]?
    let decidedBy: String?
    let decidedAt: Date?
    let createdAt: Date
    let version: Int

    /// - Parameter moderation: whether the viewer reviews listings. The pre-screen's signals
    ///   and priority, and who claimed or decided the review, are the moderators': an owner
    ///   sees the review in the answer to their own submission or edit without `signals`,
    ///   `priority`, claimer or decider (left out, not shown empty: an empty list or a 0 would
    ///   read as "the pre-screen found nothing"). The signals had told a flagged resident their
    ///   open fraud signals' count and score, and which word held their post.
    init(_ review: ReviewItem, language: Language, moderation: Bool = true) {
        id = review.id.rawValue
        listingId = review.listingID.rawValue
        editId = review.editID?.rawValue
        subject = review.subject.rawValue
        status = review.status.rawValue
        priority = moderation ? review.priority : nil
        signals = moderation
            ? review.signals.map {
                SignalView(code: $0.code.rawValue, weight: $0.weight, explanation: $0.explanation(in: language), parameters: $0.parameters)
            } : nil
        claimedBy = moderation ? review.claimedBy?.rawValue : nil
        claimExpiresAt = moderation ? review.claimExpiresAt : nil
        decision = review.decision?.rawValue
        reasonCode = review.reasonCode?.rawValue
        message = review.message
        requestedFields = review.requestedFields
        decidedBy = moderation ? review.decidedBy?.rawValue : nil
        decidedAt = review.decidedAt
        createdAt = review.createdAt
        version = review.version
    }

    enum CodingKeys: String, CodingKey { case id, listingId = "listing_id", editId = "edit_id", subject, status, priority, signals, claimedBy = "claimed_by", claimExpiresAt = "claim_expires_at", decision, reasonCode = "reason_code", message, requestedFields = "requested_fields", decidedBy = "decided_by", decidedAt = "decided_at", createdAt = "created_at", version }
}

/// A review item with the listing (and proposed edit) it is about, and, for a resubmission, the
/// round before (`previous_round`).
struct ReviewDetailView: Encodable {
    let review: ReviewView
    let listing: ListingView
    let edit: ListingEditView?
    let previousRound: PreviousRoundView?

    enum CodingKeys: String, CodingKey { case review, listing, edit, previousRound = "previous_round" }
}

/// What the moderator decided last time (`review_id`, `decision`, `reason_code`, `message`,
/// `requested_fields` with their labels, `decided_by`, `decided_at`) and what changed since
/// (`changed_fields`; `requested_not_changed`, the fields asked for that are as they were). Only
/// moderators read a review's detail, and they see who decided a review anyway (`ReviewView`).
struct PreviousRoundView: Encodable {
    let reviewId: String
    let decision: String?
    let reasonCode: String?
    let message: String?
    let requestedFields: [String]?
    let requestedFieldLabels: [String]?
    let decidedBy: String?
    let decidedAt: Date?
    let changedFields: [String]?
    let requestedNotChanged: [String]?

    init(_ round: PreviousReviewRound, language: Language) {
        reviewId = round.review.id.rawValue
        decision = round.review.decision?.rawValue
        reasonCode = round.review.reasonCode?.rawValue
        message = round.review.message
        requestedFields = round.review.requestedFields
        requestedFieldLabels = round.review.requestedFields?.map { ListingFieldLabel.label($0, in: language) }
        decidedBy = round.review.decidedBy?.rawValue
        decidedAt = round.review.decidedAt
        changedFields = round.changedFields
        requestedNotChanged = round.requestedNotChanged
    }

    enum CodingKeys: String, CodingKey {
        case reviewId = "review_id", decision, reasonCode = "reason_code", message, requestedFields = "requested_fields"
        case requestedFieldLabels = "requested_field_labels", decidedBy = "decided_by", decidedAt = "decided_at"
        case changedFields = "changed_fields"
        case requestedNotChanged = "requested_not_changed"
    }
}

struct ReviewQueueHealthView: Encodable {
    struct ModeratorView: Encodable {
        let memberId: String
        let decided: Int
        let medianDecisionSeconds: Int?
        let activeClaims: Int

        enum CodingKeys: String, CodingKey { case memberId = "member_id", decided, medianDecisionSeconds = "median_decision_seconds", activeClaims = "active_claims" }
    }

    let pendingCount: Int
    let claimedCount: Int
    let oldestPendingAgeSeconds: Int?
    let windowDays: Int
    let decidedInWindow: Int
    let medianDecisionSeconds: Int?
    let moderators: [ModeratorView]

    init(_ health: ReviewQueueHealth) {
        pendingCount = health.pendingCount
        claimedCount = health.claimedCount
        oldestPendingAgeSeconds = health.oldestPendingAgeSeconds
        windowDays = health.windowDays
        decidedInWindow = health.decidedInWindow
        medianDecisionSeconds = health.medianDecisionSeconds
        moderators = health.moderators.map {
            ModeratorView(
                memberId: $0.memberID.rawValue, decided: $0.decided, medianDecisionSeconds: $0.medianDecisionSeconds,
                activeClaims: $0.activeClaims)
        }
    }

    enum CodingKeys: String, CodingKey { case pendingCount = "pending_count", claimedCount = "claimed_count", oldestPendingAgeSeconds = "oldest_pending_age_seconds", windowDays = "window_days", decidedInWindow = "decided_in_window", medianDecisionSeconds = "median_decision_seconds", moderators }
}
