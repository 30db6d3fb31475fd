import Foundation
import LinliDomain
import LinliStore

/// How a community is shown.
struct CommunityView: Encodable {
    let id: String
    let name: String
    let timezone: String
    let createdAt: Date
    let updatedAt: Date
    let version: Int

    init(_ community: Community) {
        id = community.id.rawValue
        name = community.name
        timezone = community.timezone
        createdAt = community.createdAt
        updatedAt = community.updatedAt
        version = community.version
    }
}

struct HouseholdView: Encodable {
    let id: String
    let name: String
    let area: String?
    let createdAt: Date
    let updatedAt: Date
    let version: Int

    init(_ household: Household) {
        id = household.id.rawValue
        name = household.name
        area = household.area
        createdAt = household.createdAt
        updatedAt = household.updatedAt
        version = household.version
    }
}

/// How a member is shown. The phone number appears only to the member and to staff who hold
/// `member.read_contact`: residents see neighbours' names, never their numbers. The status reason
/// (a moderator's words, often a case resolution's) only to the member and to those who change
/// standings (`member.change_status`).
struct MemberView: Encodable {
    let id: String
    let householdId: String?
    let displayName: String
    let phone: String?
    let role: String
    let verified: Bool
    let verifiedAt: Date?
    let status: String
    let statusReason: String?
    let suspendedUntil: Date?
    let createdAt: Date
    let updatedAt: Date
    let version: Int
    /// Only in the answer to registering a member (empty, or `member.same_name` when others
    /// already carry the name: `MemberCommands.namesakes`). Absent from reads.
    var warnings: [WarningView]?

    init(_ member: Member, viewer: Principal?) {
        id = member.id.rawValue
        displayName = member.displayName
        let mayContact = viewer == nil || viewer?.memberID == member.id || viewer?.can(.memberReadContact) == true
        phone = mayContact ? member.phone : nil
        // Who lives with whom (and so who lives alone) is for staff and the member: the
        // households routes show a household only to them, and the directory did not.
        householdId = mayContact ? member.householdID?.rawValue : nil
        role = member.role.rawValue
        verified = member.verified
        verifiedAt = member.verifiedAt
        status = member.status.rawValue
        let mayReadReason = viewer == nil || viewer?.memberID == member.id || viewer?.can(.memberChangeStatus) == true
        statusReason = mayReadReason ? member.statusReason : nil
        suspendedUntil = member.suspendedUntil
        createdAt = member.createdAt
        updatedAt = member.updatedAt
        version = member.version
    }
}

struct TokenView: Encodable {
    let id: String
    let memberId: String
    let label: String
    let createdAt: Date
    let expiresAt: Date?
    let revokedAt: Date?
    /// Who issued it: her own, someone else's (station staff at the desk), or nil for the
    /// operator's command line. A resident reviewing her tokens sees which someone else holds
    /// the secret of.
    let createdBy: String?
    /// The desk token this one was minted through (it goes when that one is revoked).
    let parentTokenId: String?
    /// A new community's hand-over token: it mints her own token once, and nothing else.
    let handOver: Bool

    init(_ token: AccessToken) {
        id = token.id.rawValue
        memberId = token.memberID.rawValue
        label = token.label
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        revokedAt = token.revokedAt
        createdBy = token.createdBy?.rawValue
        parentTokenId = token.parentTokenID?.rawValue
        handOver = token.handOver
    }
}

/// A freshly issued token: the only response that ever contains the secret.
struct IssuedTokenView: Encodable {
    let token: TokenView
    let secret: String

    init(_ issued: IssuedToken) {
        token = TokenView(issued.token)
        secret = issued.secret
    }
}

struct BootstrapView: Encodable {
    let community: CommunityView
    let admin: MemberView
    let token: IssuedTokenView

    init(_ result: BootstrappedCommunity) {
        community = CommunityView(result.community)
        admin = MemberView(result.admin, viewer: nil)
        token = IssuedTokenView(result.token)
    }
}

struct AuditEntryView: Encodable {
    let id: String
    let actorId: String?
    let actorLabel: String?
    let onBehalfOf: String?
    /// The token the member acted through (see its `created_by` in the member's token list).
    let actorTokenId: String?
    let action: String
    let targetType: String
    let targetId: String
    let reason: String?
    let before: String?
    let after: String?
    let requestId: String?
    let createdAt: Date

    init(_ entry: AuditEntry) {
        id = entry.id.rawValue
        actorId = entry.actorID?.rawValue
        actorLabel = entry.actorLabel
        onBehalfOf = entry.onBehalfOf?.rawValue
        actorTokenId = entry.actorTokenID?.rawValue
        action = entry.action
        targetType = entry.targetType
        targetId = entry.targetID
        reason = entry.reason
        before = entry.before
        after = entry.after
        requestId = entry.requestID
        createdAt = entry.createdAt
    }
}
