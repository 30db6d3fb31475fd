import Foundation
import GRDB
import LinliDomain
import LinliRules

/// Filters for the member directory.
public struct MemberFilter: Sendable, Equatable {
    public var role: Role?
    public var status: MemberStatus?
    public var householdID: HouseholdID?
    public var verified: Bool?

    public init(role: Role? = nil, status: MemberStatus? = nil, householdID: HouseholdID? = nil, verified: Bool? = nil) {
        self.role = role
        self.status = status
        self.householdID = householdID
        self.verified = verified
    }
}

/// Registering members and changing their profile, role, verification and status.
public enum MemberCommands {
    /// The display names of `ids` in the community (one read); ids of no member there are left out.
    public static func displayNames(_ db: Database, community: CommunityID, ids: Set<MemberID>) throws -> [MemberID: String] {
        guard !ids.isEmpty else { return [:] }
        let sorted = ids.map(\.rawValue).sorted()
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, display_name FROM members WHERE community_id = ? AND id IN (\(sorted.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments([community.rawValue] + sorted))
        return Dictionary(uniqueKeysWithValues: rows.map { (MemberID(trusted: $0["id"]), $0["display_name"]) })
    }

    public static func fetch(_ db: Database, community: CommunityID, id: MemberID) throws -> Member {
        guard let member = try Member.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM members WHERE community_id = ? AND id = ?"),
            arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("member", id: id.rawValue) }
        return member
    }

