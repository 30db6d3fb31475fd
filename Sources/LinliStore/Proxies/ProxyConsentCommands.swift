import Foundation
import GRDB
import LinliDomain

/// Giving, recording, withdrawing and reading residents' consents that a staff member acts for
/// them (`ProxyConsent`). Every change is audited on the resident and told to her in her inbox
/// unless she made it herself.
public enum ProxyConsentCommands {
    /// Which consents a list shows.
    public struct Filter: Sendable, Equatable {
        public var memberID: MemberID?
        public var agentID: MemberID?
        public var state: ProxyConsent.State?
        public init(memberID: MemberID? = nil, agentID: MemberID? = nil, state: ProxyConsent.State? = nil) {
            self.memberID = memberID
            self.agentID = agentID
            self.state = state
        }
    }

    /// A staff permission over consents, held only while the caller is in good standing: a
    /// suspended or banned staff member may still read and withdraw the consents that name them
    /// (the routes stay open to inactive members), never every resident's.
    static func staffMay(_ principal: Principal, _ permission: Permission) -> Bool {
        principal.active && principal.can(permission)
    }

    /// A resident consents herself (no `member_id`, or her own), or a staff member records her
    /// consent at the desk (`proxy.record`; `note` then says on what it rests).
    public static func grant(
        _ tx: Transaction, principal: Principal, input: NewProxyConsentInput, actor: AuditActor
    ) throws -> ProxyConsent {
        let memberID = input.memberID ?? principal.memberID
        let atDesk = memberID != principal.memberID
        if atDesk { try principal.require(.proxyRecord) }
        try input.validate(now: tx.now, inPerson: atDesk)
        let community = principal.communityID
        let resident = try FieldReference.resolve("/member_id") { try MemberCommands.fetch(tx.db, community: community, id: memberID) }
        guard resident.role == .resident else {
            throw DomainError(code: "proxy.member_not_resident", category: .conflict, parameters: ["id": memberID.rawValue])
        }
        guard resident.isActive(at: tx.now) else {
            throw DomainError(code: "proxy.member_inactive", category: .conflict, parameters: ["id": memberID.rawValue])
        }
        let agent = try checkedAgent(tx, community: community, id: input.agentID)
        if atDesk, agent.id == principal.memberID { try checkRecordingOwn(tx.db, principal: principal, member: memberID) }
        // Staff she turned away do not record consents for her either, naming a colleague or not.
        if atDesk { try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: memberID) }
        if !atDesk { try checkNotThroughAgentsToken(tx.db, principal: principal, resident: resident, agent: agent) }
        if let standing = try activeConsent(tx.db, community: community, member: memberID, agent: agent.id, at: tx.now) {
            throw DomainError(
                code: "proxy.already_granted", category: .conflict,
                parameters: ["proxy_id": standing.id.rawValue], instants: ["expires_at": standing.expiresAt])
        }
        let consent = ProxyConsent(
            id: tx.ids.next(), communityID: community, memberID: memberID, agentID: agent.id, basis: atDesk ? .inPerson : .member,
            note: input.note?.trimmingCharacters(in: .whitespacesAndNewlines), grantedBy: principal.memberID, grantedAt: tx.now,
            expiresAt: input.expiry(now: tx.now), revokedAt: nil, revokedBy: nil, revocationReason: nil, version: 1)
        try consent.insert(tx.db)
        try tx.audit(
            community, actor: actor, action: "proxy.granted", targetType: "member", targetID: memberID.rawValue,
            after: [
                "proxy_id": consent.id.rawValue, "agent_id": agent.id.rawValue, "basis": consent.basis.rawValue,
                "expires_at": AuditTimestamp.iso(consent.expiresAt), "note": consent.note,
            ])
        // She hears of every consent, her own too: a grant made with a token staff issued for her
        // (`token.issue_others`) looks like her own, and her inbox is what her family reads.
        var parameters = [
            "proxy_id": consent.id.rawValue, "agent_name": agent.displayName,
            // Her wall clock, as event notices show theirs: she reads it, not a program.
            "expires_at": EventLocalTime.text(consent.expiresAt, timeZoneID: try CommunityCommands.fetch(tx.db, id: community).timezone),
        ]
        if atDesk { parameters["recorded_by_name"] = try MemberCommands.fetch(tx.db, community: community, id: principal.memberID).displayName }
        try MemberNotifications.notify(
            tx, community: community, member: memberID, kind: .proxyRecordedForYou, subject: "proxy:\(consent.id)", parameters: parameters)
        return consent
    }

    /// A staff member recording at the desk a consent that names herself has a stake in it, so
    /// another member of staff records it (helper 127) when the resident is her housemate (403
    /// `moderation.own_household`: her household's points would rest on her own note) or when a
    /// consent naming her was once withdrawn by someone other than herself (409
    /// `proxy.withdrawn_by_member`: staff re-recorded one, naming themselves, 19 seconds after the
    /// resident withdrew it in the app; helper 130: or after other staff withdrew it at her
    /// request). One she gave up herself she may record again. The resident may still give it
    /// herself in the app.
    static func checkRecordingOwn(_ db: Database, principal: Principal, member: MemberID) throws {
        try ModerationConflict.check(db, principal, about: [member], decision: "consent naming yourself", agentsToo: false)
        if let withdrawn = try ProxyConsents.lastWithdrawal(db, community: principal.communityID, member: member, agent: principal.memberID) {
            throw DomainError(code: "proxy.withdrawn_by_member", category: .conflict, instants: ["revoked_at": withdrawn])
        }
    }

    /// A consent given or renewed "by her" with a token the named agent issued for her is held to
    /// what the agent recording it at the desk would be: after she withdrew one naming that agent,
    /// it is the agent's doing, refused with 403 `proxy.token_from_agent` (helper 144 #2: turned
    /// away by 陈静, 李建国 was issued a token at 陈静's desk "for a lost phone", and with it a
    /// consent naming 陈静 was granted in his name, past the 409 `proxy.withdrawn_by_member` a
    /// desk recording gets); and never for the agent's own housemate, 403
    /// `proxy.token_from_housemate` (helper 157 #3: with a token she issued for her own mother, a
    /// staff member gave herself her mother's consent). Other staff record it with her present.
    /// The desk issues most residents' first token, so naming that same staff member through it
    /// is otherwise hers to do.
    static func checkNotThroughAgentsToken(_ db: Database, principal: Principal, resident: Member, agent: Member) throws {
        guard let issuer = try String.fetchOne(
            db.cachedStatement(sql: "SELECT created_by FROM access_tokens WHERE community_id = ? AND id = ?"),
            arguments: [principal.communityID.rawValue, principal.tokenID.rawValue]),
            issuer == agent.id.rawValue, issuer != principal.memberID.rawValue
        else { return }
        if let withdrawn = try ProxyConsents.lastWithdrawal(db, community: principal.communityID, member: principal.memberID, agent: agent.id) {
            throw DomainError(
                code: "proxy.token_from_agent", category: .forbidden, parameters: ["agent_name": agent.displayName],
                instants: ["revoked_at": withdrawn])
        }
        if let household = agent.householdID, household == resident.householdID {
            throw DomainError(code: "proxy.token_from_housemate", category: .forbidden, parameters: ["agent_name": agent.displayName])
        }
    }

    /// The stored reason of a consent a role change ended: not a withdrawal, so it does not bar its
    /// agent from recording a new one (`checkRecordingOwn`; helper 132).
    static let roleChangeReasonPrefix = "role changed to "

    /// Withdraws a consent in force: the resident herself, the agent giving it up, or staff at
    /// her request at the desk (`proxy.record`). From this moment the agent cannot act for her;
    /// what they did before stays done (and audited).
    public static func revoke(
        _ tx: Transaction, principal: Principal, id: ProxyConsentID, input: ProxyRevocationInput, expectedVersion: Int?,
        actor: AuditActor
    ) throws -> ProxyConsent {
        var consent = try fetchVisible(tx.db, principal: principal, id: id)
        let byMember = consent.memberID == principal.memberID
        guard byMember || consent.agentID == principal.memberID || staffMay(principal, .proxyRecord) else {
            throw DomainError.forbidden(.proxyRecord)
        }
        try input.validate()
        try MemberCommands.checkVersion(consent.version, expectedVersion)
        let state = consent.state(at: tx.now)
        guard state == .active else {
            throw DomainError(code: "proxy.not_active", category: .conflict, parameters: ["id": id.rawValue, "state": state.rawValue])
        }
        let reason = FieldValidator.nonBlank(input.reason?.trimmingCharacters(in: .whitespacesAndNewlines))
        // Other staff withdraw it at her request: on whose word, as for recording one, and never
        // staff she turned away; both are told who did it (helper 157 #1: it read as hers, and
        // any member of staff could do it without a word).
        let atDesk = !byMember && consent.agentID != principal.memberID
        var withdrawnBy: [String: String] = [:]
        if atDesk {
            guard reason != nil else {
                throw DomainError.validation([FieldIssue("/reason", .required, ["reason": "proxy.revoke_note_required"])])
            }
            try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: consent.memberID)
            withdrawnBy["withdrawn_by_name"] = try MemberCommands.fetch(tx.db, community: consent.communityID, id: principal.memberID).displayName
        }
        try end(&consent, tx, by: principal.memberID, reason: reason, actor: actor)
        if !byMember {
            var parameters = withdrawnBy
            if let reason { parameters["reason"] = reason }
            // The agent gave it up herself: she is told so, not only that it "was withdrawn"
            // (helper 162 #7).
            if consent.agentID == principal.memberID { parameters["cause"] = "agent_gave_up" }
            try tellRevoked(tx, consent, parameters)
        }
        if consent.agentID != principal.memberID {
            // The agent hears it too, before the next step in her name is refused.
            try MemberNotifications.notify(
                tx, community: consent.communityID, member: consent.agentID, kind: .proxyWithdrawnForAgent, subject: "proxy:\(consent.id)",
                parameters: withdrawnBy.merging([
                    "proxy_id": consent.id.rawValue,
                    "resident_name": try MemberCommands.fetch(tx.db, community: consent.communityID, id: consent.memberID).displayName,
                ]) { $1 })
        }
        return consent
    }

    /// Ends the consents a role change leaves without purpose: those naming the member as agent
    /// once they no longer hold a role that acts for residents, and her own once she takes a staff
    /// role. They used to pause and come back with the role, so a station worker who left and was
    /// taken on again years later would have found every old consent in force again, which no
    /// resident agreed to. Each is revoked by the admin who changed the role, audited, and told
    /// to the resident with its cause (`cause`: `agent_left_staff`, `member_took_staff_role`).
    static func endForRoleChange(_ tx: Transaction, member: Member, principal: Principal, actor: AuditActor) throws {
        var ending: [(column: String, cause: String)] = []
        if !AccessPolicy.allows(member.role, .exchangeManageOthers) { ending.append(("agent_id", "agent_left_staff")) }
        if member.role != .resident { ending.append(("member_id", "member_took_staff_role")) }
        for (column, cause) in ending {
            let consents = try ProxyConsent.fetchAll(
                tx.db, sql: "SELECT * FROM proxy_consents WHERE community_id = ? AND \(column) = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY id",
                arguments: [member.communityID.rawValue, member.id.rawValue, tx.now])
            for var consent in consents {
                try end(&consent, tx, by: principal.memberID, reason: roleChangeReasonPrefix + member.role.rawValue, actor: actor)
                try tellRevoked(tx, consent, ["cause": cause])
            }
        }
    }

    /// Writes the revocation and its audit entry (on the resident).
    private static func end(_ consent: inout ProxyConsent, _ tx: Transaction, by revoker: MemberID, reason: String?, actor: AuditActor) throws {
        let state = consent.state(at: tx.now)
        consent.revokedAt = tx.now
        consent.revokedBy = revoker
        consent.revocationReason = reason
        consent.version += 1
        try consent.update(tx.db)
        try tx.audit(
            consent.communityID, actor: actor, action: "proxy.revoked", targetType: "member", targetID: consent.memberID.rawValue,
            reason: reason, before: ["proxy_id": consent.id.rawValue, "agent_id": consent.agentID.rawValue, "state": state.rawValue],
            after: ["state": ProxyConsent.State.revoked.rawValue])
    }

    /// Tells her the consent ended, naming the agent.
    private static func tellRevoked(_ tx: Transaction, _ consent: ProxyConsent, _ extra: [String: String]) throws {
        let agent = try MemberCommands.fetch(tx.db, community: consent.communityID, id: consent.agentID)
        let parameters = extra.merging(["proxy_id": consent.id.rawValue, "agent_name": agent.displayName]) { $1 }
        try MemberNotifications.notify(
            tx, community: consent.communityID, member: consent.memberID, kind: .proxyRevoked, subject: "proxy:\(consent.id)",
            parameters: parameters)
    }

    /// One consent, for the resident, the agent and those who see every consent (`proxy.read`);
    /// "not found" for anyone else, so ids cannot be probed.
    public static func fetchVisible(_ db: Database, principal: Principal, id: ProxyConsentID) throws -> ProxyConsent {
        guard let consent = try ProxyConsent.fetchOne(
            db, sql: "SELECT * FROM proxy_consents WHERE community_id = ? AND id = ?",
            arguments: [principal.communityID.rawValue, id.rawValue]),
            consent.memberID == principal.memberID || consent.agentID == principal.memberID || staffMay(principal, .proxyRead)
        else { throw DomainError.notFound("proxy", id: id.rawValue) }
        return consent
    }

    /// Newest first. A member without `proxy.read` sees the consents she gave and those naming her
    /// as agent, whatever the filter asks.
    public static func list(
        _ db: Database, principal: Principal, filter: Filter, now: Date, page: PageRequest
    ) throws -> Page<ProxyConsent> {
        var sql = "SELECT * FROM proxy_consents WHERE community_id = ?"
        var arguments: StatementArguments = [principal.communityID.rawValue]
        if !staffMay(principal, .proxyRead) {
            sql += " AND (member_id = ? OR agent_id = ?)"
            arguments += [principal.memberID.rawValue, principal.memberID.rawValue]
        }
        if let member = filter.memberID { sql += " AND member_id = ?"; arguments += [member.rawValue] }
        if let agent = filter.agentID { sql += " AND agent_id = ?"; arguments += [agent.rawValue] }
        switch filter.state {
        case .active?: sql += " AND revoked_at IS NULL AND expires_at > ?"; arguments += [now]
        case .expired?: sql += " AND revoked_at IS NULL AND expires_at <= ?"; arguments += [now]
        case .revoked?: sql += " AND revoked_at IS NOT NULL"
        case nil: break
        }
        if let after = page.after { sql += " AND id < ?"; arguments += [after] }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try ProxyConsent.fetchAll(db, sql: sql, arguments: arguments)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// Why each of `consents` that is active at `now` cannot be used at the moment
    /// (`ProxyConsentPause`); consents in force, expired or withdrawn have no entry. One read of
    /// the members named, for a page of consents.
    public static func pauses(
        _ db: Database, community: CommunityID, consents: [ProxyConsent], at now: Date
    ) throws -> [ProxyConsentID: ProxyConsentPause] {
        let active = consents.filter { $0.state(at: now) == .active }
        let ids = Set(active.flatMap { [$0.memberID.rawValue, $0.agentID.rawValue] }).sorted()
        guard !ids.isEmpty else { return [:] }
        let members = try Member.fetchAll(
            db, sql: "SELECT * FROM members WHERE community_id = ? AND id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments([community.rawValue] + ids))
        let byID = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0) })
        var result: [ProxyConsentID: ProxyConsentPause] = [:]
        for consent in active {
            guard let member = byID[consent.memberID], let agent = byID[consent.agentID] else { continue }
            result[consent.id] = ProxyConsentPause.of(member: member, agent: agent, at: now)
        }
        return result
    }

    /// The agent named must be someone whose role acts for residents, and able to act now.
    private static func checkedAgent(_ tx: Transaction, community: CommunityID, id: MemberID) throws -> Member {
        let agent = try FieldReference.resolve("/agent_id") { try MemberCommands.fetch(tx.db, community: community, id: id) }
        guard AccessPolicy.allows(agent.role, .exchangeManageOthers) else {
            throw DomainError.validation([FieldIssue("/agent_id", .invalidValue, ["reason": "proxy.agent_not_staff"])])
        }
        guard agent.isActive(at: tx.now) else {
            throw DomainError.validation([FieldIssue("/agent_id", .invalidValue, ["reason": "proxy.agent_inactive"])])
        }
        return agent
    }

    private static func activeConsent(
        _ db: Database, community: CommunityID, member: MemberID, agent: MemberID, at now: Date
    ) throws -> ProxyConsent? {
        try ProxyConsent.fetchOne(
            db, sql: """
                SELECT * FROM proxy_consents
                WHERE community_id = ? AND member_id = ? AND agent_id = ? AND revoked_at IS NULL AND expires_at > ?
                """,
            arguments: [community.rawValue, member.rawValue, agent.rawValue, now])
    }
}
