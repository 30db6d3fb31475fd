import Foundation
import LinliDomain

/// A listing as fraud signals see it: who, when, which category, and the declared cost of an item.
public struct TrustListing: Sendable, Hashable, Codable {
    public var id: ListingID
    public var owner: MemberID
    public var category: String
    public var createdAt: Date
    /// Declared replacement cost in cents (items only).
    public var declaredCostCents: Int?
    /// The listing this one relists: set when the owner relists an item received in an exchange.
    public var relistOf: ListingID?

    public init(
        id: ListingID, owner: MemberID, category: String, createdAt: Date, declaredCostCents: Int? = nil,
        relistOf: ListingID? = nil
    ) {
        self.id = id
        self.owner = owner
        self.category = category
        self.createdAt = createdAt
        self.declaredCostCents = declaredCostCents
        self.relistOf = relistOf
    }
}
