import Foundation

/// A bearer token's stored metadata. The secret itself is shown once at issue time and only its
/// SHA-256 hash is kept, so a database leak does not leak usable tokens.
public struct AccessToken: Codable, Sendable, Equatable {
    public var id: TokenID
    public var communityID: CommunityID
    public var memberID: MemberID
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var createdBy: MemberID?
    /// The token this one was minted through, when that one was issued by someone else: the
    /// child keeps its issuer and is revoked with it (`TokenCommands.issue`). Nil otherwise.
    public var parentTokenID: TokenID?
    /// The new community's first token, whose secret another community's admin handed over
    /// (`POST /v1/communities`): it only mints her own token, once (`TokenCommands.issue`).
    public var handOver: Bool

    public init(
        id: TokenID, communityID: CommunityID, memberID: MemberID, label: String,
        createdAt: Date, expiresAt: Date?, revokedAt: Date?, createdBy: MemberID?, parentTokenID: TokenID? = nil, handOver: Bool = false
    ) {
        self.id = id
        self.communityID = communityID
        self.memberID = memberID
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdBy = createdBy
        self.parentTokenID = parentTokenID
        self.handOver = handOver
    }

    /// Usable at `now`: not revoked and not expired.
    public func isUsable(at now: Date) -> Bool {
        if revokedAt != nil { return false }
        if let expiresAt, expiresAt <= now { return false }
        return true
    }
}
