import Foundation
import LinliDomain

/// One rating (1–5 stars) of `ratee` by `rater`, usually after a completed exchange.
public struct TrustRating: Sendable, Hashable, Codable {
    public var id: String
    public var rater: MemberID
    public var ratee: MemberID
    public var stars: Int
    public var at: Date
    public var exchangeID: String?

    public init(id: String, rater: MemberID, ratee: MemberID, stars: Int, at: Date, exchangeID: String? = nil) {
        self.id = id
        self.rater = rater
        self.ratee = ratee
        self.stars = stars
        self.at = at
        self.exchangeID = exchangeID
    }
}
