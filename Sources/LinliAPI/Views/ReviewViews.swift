import Foundation
import LinliDomain
import LinliStore

/// A review item as moderators see it, with each pre-screen signal explained in their language.
struct ReviewView: Encodable {
    struct SignalView: Encodable {
        let code: String
        let weight: Int
        let explanation: String
        let parameters: [String: String]
    }

    let id: String
    let listingId: String
    let editId: String?
    let subject: String
    let status: String
    let priority: Int
    let signals: [SignalView]
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

    init(_ review: ReviewItem, language: Language) {
        id = review.id.rawValue
        listingId = review.listingID.rawValue
        editId = review.editID?.rawValue
        subject = review.subject.rawValue
        status = review.status.rawValue
        priority = review.priority
        signals = review.signals.map {
            SignalView(code: $0.code.rawValue, weight: $0.weight, explanation: $0.explanation(in: language), parameters: $0.parameters)
        }
        claimedBy = review.claimedBy?.rawValue
        claimExpiresAt = review.claimExpiresAt
        decision = review.decision?.rawValue
        reasonCode = review.reasonCode?.rawValue
        message = review.message
        requestedFields = review.requestedFields
        decidedBy = review.decidedBy?.rawValue
        decidedAt = review.decidedAt
        createdAt = review.createdAt
        version = review.version
    }
}

/// A review item with the listing (and proposed edit) it is about.
struct ReviewDetailView: Encodable {
    let review: ReviewView
    let listing: ListingView
    let edit: ListingEditView?
}

struct ReviewQueueHealthView: Encodable {
    struct ModeratorView: Encodable {
        let memberId: String
        let decided: Int
        let medianDecisionSeconds: Int?
        let activeClaims: Int
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
}
