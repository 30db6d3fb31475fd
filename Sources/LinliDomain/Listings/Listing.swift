import Foundation

/// A listing as stored: its content, status, current valuation, and moderation outcome.
public struct Listing: Sendable, Equatable {
    public var id: ListingID
    public var communityID: CommunityID
    public var ownerID: MemberID
    /// Who typed it in: the owner, or station staff acting for them.
    public var createdBy: MemberID
    public var status: ListingStatus
    public var content: ListingContent
    public var valuation: ListingValuation
    /// Set once a moderator corrected the valuation inputs: the owner's original numbers.
    public var originalValuation: ListingValuation?
    public var originalInputsJSON: String?
    public var correctionReason: String?
    public var correctedBy: MemberID?
    public var correctedAt: Date?
    /// The last moderation outcome the owner should see (rejection reason, requested changes).
    public var decisionReasonCode: RejectReason?
    public var decisionMessage: String?
    public var requestedFields: [String]?
    public var publishedAt: Date?
    public var expiresAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: ListingID, communityID: CommunityID, ownerID: MemberID, createdBy: MemberID, status: ListingStatus,
        content: ListingContent, valuation: ListingValuation, originalValuation: ListingValuation? = nil,
        originalInputsJSON: String? = nil, correctionReason: String? = nil, correctedBy: MemberID? = nil,
        correctedAt: Date? = nil, decisionReasonCode: RejectReason? = nil, decisionMessage: String? = nil,
        requestedFields: [String]? = nil, publishedAt: Date? = nil, expiresAt: Date? = nil, createdAt: Date,
        updatedAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.ownerID = ownerID
        self.createdBy = createdBy
        self.status = status
        self.content = content
        self.valuation = valuation
        self.originalValuation = originalValuation
        self.originalInputsJSON = originalInputsJSON
        self.correctionReason = correctionReason
        self.correctedBy = correctedBy
        self.correctedAt = correctedAt
        self.decisionReasonCode = decisionReasonCode
        self.decisionMessage = decisionMessage
        self.requestedFields = requestedFields
        self.publishedAt = publishedAt
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Whether `principal` registered it for its owner and still holds the staff role that let
    /// them: a station worker demoted to resident no longer sees or manages the drafts and
    /// listings they typed in for elderly neighbours (their access came with the role). The store
    /// also ends it when the owner withdraws a consent naming them
    /// (`ListingPersistence.registeredAndStillActing`); consent covers that listing, not all of
    /// the resident's affairs.
    public func isRegistered(by principal: Principal) -> Bool {
        createdBy == principal.memberID && createdBy != ownerID && principal.can(.listingManageOthers)
    }
}

/// A published listing's edit waiting for review.
public struct ListingEdit: Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending, approved, rejected
        case changesRequested = "changes_requested"
        case cancelled
    }

    public var id: ListingEditID
    public var communityID: CommunityID
    public var listingID: ListingID
    public var content: ListingContent
    public var changedFields: [String]
    public var status: Status
    public var createdBy: MemberID
    public var createdAt: Date
    public var decidedAt: Date?
    /// What the edit would make the listing worth, under the rules in force when it was submitted
    /// (approval values it again). Nil for edits stored before 0.40.
    public var points: Int?

    public init(
        id: ListingEditID, communityID: CommunityID, listingID: ListingID, content: ListingContent, changedFields: [String],
        status: Status, createdBy: MemberID, createdAt: Date, decidedAt: Date?, points: Int? = nil
    ) {
        self.id = id
        self.communityID = communityID
        self.listingID = listingID
        self.content = content
        self.changedFields = changedFields
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.points = points
    }
}
