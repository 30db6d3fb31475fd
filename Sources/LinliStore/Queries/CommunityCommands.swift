import Foundation
import GRDB
import LinliDomain

/// A new community with its first admin and that admin's one-time token.
public struct BootstrappedCommunity: Sendable {
    public let community: Community
    public let admin: Member
    public let token: IssuedToken
}

/// Creating and editing communities (tenants).
public enum CommunityCommands {
    public static func fetch(_ db: Database, id: CommunityID) throws -> Community {
        guard let community = try Community.fetchOne(db, sql: "SELECT * FROM communities WHERE id = ?", arguments: [id.rawValue])
        else { throw DomainError.notFound("community", id: id.rawValue) }
        return community
    }

    public static func all(_ db: Database) throws -> [Community] {
        try Community.fetchAll(db, sql: "SELECT * FROM communities ORDER BY id")
    }

    /// Creates a community, its first admin, a token for that admin, and puts `rules` in force as
    /// the community's first rule-file version (every community always has rules to value by).
    /// Used by `linli admin bootstrap` (no principal) and by admins through the API, whose token
    /// lasts `TokenLimits.handedOverDays` (it is handed over by someone outside the community).
    public static func create(
        _ tx: Transaction, input: NewCommunityInput, rules: RuleSource, principal: Principal?, actor: AuditActor,
        tokenDays: Int? = nil
    ) throws -> BootstrappedCommunity {
        try principal?.require(.communityCreate)
        try input.validate()
        let community = Community(
            id: tx.ids.next(), name: input.name.trimmingCharacters(in: .whitespacesAndNewlines),
            timezone: input.timezone ?? Community.defaultTimezone, createdAt: tx.now, updatedAt: tx.now, version: 1)
        try community.insert(tx.db)
        // The new community's own log records who created it (the creator belongs to another
        // community, so only their label is kept there).
        let creator = AuditActor(
            memberID: nil, label: principal.map { "member \($0.memberID) of \($0.communityID)" } ?? actor.label ?? "cli",
            onBehalfOf: nil, requestID: actor.requestID)
        try tx.audit(
            community.id, actor: creator, action: "community.created", targetType: "community", targetID: community.id.rawValue,
            after: ["name": community.name, "timezone": community.timezone])
        let admin = try MemberCommands.create(
            tx, community: community.id,
            input: NewMemberInput(displayName: input.adminDisplayName, phone: input.adminPhone, householdID: nil, role: .admin),
            principal: nil, actor: creator)
        // Created through the API, the secret goes to another community's admin: a short-lived
        // hand-over token, labelled as such (the audit entry names who created it), that only
        // mints her own token, once (`HandOverTokenRoutes`, `TokenCommands.issue`).
        let handedOver = principal != nil
        let token = try TokenCommands.issue(
            tx, community: community.id, memberID: admin.id,
            input: NewTokenInput(
                label: handedOver ? "bootstrap (handed over)" : "bootstrap",
                expiresInDays: handedOver ? min(tokenDays ?? TokenLimits.handedOverDays, TokenLimits.handedOverDays) : tokenDays),
            principal: nil, actor: creator, handOver: handedOver)
        _ = try RuleSetCommands.upload(tx, community: community.id, source: rules, principal: nil, actor: creator, activate: true)
        return BootstrappedCommunity(community: community, admin: admin, token: token)
    }

    public static func update(
        _ tx: Transaction, principal: Principal, id: CommunityID, patch: CommunityPatch, expectedVersion: Int?, actor: AuditActor
    ) throws -> Community {
        guard id == principal.communityID else { throw DomainError.notFound("community", id: id.rawValue) }
        try principal.require(.communityUpdate)
        try patch.validate()
        var community = try fetch(tx.db, id: id)
        try MemberCommands.checkVersion(community.version, expectedVersion)
        let before: [String: String?] = ["name": community.name, "timezone": community.timezone]
        if let name = patch.name { community.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let timezone = patch.timezone { community.timezone = timezone }
        let after: [String: String?] = ["name": community.name, "timezone": community.timezone]
        if UnchangedFields.same(before, after) { return community }  // nothing changed: no new version, no audit entry
        community.version += 1
        community.updatedAt = tx.now
        try tx.db.execute(
            sql: "UPDATE communities SET name = ?, timezone = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?",
            arguments: [community.name, community.timezone, tx.now, community.version, id.rawValue, community.version - 1])
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: community.version - 1) }
        try tx.audit(
            id, actor: actor, action: "community.updated", targetType: "community", targetID: id.rawValue,
            before: before, after: after)
        return community
    }
}
