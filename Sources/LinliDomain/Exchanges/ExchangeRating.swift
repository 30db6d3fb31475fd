import Foundation

/// Identifier space of ratings: `rat_…`.
public enum RatingIDKind: IdentifierKind { public static let prefix = "rat" }

public typealias RatingID = Identifier<RatingIDKind>

/// One side's rating of the other after a completed exchange: visible to the community, the
/// comment hideable by a moderator (the stars stay: they feed the credit score).
public struct ExchangeRating: Sendable, Equatable {
    public var id: RatingID
    public var communityID: CommunityID
    public var exchangeID: ExchangeID
    public var rater: MemberID
    public var ratee: MemberID
    public var stars: Int
    public var comment: String?
    public var commentHidden: Bool
    public var createdAt: Date

    public init(
        id: RatingID, communityID: CommunityID, exchangeID: ExchangeID, rater: MemberID, ratee: MemberID, stars: Int,
        comment: String?, commentHidden: Bool, createdAt: Date
    ) {
        self.id = id
        self.communityID = communityID
        self.exchangeID = exchangeID
        self.rater = rater
        self.ratee = ratee
        self.stars = stars
        self.comment = comment
        self.commentHidden = commentHidden
        self.createdAt = createdAt
    }
}

/// `POST /v1/exchanges/{id}/rating`: 1–5 stars and an optional comment.
public struct RatingInput: StrictInput, Equatable {
    public var stars: Int
    public var comment: String?

    public init(stars: Int, comment: String? = nil) {
        self.stars = stars
        self.comment = comment
    }

    public enum CodingKeys: String, CodingKey, CaseIterable { case stars, comment }

    public static let maxComment = 500

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        if !(1...5).contains(stars) { check.add(FieldIssue("/stars", .outOfRange, ["min": "1", "max": "5"])) }
        check.text(comment, at: "/comment", required: false, max: Self.maxComment)
        try check.finish()
    }
}