    public static func list(_ db: Database, community: CommunityID, filter: MemberFilter, page: PageRequest) throws -> Page<Member> {
        var sql = "SELECT * FROM members WHERE community_id = ? AND id > ?"
        var arguments: StatementArguments = [community.rawValue, page.after ?? ""]
        if let role = filter.role { sql += " AND role = ?"; arguments += [role.rawValue] }
        if let status = filter.status { sql += " AND status = ?"; arguments += [status.rawValue] }
        if let household = filter.householdID { sql += " AND household_id = ?"; arguments += [household.rawValue] }
        if let verified = filter.verified { sql += " AND verified = ?"; arguments += [verified] }
        sql += " ORDER BY id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Member.fetchAll(db, sql: sql, arguments: arguments)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// Registers a member. Residents need `member.create`; staff roles need `member.create_staff`.
    /// A nil principal means the operator's command line (bootstrap, demo seeding).
    public static func create(
        _ tx: Transaction, community: CommunityID, input: NewMemberInput, principal: Principal?, actor: AuditActor
    ) throws -> Member {
        let role = input.role ?? .resident
        if let principal {
            try principal.require(.memberCreate)
            if role != .resident { try principal.require(.memberCreateStaff) }
        }
        try input.validate()
        let phone = input.phone.flatMap(PhoneNumber.normalize)
        var issues: [FieldIssue] = []
        if let household = input.householdID, try !HouseholdCommands.exists(tx.db, community: community, id: household) {
            issues.append(FieldIssue("/household_id", .notFound))
        }
        if let phone, try phoneTaken(tx.db, community: community, phone: phone, except: nil) {
            issues.append(FieldIssue("/phone", .duplicate))
        }
        if !issues.isEmpty { throw DomainError.validation(issues) }
        let member = Member(
            id: tx.ids.next(), communityID: community, householdID: input.householdID,
            displayName: input.displayName.trimmingCharacters(in: .whitespacesAndNewlines), phone: phone, role: role,
            verified: false, verifiedAt: nil, verifiedBy: nil, status: .active, statusReason: nil, suspendedUntil: nil,
            createdAt: tx.now, updatedAt: tx.now, version: 1)
        try member.insert(tx.db)
        try tx.audit(
            community, actor: actor, action: "member.created", targetType: "member", targetID: member.id.rawValue,
            after: ["display_name": member.displayName, "role": role.rawValue, "household_id": member.householdID?.rawValue])
        try tx.emit(community, type: "member.joined", subject: "member:\(member.id)", payload: MemberEventPayload(member))
        return member
    }

    /// Edits name, phone or household: one's own profile, or anyone's with `member.update_others`;
    /// a staff member's only with `member.create_staff` too, as registering one is. Station staff
    /// (who update residents' profiles at the desk) could otherwise rename an admin or moderator,
    /// or give one their own phone number, which is how members are found and told apart.
    public static func updateProfile(
        _ tx: Transaction, principal: Principal, id: MemberID, patch: MemberProfilePatch, expectedVersion: Int?, actor: AuditActor
    ) throws -> Member {
        if id != principal.memberID { try principal.require(.memberUpdateOthers) }
        try patch.validate()
        var member = try fetch(tx.db, community: principal.communityID, id: id)
        let original = member
        if id != principal.memberID, member.role != .resident { try principal.require(.memberCreateStaff) }
        try checkVersion(member.version, expectedVersion)
        // Households are recorded by staff (`household.write`): the same-household guard of
        // exchanges, the staff tools' `ledger.own_household`, `moderation.own_household` and the
        // fraud checks rest on them. So a member of staff does not move themselves or a housemate
        // out (to reward or moderate that housemate, then back): someone outside the household
        // records it. Stepping into a household from none only adds guards, so one may record
        // one's own first household (a community's only admin has nobody else to do it). A staff
        // member's household is an admin's to record, as registering one is. Sending the household
        // one already has changes nothing.
        if patch.householdID.applied(to: member.householdID) != member.householdID {
            try principal.require(.householdWrite)
            if id == principal.memberID {
                guard member.householdID == nil else {
                    throw DomainError(code: "member.cannot_change_own_household", category: .forbidden)
                }
            } else {
                try ModerationConflict.check(tx.db, principal, about: [id], decision: "household change", agentsToo: false)
            }
        }
        let before = profileFields(member)
        var issues: [FieldIssue] = []
        if case .value(let name) = patch.displayName { member.displayName = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if PhoneChangeRefusals.counts(principal: principal, id: id, patch: patch) { try PhoneChangeRefusals.check(tx, principal: principal) }
        switch patch.phone {
        case .value(let raw):
            let phone = PhoneNumber.normalize(raw)
            if let phone, try phoneTaken(tx.db, community: principal.communityID, phone: phone, except: id) {
                issues.append(FieldIssue("/phone", .duplicate))
            }
            member.phone = phone
        case .null: member.phone = nil
        case .absent: break
        }
        if case .value(let household) = patch.householdID,
            try !HouseholdCommands.exists(tx.db, community: principal.communityID, id: household)
        {
            issues.append(FieldIssue("/household_id", .notFound))
        }
        if !issues.isEmpty { throw DomainError.validation(issues) }
        if case .value(let household) = patch.householdID, household != member.householdID {
            try checkNoOpenExchange(tx.db, community: principal.communityID, member: id, joining: household)
        }
        member.householdID = patch.householdID.applied(to: member.householdID)
        // Nothing changed: no new version (another editor's If-Match still holds) and no audit
        // entry saying nothing (helper 110). Compared on the values, not the audit's masked phone.
        if member == original, UnchangedFields.same(
            ["name": original.displayName, "phone": original.phone], ["name": member.displayName, "phone": member.phone]) {
            return member
        }
        let saved = try save(tx, member, action: "member.profile_updated", before: before, after: profileFields(member), reason: nil, actor: actor)
        var changed: [String] = []
        if saved.displayName != original.displayName { changed.append("name") }
        if saved.phone != original.phone { changed.append("phone") }
        if saved.householdID != original.householdID { changed.append("household") }
        try tellOfChangeForHer(tx, saved, by: principal, parameters: ["changed": changed.joined(separator: ",")])
        return saved
    }

    /// Someone else (station staff at the desk) changed the member's name, phone, household or
    /// verification (`profile_changed_for_you`, naming them): helper 140, staff revoked a
    /// resident's verification (her credit fell) and moved her out of her son's household (which
    /// opened trades between them) and she heard nothing.
    static func tellOfChangeForHer(_ tx: Transaction, _ member: Member, by principal: Principal, parameters: [String: String]) throws {
        guard principal.memberID != member.id else { return }
        var told = parameters
        told["staff_name"] = try fetch(tx.db, community: member.communityID, id: principal.memberID).displayName
        try MemberNotifications.notify(
            tx, community: member.communityID, member: member.id, kind: .profileChangedForYou, subject: "member:\(member.id)",
            parameters: told)
    }

    /// Exchanges within a household earn no points (`exchange.same_household`), and the guard is
    /// checked when an exchange starts. Moving a member into the household of someone they have
    /// an open exchange with (requested, accepted, disputed) would let it complete between
    /// housemates, so it is refused (409 `member.household_open_exchange`, naming the exchange)
    /// until that exchange is finished or called off.
    static func checkNoOpenExchange(_ db: Database, community: CommunityID, member: MemberID, joining household: HouseholdID) throws {
        let open = try String.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id FROM exchanges
                    WHERE community_id = ?1 AND state IN ('requested', 'accepted', 'disputed')
                      AND ((requester_id = ?2 AND owner_id IN (SELECT id FROM members WHERE community_id = ?1 AND household_id = ?3))
                        OR (owner_id = ?2 AND requester_id IN (SELECT id FROM members WHERE community_id = ?1 AND household_id = ?3)))
                    LIMIT 1
                    """),
            arguments: [community.rawValue, member.rawValue, household.rawValue])
        if let open {
            throw DomainError(
                code: "member.household_open_exchange", category: .conflict,
                parameters: ["exchange_id": open, "household_id": household.rawValue])
        }
    }

    /// Changes a member's role (admins only). The last active admin cannot be demoted. A member
    /// whose new role could not have issued some of the tokens they issued for others loses the
    /// use of those (`TokenCommands.revokeIssuedBy`).
    public static func changeRole(
        _ tx: Transaction, principal: Principal, id: MemberID, input: RoleChangeInput, expectedVersion: Int?, actor: AuditActor
    ) throws -> Member {
        try principal.require(.memberChangeRole)
        try input.validate()
        var member = try fetch(tx.db, community: principal.communityID, id: id)
        try checkVersion(member.version, expectedVersion)
        guard member.role != input.role else { return member }
        if member.role == .admin, try activeAdminCount(tx.db, community: principal.communityID) <= 1 {
            throw DomainError(code: "member.cannot_demote_last_admin", category: .conflict)
        }
        let before = member.role
        member.role = input.role
        let saved = try save(
            tx, member, action: "member.role_changed", before: ["role": before.rawValue], after: ["role": input.role.rawValue],
            reason: input.reason, actor: actor)
        if input.role != .resident { try revokeTokensIssuedBelowStaff(tx, member: saved, actor: actor) }
        try TokenCommands.revokeIssuedBy(tx, issuer: saved, because: .roleChanged(input.role), principal: principal, actor: actor)
        try ProxyConsentCommands.endForRoleChange(tx, member: saved, principal: principal, actor: actor)
        try ModeratorClaims.release(tx, member: saved)
        try tx.emit(principal.communityID, type: "member.role_changed", subject: "member:\(id)", payload: MemberEventPayload(saved))
        return saved
    }

    /// A token acts with its member's role as it is when used. Station staff may issue tokens for
    /// residents (to help one without a phone) but not for staff (`TokenCommands.issue`): a token
    /// they issued while the member was a resident would become a staff token when the member is
    /// promoted. So a member who takes a staff role loses every live token issued by someone other
    /// than themselves or an admin (the command line's are the operator's, and kept); each
    /// revocation is audited, and the admin issues new ones.
    static func revokeTokensIssuedBelowStaff(_ tx: Transaction, member: Member, actor: AuditActor) throws {
        let revoked = try String.fetchAll(
            tx.db,
            sql: """
                SELECT id FROM access_tokens
                WHERE community_id = ? AND member_id = ? AND revoked_at IS NULL AND created_by IS NOT NULL AND created_by <> member_id
                    AND created_by NOT IN (SELECT id FROM members WHERE community_id = ? AND role = 'admin')
                ORDER BY id
                """,
            arguments: [member.communityID.rawValue, member.id.rawValue, member.communityID.rawValue])
        for token in revoked {
            try TokenCommands.markRevoked(
                tx, community: member.communityID, token: token, member: member.id,
                reason: "role \(member.role.rawValue): token issued by someone who may not issue staff tokens", actor: actor)
        }
    }

    /// Sets or clears real-name verification (station staff after an in-person check). Never one's
    /// own (`member.cannot_verify_self`): it is worth credit and categories that need it. For
    /// the same reason never a housemate's (403 `moderation.own_household`), and a staff member's
    /// only by an admin (403 `forbidden`), as their profile is: station staff verifying each
    /// other, or an admin, would be the desk vouching for itself (helper 108). An agent verifying
    /// the resident she acts for is what the desk does for her, and stays open.
    /// - Parameter exchanges: when given, revoking calls off the exchanges she provides that need
    ///   a verified provider and have not begun (`UnverifiedProviderCancellations`).
    public static func setVerification(
        _ tx: Transaction, principal: Principal, id: MemberID, input: VerificationInput, expectedVersion: Int?, actor: AuditActor,
        exchanges: ExchangeServices? = nil
    ) throws -> Member {
        try principal.require(.memberVerify)
        try input.validate()
        guard id != principal.memberID else { throw DomainError(code: "member.cannot_verify_self", category: .forbidden) }
        var member = try fetch(tx.db, community: principal.communityID, id: id)
        if member.role != .resident { try principal.require(.memberCreateStaff) }
        try ModerationConflict.check(tx.db, principal, about: [id], decision: "verification", agentsToo: false)
        try checkVersion(member.version, expectedVersion)
        guard member.verified != input.verified else { return member }
        member.verified = input.verified
        member.verifiedAt = input.verified ? tx.now : nil
        member.verifiedBy = input.verified ? principal.memberID : nil
        let saved = try save(
            tx, member, action: input.verified ? "member.verified" : "member.verification_revoked",
            before: ["verified": String(!input.verified)], after: ["verified": String(input.verified)],
            reason: input.reason, actor: actor)
        try tx.emit(
            principal.communityID, type: input.verified ? "member.verified" : "member.verification_revoked",
            subject: "member:\(id)", payload: MemberEventPayload(saved))
        var told = ["changed": "verification", "verified": String(input.verified)]
        if let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty { told["reason"] = reason }
        try tellOfChangeForHer(tx, saved, by: principal, parameters: told)
        if !input.verified, let exchanges { try UnverifiedProviderCancellations.cancel(tx, provider: saved, services: exchanges, actor: actor) }
        return saved
    }

    /// Suspends, bans or reinstates a member (moderators and admins; never oneself; a moderator or
    /// an admin only by an admin).
    /// - Parameter cause: what made the change when it was not a person's own decision (a case
    ///   action, an appeal), kept in the audit entry: `MemberStatusReplay` tells the changes made
    ///   by hand from those by it.
    /// - Parameter maxSuspensionDays: the rule file's `moderation.max_suspension_days`. A change
    ///   by hand from a moderator suspends for at most that long and never without an end (422 at
    ///   `/until`), never bans (403 `member.ban_needs_admin`) and leaves a heavier standing to an
    ///   admin (403 `member.lift_needs_admin`); an admin may go further, as in a case resolution. A case action was checked
    ///   when the case was resolved, and an appeal restores decisions already taken.
    public static func changeStatus(
        _ tx: Transaction, principal: Principal, id: MemberID, input: StatusChangeInput, expectedVersion: Int?, actor: AuditActor,
        cause: String? = nil, maxSuspensionDays: Int = ModerationPolicy().maxSuspensionDays
    ) throws -> Member {
        try principal.require(.memberChangeStatus)
        try input.validate(now: tx.now)
        if cause == nil, principal.role != .admin { try input.validateSuspension(maxDays: maxSuspensionDays, now: tx.now) }
        guard id != principal.memberID else {
            throw DomainError(code: "member.cannot_change_own_status", category: .forbidden)
        }
        var member = try fetch(tx.db, community: principal.communityID, id: id)
        // Nor a housemate's (suspending, banning or lifting it): another member of staff decides.
        try ModerationConflict.check(tx.db, principal, about: [id], decision: "member status")
        // Nor by hand about a member she (or a housemate) reported in a case still open: the
        // case decides it (helper 128). A case action was checked when the case was resolved.
        if cause == nil { try ModerationConflict.checkNotReporter(tx.db, principal, about: id, decision: "member status") }
        try checkStatusAuthority(principal, over: member)
        if cause == nil, principal.role != .admin {
            try input.checkModeratorAuthority(
                currentStatus: member.status, currentUntil: member.suspendedUntil, maxDays: maxSuspensionDays, now: tx.now)
        }
        try checkVersion(member.version, expectedVersion)
        if member.role == .admin, input.status != .active, try activeAdminCount(tx.db, community: principal.communityID) <= 1 {
            throw DomainError(code: "member.cannot_demote_last_admin", category: .conflict)
        }
        let before: [String: String?] = ["status": member.status.rawValue, "suspended_until": member.suspendedUntil.map(AuditTimestamp.iso)]
        let previous = (status: member.status, until: member.suspendedUntil)
        member.status = input.status
        member.statusReason = input.status == .active ? nil : input.reason
        member.suspendedUntil = input.status == .suspended ? input.until : nil
        var after: [String: String?] = ["status": member.status.rawValue, "suspended_until": member.suspendedUntil.map(AuditTimestamp.iso)]
        if let cause { after["cause"] = cause }
        let saved = try save(tx, member, action: "member.status_changed", before: before, after: after, reason: input.reason, actor: actor)
        if saved.status == .banned { try TokenCommands.revokeIssuedBy(tx, issuer: saved, because: .banned, principal: principal, actor: actor) }
        try ModeratorClaims.release(tx, member: saved)
        try tx.emit(principal.communityID, type: "member.status_changed", subject: "member:\(id)", payload: MemberEventPayload(saved))
        if cause == nil, saved.status != previous.status || saved.suspendedUntil != previous.until {
            try tellOfStanding(tx, saved)
        }
        return saved
    }

    /// A standing changed by hand is told to the member in her inbox, which stays readable while
    /// she is suspended or banned (`InactiveMemberRoutes`); one changed by a case is told as its
    /// action (`action_taken`), and by an appeal as its decision.
    static func tellOfStanding(_ tx: Transaction, _ member: Member) throws {
        var parameters = ["status": member.status.rawValue]
        if let until = member.suspendedUntil {
            let zone = try CommunityCommands.fetch(tx.db, id: member.communityID).timezone
            parameters["until"] = EventLocalTime.text(until, timeZoneID: zone)
        }
        if let reason = member.statusReason, !reason.isEmpty { parameters["reason"] = reason }
        try MemberNotifications.notify(
            tx, community: member.communityID, member: member.id, kind: .standingChanged, subject: "member:\(member.id)",
            parameters: parameters)
    }

    /// A moderator does not suspend or ban their peers or an admin (nor lift it): that is an
    /// admin's decision, as registering staff is (403 `member.staff_status_needs_admin`). Also
    /// checked by a case's suspension that changes nothing now (a heavier standing is in force):
    /// recorded, it would apply once that standing is overturned on appeal.
    static func checkStatusAuthority(_ principal: Principal, over member: Member) throws {
        if member.role == .admin || member.role == .moderator, !principal.can(.memberCreateStaff) {
            throw DomainError(code: "member.staff_status_needs_admin", category: .forbidden, parameters: ["role": member.role.rawValue])
        }
    }

    // MARK: helpers

    static func save(
        _ tx: Transaction, _ member: Member, action: String, before: [String: String?], after: [String: String?],
        reason: String?, actor: AuditActor
    ) throws -> Member {
        var updated = member
        updated.version += 1
        updated.updatedAt = tx.now
        try tx.db.execute(
            sql: """
                UPDATE members SET household_id = ?, display_name = ?, phone = ?, role = ?, verified = ?, verified_at = ?,
                    verified_by = ?, status = ?, status_reason = ?, suspended_until = ?, updated_at = ?, version = ?
                WHERE community_id = ? AND id = ? AND version = ?
                """,
            arguments: [
                updated.householdID?.rawValue, updated.displayName, updated.phone, updated.role.rawValue, updated.verified,
                updated.verifiedAt, updated.verifiedBy?.rawValue, updated.status.rawValue, updated.statusReason,
                updated.suspendedUntil, updated.updatedAt, updated.version,
                member.communityID.rawValue, member.id.rawValue, member.version,
            ])
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: member.version) }
        try tx.audit(
            member.communityID, actor: actor, action: action, targetType: "member", targetID: member.id.rawValue,
            reason: reason, before: before, after: after)
        return updated
    }

    static func checkVersion(_ current: Int, _ expected: Int?) throws {
        if let expected, expected != current { throw DomainError.versionConflict(current: current) }
    }

    /// Other members of the community registered under exactly `member`'s display name: how many,
    /// and the ids of the first `shown` (oldest first). Registering one answers with a
    /// `member.same_name` warning naming them: a second account for a resident already known
    /// (station staff registering her at the desk again) splits her points, credit and proxy
    /// consents, and the event sign-in sheet then lists her twice (helper 114). Namesakes are
    /// common in a community, so it is a warning, not a refusal.
    public static func namesakes(_ db: Database, of member: Member, shown: Int = 5) throws -> (count: Int, ids: [MemberID]) {
        let arguments: StatementArguments = [member.communityID.rawValue, member.displayName, member.id.rawValue]
        let count = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM members WHERE community_id = ? AND display_name = ? AND id <> ?", arguments: arguments) ?? 0
        guard count > 0 else { return (0, []) }
        let ids = try String.fetchAll(
            db, sql: "SELECT id FROM members WHERE community_id = ? AND display_name = ? AND id <> ? ORDER BY id LIMIT ?",
            arguments: arguments + [shown])
        return (count, ids.map(MemberID.init(trusted:)))
    }

    static func phoneTaken(_ db: Database, community: CommunityID, phone: String, except: MemberID?) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM members WHERE community_id = ? AND phone = ? AND id <> ?",
            arguments: [community.rawValue, phone, except?.rawValue ?? ""]) ?? false
    }

    static func activeAdminCount(_ db: Database, community: CommunityID) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM members WHERE community_id = ? AND role = 'admin' AND status = 'active'",
            arguments: [community.rawValue]) ?? 0
    }

    static func profileFields(_ member: Member) -> [String: String?] {
        ["display_name": member.displayName, "phone": member.phone.map(PhoneMask.mask), "household_id": member.householdID?.rawValue]
    }

}

/// What webhook consumers learn about a member: never the phone number.
struct MemberEventPayload: Encodable {
    let memberID: String
    let displayName: String
    let role: String
    let status: String
    let verified: Bool

    init(_ member: Member) {
        memberID = member.id.rawValue
        displayName = member.displayName
        role = member.role.rawValue
        status = member.status.rawValue
        verified = member.verified
    }

    enum CodingKeys: String, CodingKey {
        case memberID = "member_id", displayName = "display_name", role, status, verified
    }
}
