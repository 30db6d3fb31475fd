import Foundation

/// Who is making a request: the authenticated member (and the token used), in one community.
public struct Principal: Sendable, Equatable {
    public let communityID: CommunityID
    public let memberID: MemberID
    public let role: Role
    public let tokenID: TokenID
    /// Set when a station staff member or relative acts for a resident who consented.
    public let onBehalfOf: MemberID?
    /// False for a suspended or banned member: the API then lets them do only what concerns
    /// their own standing (read their inbox, appeal the action taken against them).
    public let active: Bool
    /// The community's IANA time zone (`Community.timezone`): messages to this caller show
    /// instants in it.
    public let timeZoneID: String
    /// Acting through a new community's hand-over token (`AccessToken.handOver`): the API lets
    /// it only mint the admin's own token (`HandOverTokenRoutes`).
    public let handOver: Bool

    public init(
        communityID: CommunityID, memberID: MemberID, role: Role, tokenID: TokenID, onBehalfOf: MemberID? = nil, active: Bool = true,
        timeZoneID: String = Community.defaultTimezone, handOver: Bool = false
    ) {
        self.communityID = communityID
        self.memberID = memberID
        self.role = role
        self.tokenID = tokenID
        self.onBehalfOf = onBehalfOf
        self.active = active
        self.timeZoneID = timeZoneID
        self.handOver = handOver
    }

    /// Whether the caller holds `permission` now: by role, and a staff permission (one a
    /// resident does not hold) only while in good standing. A suspended or banned member reaches
    /// only the routes about her own standing and her own points (`InactiveMemberRoutes`); a
    /// suspended moderator or organizer reading her own statement there must not read everyone's
    /// with the role she holds on paper.
    public func can(_ permission: Permission) -> Bool {
        AccessPolicy.allows(role, permission) && (active || AccessPolicy.allows(.resident, permission))
    }

    /// Throws 403 `auth.member_inactive` for a staff permission while the caller is suspended or
    /// banned, else 403 `forbidden` unless the role holds `permission`.
    public func require(_ permission: Permission) throws(DomainError) {
        if !active, !AccessPolicy.allows(.resident, permission) { throw DomainError.memberInactive }
        try AccessPolicy.require(permission, for: role)
    }
}
