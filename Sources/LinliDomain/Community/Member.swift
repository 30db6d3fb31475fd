import Foundation

/// A resident (or staff member) of one community.
public struct Member: Codable, Sendable, Equatable {
    public var id: MemberID
    public var communityID: CommunityID
    public var householdID: HouseholdID?
    public var displayName: String
    /// Contact phone; unique within a community when present. Never shown to other residents.
    public var phone: String?
    public var role: Role
    /// Real-name (实名) verification, set by station staff after checking identity in person.
    public var verified: Bool
    public var verifiedAt: Date?
    public var verifiedBy: MemberID?
    public var status: MemberStatus
    public var statusReason: String?
    /// End of a suspension; nil for active, banned, or open-ended suspensions.
    public var suspendedUntil: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: MemberID, communityID: CommunityID, householdID: HouseholdID?, displayName: String,
        phone: String?, role: Role, verified: Bool, verifiedAt: Date?, verifiedBy: MemberID?,
        status: MemberStatus, statusReason: String?, suspendedUntil: Date?,
        createdAt: Date, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.householdID = householdID
        self.displayName = displayName
        self.phone = phone
        self.role = role
        self.verified = verified
        self.verifiedAt = verifiedAt
        self.verifiedBy = verifiedBy
        self.status = status
        self.statusReason = statusReason
        self.suspendedUntil = suspendedUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Whether the member may act at `now`: active, or suspended with a suspension that has ended.
    public func isActive(at now: Date) -> Bool {
        Self.isActive(status: status, suspendedUntil: suspendedUntil, at: now)
    }

    /// The same rule for a status read without the rest of the member (a sheet's rows).
    public static func isActive(status: MemberStatus, suspendedUntil: Date?, at now: Date) -> Bool {
        switch status {
        case .active: return true
        case .banned: return false
        case .suspended:
            guard let until = suspendedUntil else { return false }
            return until <= now
        }
    }
}
