import Foundation

/// People living together. Per-family limits and self-dealing checks use it.
public struct Household: Codable, Sendable, Equatable {
    public var id: HouseholdID
    public var communityID: CommunityID
    /// A label residents recognise, e.g. "3号楼 2单元 501".
    public var name: String
    /// Pick-up / service area within the community (building, gate), used for browsing filters.
    public var area: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: HouseholdID, communityID: CommunityID, name: String, area: String?,
        createdAt: Date, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.name = name
        self.area = area
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
