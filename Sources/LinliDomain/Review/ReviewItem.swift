import Foundation

/// A moderator's work item: a submitted listing, or an edit of a published one.
public struct ReviewItem: Codable, Sendable, Equatable {
    public enum Subject: String, Codable, Sendable, CaseIterable {
        case listing
        case edit
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending
        case decided
        /// The owner withdrew, or a newer edit replaced this one.
        case cancelled
    }

    public var id: ReviewID
    public var communityID: CommunityID
    public var listingID: ListingID
    public var editID: ListingEditID?
    public var subject: Subject
    public var status: Status
    public var priority: Int
    public var signals: [PreScreenSignal]
    public var claimedBy: MemberID?
    public var claimExpiresAt: Date?
    public var decision: ReviewDecision.Kind?
    public var reasonCode: RejectReason?
    public var message: String?
    public var requestedFields: [String]?
    public var decidedBy: MemberID?
    public var decidedAt: Date?
    public var createdAt: Date
    public var version: Int

    public init(
        id: ReviewID, communityID: CommunityID, listingID: ListingID, editID: ListingEditID?, subject: Subject,
        status: Status, priority: Int, signals: [PreScreenSignal], claimedBy: MemberID?, claimExpiresAt: Date?,
        decision: ReviewDecision.Kind?, reasonCode: RejectReason?, message: String?, requestedFields: [String]?,
        decidedBy: MemberID?, decidedAt: Date?, createdAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.listingID = listingID
        self.editID = editID
        self.subject = subject
        self.status = status
        self.priority = priority
        self.signals = signals
        self.claimedBy = claimedBy
        self.claimExpiresAt = claimExpiresAt
        self.decision = decision
        self.reasonCode = reasonCode
        self.message = message
        self.requestedFields = requestedFields
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.createdAt = createdAt
        self.version = version
    }

    /// The member holding a live claim at `now`, if any (an expired lease is nobody's).
    public func activeClaimant(at now: Date) -> MemberID? {
        guard let claimedBy, let claimExpiresAt, claimExpiresAt > now else { return nil }
        return claimedBy
    }

    /// Checks that `moderator` may claim the item at `now`: pending, and not held by someone else.
    public func checkClaimable(by moderator: MemberID, at now: Date) throws(DomainError) {
        try checkPending()
        if let holder = activeClaimant(at: now), holder != moderator {
            throw DomainError(
                code: "review.claimed_by_other", category: .conflict,
                parameters: ["claimed_by": holder.rawValue], instants: ["until": claimExpiresAt!])
        }
    }

    /// Checks that `moderator` holds a live claim, as deciding and correcting require.
    public func checkHeld(by moderator: MemberID, at now: Date) throws(DomainError) {
        try checkPending()
        switch activeClaimant(at: now) {
        case moderator?: return
        case nil: throw DomainError(code: "review.not_claimed", category: .conflict)
        case let other?:
            throw DomainError(
                code: "review.claimed_by_other", category: .conflict, parameters: ["claimed_by": other.rawValue],
                instants: ["until": claimExpiresAt!])
        }
    }

    func checkPending() throws(DomainError) {
        // Cancelled is nobody's decision: the owner withdrew or replaced what was under review, or
        // the listing was taken down (helper 118: "already handled" read as another moderator's).
        if status == .cancelled { throw DomainError(code: "review.cancelled", category: .conflict) }
        guard status == .pending else {
            throw DomainError(code: "review.already_decided", category: .conflict, parameters: ["current_status": status.rawValue])
        }
    }

    /// Sort key of the queue: higher priority first, then older first (ids are time-ordered).
    public static func queueKey(priority: Int, id: ReviewID) -> String {
        let inverted = max(0, 999_999 - min(priority, 999_999))
        // Zero-padded to six digits by hand: `String(format:)` was a few per cent of a listing submit.
        let digits = String(inverted)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "|" + id.rawValue
    }
}
