import Foundation
import GRDB
import LinliDomain

/// The one question every step a staff member takes for a resident asks: does this agent hold
/// her consent now? Kept apart from `ProxyConsentCommands` because the exchange and listing access
/// checks call it, and it must stay one indexed lookup (`proxy_consents_by_member`).
enum ProxyConsents {
    /// `Member.isActive` in SQL, for the resident of a consent (binds `now` once).
    static let activeMember = "AND " + activeCondition
    /// `activeMember` without its `AND`, to combine (bound: `now`).
    static let activeCondition = "(members.status = 'active' OR (members.status = 'suspended' AND members.suspended_until IS NOT NULL AND members.suspended_until <= ?))"

    /// Whether `member` has an unrevoked, unexpired consent naming `agent`, and is still a
    /// resident (a consent does not survive her taking a staff role: staff act for themselves)
    /// in good standing (while she is suspended or banned nobody acts in her name, as she cannot).
    /// The agent's own role is the caller's check (`exchange.manage_others`,
    /// `listing.manage_others`), so a staff member who loses the role loses every consent's use.
    ///
    /// `inGoodStanding: false` drops the standing condition, for the objections a restricted
    /// resident still makes herself (`ExchangeAccess.resolve(objecting:)`).
    static func holds(
        _ db: Database, community: CommunityID, agent: MemberID, member: MemberID, at now: Date, inGoodStanding: Bool = true
    ) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (
                    SELECT 1 FROM proxy_consents
                    WHERE community_id = ? AND member_id = ? AND agent_id = ? AND revoked_at IS NULL AND expires_at > ?
                      AND EXISTS (SELECT 1 FROM members WHERE members.id = proxy_consents.member_id AND members.role = 'resident'
                                  AND (? OR \(activeCondition))))
                """),
            arguments: [community.rawValue, member.rawValue, agent.rawValue, now, !inGoodStanding, now]) ?? false
    }

    /// Whether a consent of `member` naming `agent` was revoked at or after `since`, by anyone: work
    /// the agent registered for her before that (her request, a listing posted for her) is then no
    /// longer theirs to carry on (helper 114: after 王秀英 withdrew her consent, the staff member
    /// still confirmed an exchange they had requested for her, and 29 points left her account).
    /// An agent giving a consent up ends it too: her notice says they can no longer act for her
    /// (helper 159 #1). Whether she turned them away is another question (`lastWithdrawal`).
    static func withdrawnSince(_ db: Database, community: CommunityID, agent: MemberID, member: MemberID, since: Date) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM proxy_consents
                               WHERE community_id = ? AND member_id = ? AND agent_id = ? AND revoked_at IS NOT NULL AND revoked_at >= ?)
                """),
            arguments: [community.rawValue, member.rawValue, agent.rawValue, since]) ?? false
    }

    /// When `member` last withdrew a consent naming `agent` (or other staff withdrew it at her
    /// request): revoked by someone other than the agent, and not ended by a role change (which is
    /// no withdrawal). Nil when she never did; one the agent gave up herself is not counted.
    static func lastWithdrawal(_ db: Database, community: CommunityID, member: MemberID, agent: MemberID) throws -> Date? {
        try Date.fetchOne(
            db.cachedStatement(sql: """
                SELECT MAX(revoked_at) FROM proxy_consents
                WHERE community_id = ? AND member_id = ? AND agent_id = ? AND revoked_by IS NOT NULL AND revoked_by <> agent_id
                  AND (revocation_reason IS NULL OR revocation_reason NOT LIKE '\(ProxyConsentCommands.roleChangeReasonPrefix)%')
                """),
            arguments: [community.rawValue, member.rawValue, agent.rawValue])
    }

    /// Staff a resident turned away do not start new work in her name: a need or an offer
    /// registered for her, an exchange asked for her, an event seat, a token (helper 144 #1: the
    /// day 王秀英 withdrew her consent, the same staff member registered a paid need for her with a
    /// typed note, accepted a helper for it, and held her points; work registered before the
    /// withdrawal was already closed to them, new work was not). Unless she has given them a
    /// consent again since (in the app, or recorded by other staff with her present), even one
    /// that has since ended: her last word was to trust them (helper 146 #3). 403
    /// `proxy.consent_withdrawn`, sending her to other staff.
    static func checkNotTurnedAway(_ tx: Transaction, principal: Principal, member: MemberID) throws {
        guard member != principal.memberID,
            let withdrawn = try lastWithdrawal(tx.db, community: principal.communityID, member: member, agent: principal.memberID)
        else { return }
        if try grantedSince(tx.db, community: principal.communityID, member: member, agent: principal.memberID, since: withdrawn) { return }
        throw DomainError(code: "proxy.consent_withdrawn", category: .forbidden, parameters: ["id": member.rawValue], instants: ["revoked_at": withdrawn])
    }

    /// Whether she gave `agent` a consent after `since` (in the app, or recorded by other staff with
    /// her present), in force or not: her last word was to trust them (helper 146 #3).
    static func grantedSince(_ db: Database, community: CommunityID, member: MemberID, agent: MemberID, since: Date) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM proxy_consents WHERE community_id = ? AND member_id = ? AND agent_id = ? AND granted_at > ?)
                """),
            arguments: [community.rawValue, member.rawValue, agent.rawValue, since]) ?? false
    }

    /// `withdrawnSince` as a condition on a listing row (`listings`), with the agent bound in
    /// place of its `?`: true when the owner withdrew a consent naming the agent at or after the
    /// listing was registered.
    static let listingConsentWithdrawnSQL = """
        EXISTS (SELECT 1 FROM proxy_consents
                WHERE proxy_consents.community_id = listings.community_id AND proxy_consents.member_id = listings.owner_id
                  AND proxy_consents.agent_id = ? AND proxy_consents.revoked_at IS NOT NULL
                  AND proxy_consents.revoked_at >= listings.created_at)
        """

    /// Whether `agent` was ever named in a consent of any of `members`, whatever its state now:
    /// someone who acted for a side may not judge what they did for her, even after giving the
    /// consent up (admins can be agents and also review and resolve).
    static func everNamed(_ db: Database, community: CommunityID, agent: MemberID, by members: [MemberID]) throws -> Bool {
        guard !members.isEmpty else { return false }
        return try Bool.fetchOne(
            db, sql: """
                SELECT EXISTS (SELECT 1 FROM proxy_consents WHERE community_id = ? AND agent_id = ?
                                 AND member_id IN (\(members.map { _ in "?" }.joined(separator: ", "))))
                """,
            arguments: StatementArguments([community.rawValue, agent.rawValue] + members.map(\.rawValue))) ?? false
    }

    /// The subquery of residents whose consent naming `agent` is in force at `now`, for a
    /// member-id column in a list query (`column IN (…)`), with its arguments. Whatever their
    /// standing: staff read, and object in, a suspended or banned resident's exchanges
    /// (`ExchangeAccess.resolve(objecting:)`), so the staff list shows them too (helper 174 #2:
    /// reads by id worked, the list left them out); every other step waits for her good standing.
    static func residentsActedFor(agent: MemberID, community: CommunityID, at now: Date) -> (sql: String, arguments: StatementArguments) {
        ("""
            SELECT member_id FROM proxy_consents
            WHERE community_id = ? AND agent_id = ? AND revoked_at IS NULL AND expires_at > ?
              AND EXISTS (SELECT 1 FROM members WHERE members.id = proxy_consents.member_id AND members.role = 'resident')
            """, [community.rawValue, agent.rawValue, now])
    }
}
