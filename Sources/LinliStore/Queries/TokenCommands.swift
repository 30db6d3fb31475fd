import Foundation
import GRDB
import LinliDomain

/// A token just issued: its metadata and the secret, which is never retrievable again.
public struct IssuedToken: Sendable {
    public let token: AccessToken
    public let secret: String
}

/// Issuing, listing, revoking and checking bearer tokens.
public enum TokenCommands {
    /// Issues a token for `memberID`. Members may issue their own; others need `token.issue_others`,
    /// and for a member with a staff role also `member.create_staff`, as registering one would:
    /// a token acts with its member's role, so issuing one for an admin is becoming that admin, and
    /// station staff (who hold `token.issue_others` to help residents without a phone) must not.
    ///
    /// A member minting her own token through one someone else issued her (at the desk) gets a
    /// token that is still that issuer's (`lineage(of:)`): whoever held the desk token, the issuer
    /// included, could otherwise mint a ten-year token that outlived the desk token's revocation,
    /// the issuer's ban and her promotion.
    ///
    /// A new community's hand-over token (`handOver`, issued so by `CommunityCommands.create`)
    /// mints one token, her own, and is revoked with it (`spendHandOver`).
    public static func issue(
        _ tx: Transaction, community: CommunityID, memberID: MemberID, input: NewTokenInput,
        principal: Principal?, actor: AuditActor, handOver: Bool = false
    ) throws -> IssuedToken {
        try input.validate()
        if let principal, principal.handOver, principal.memberID != memberID { throw DomainError.handOverToken(principal.memberID) }
        let member = try MemberCommands.fetch(tx.db, community: community, id: memberID)
        if let principal {
            try checkMayIssue(principal, for: member)
            try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: member.id)
        }
        let note = FieldValidator.nonBlank(input.note)
        // Whoever holds a token issued for someone else uses her account, so the issuer says on
        // whose word it was issued (helper 140 #6: any staff member could, with nothing on
        // record). Her first one too: registering her issues none, so it may come at any later
        // date (helper 141). The command line (the operator) needs none.
        let forSomeoneElse = principal.map { $0.memberID != memberID } ?? false
        if forSomeoneElse, note == nil {
            throw DomainError.validation([FieldIssue("/note", .required, ["reason": "token.note_required"])])
        }
        // Whether she is told of it (below): only read when someone else issues it, the command
        // line included (helper 145 #2: an operator's token for a member who had one went untold).
        let hasTokens = try (forSomeoneElse || principal == nil) && Bool.fetchOne(
            tx.db, sql: "SELECT EXISTS (SELECT 1 FROM access_tokens WHERE community_id = ? AND member_id = ?)",
            arguments: [community.rawValue, memberID.rawValue]) == true
        let days = input.expiresInDays ?? TokenLimits.defaultLifetimeDays
        let parent = try principal.flatMap { $0.memberID == memberID ? try lineage(of: $0, db: tx.db, now: tx.now) : nil }
        if let principal, principal.memberID != memberID || parent != nil, days > TokenLimits.maxForSomeoneElseDays {
            throw DomainError.validation([FieldIssue(
                "/expires_in_days", .outOfRange,
                ["reason": parent == nil ? "token.for_someone_else_too_long" : "token.through_issued_token_too_long",
                 "days": String(TokenLimits.maxForSomeoneElseDays), "min": "1", "max": String(TokenLimits.maxForSomeoneElseDays)])])
        }
        var expiresAt = tx.now.addingTimeInterval(Double(days) * 86_400)
        if let parentExpiry = parent?.expiresAt, parentExpiry < expiresAt {
            // A lifetime asked for that the token it is minted through does not reach is refused,
            // not silently shortened (helper 104: 200 days gave a token ending with its parent);
            // counted in days begun, so the same days as the parent's a moment later still pass.
            // Without one asked for, the new token simply ends with its parent.
            let left = max(0, Int((parentExpiry.timeIntervalSince(tx.now) / 86_400).rounded(.up)))
            if let asked = input.expiresInDays, asked > left {
                throw DomainError.validation([FieldIssue(
                    "/expires_in_days", .outOfRange,
                    ["reason": "token.past_issued_token", "days": String(left), "asked": String(asked), "min": "1", "max": String(left)],
                    instants: ["expires_at": parentExpiry])])
            }
            expiresAt = parentExpiry
        }
        let secret = TokenSecrets.generate()
        let token = AccessToken(
            id: tx.ids.next(), communityID: community, memberID: memberID,
            label: input.label?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", createdAt: tx.now, expiresAt: expiresAt, revokedAt: nil,
            createdBy: parent?.createdBy ?? actor.memberID, parentTokenID: parent?.id, handOver: handOver)
        try tx.db.execute(
            sql: """
                INSERT INTO access_tokens (id, community_id, member_id, token_hash, label, created_at, expires_at, created_by, parent_token_id, hand_over)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                token.id.rawValue, community.rawValue, memberID.rawValue, TokenSecrets.hash(secret), token.label,
                token.createdAt, token.expiresAt, token.createdBy?.rawValue, token.parentTokenID?.rawValue, handOver,
            ])
        var recorded: [String: String?] = [
            "token_id": token.id.rawValue, "expires_at": token.expiresAt.map { ISO8601DateFormatter().string(from: $0) },
        ]
        if let parent = token.parentTokenID { recorded["through_token_id"] = parent.rawValue }
        if handOver { recorded["hand_over"] = "true" }
        if let principal, principal.handOver { recorded["through_hand_over_token_id"] = principal.tokenID.rawValue }
        try tx.audit(
            community, actor: actor, action: "token.issued", targetType: "member", targetID: memberID.rawValue, reason: note, after: recorded)
        if let principal, principal.handOver { try spendHandOver(tx, principal: principal, minted: token, actor: actor) }
        // Issued by someone else (station staff for a resident without a phone): she is told, as of
        // a consent recorded for her. Whoever holds the token acts as her, and a token she did not
        // ask for would otherwise go unnoticed. Not her first one: that is issued as she is
        // registered, at the desk with her, and she knows of it.
        if principal?.memberID != memberID, let expiresAt = token.expiresAt, hasTokens {
            var parameters = [
                "token_id": token.id.rawValue,
                "expires_at": EventLocalTime.text(expiresAt, timeZoneID: try CommunityCommands.fetch(tx.db, id: community).timezone),
            ]
            if let principal {
                parameters["issued_by_name"] = try MemberCommands.fetch(tx.db, community: community, id: principal.memberID).displayName
            } else {
                parameters["by"] = "command_line"
            }
            if let note { parameters["note"] = note }
            try MemberNotifications.notify(
                tx, community: community, member: memberID, kind: .tokenIssuedForYou, subject: "token:\(token.id)", parameters: parameters)
        }
        return IssuedToken(token: token, secret: secret)
    }

    /// The hand-over token `principal` minted `minted` through is spent: revoked in the same
    /// transaction, and she is told which token it minted (`hand_over_token_used`), so a copy kept
    /// by whoever handed it over mints nothing after her, and one used before her is named to
    /// her to revoke. A token revoked a moment before (a cached principal) mints nothing: 401.
    private static func spendHandOver(_ tx: Transaction, principal: Principal, minted: AccessToken, actor: AuditActor) throws {
        let spent = try markRevoked(
            tx, community: principal.communityID, token: principal.tokenID.rawValue, member: principal.memberID,
            reason: "hand-over token used: minted \(minted.id)", actor: actor)
        guard spent > 0 else { throw DomainError.invalidToken }
        let timezone = try CommunityCommands.fetch(tx.db, id: principal.communityID).timezone
        try MemberNotifications.notify(
            tx, community: principal.communityID, member: principal.memberID, kind: .handOverTokenUsed, subject: "token:\(minted.id)",
            parameters: [
                "token_id": minted.id.rawValue, "token_name": minted.label.isEmpty ? minted.id.rawValue : minted.label,
                "minted_at": EventLocalTime.text(minted.createdAt, timeZoneID: timezone),
            ])
    }

    /// The token `principal` is acting through, when it was issued for her by someone else (not
    /// her own, not the command line's): a token minted through it inherits its issuer, lasts no
    /// longer and is revoked with it. Nil for any other token, so a member's own tokens stay
    /// independent (revoking a lost phone's token must not revoke the one she made on the new
    /// phone with it).
    ///
    /// The token returned is the root one someone else issued (a child's parent, when she mints
    /// through a child), so revoking one child never takes its siblings or their children with it,
    /// and the chain is one link deep. A token revoked or expired since the request was
    /// authenticated (a cached principal, a revocation a moment before) mints nothing: 401.
    static func lineage(of principal: Principal, db: Database, now: Date) throws -> AccessToken? {
        var through = try fetch(db, community: principal.communityID, id: principal.tokenID)
        guard through.isUsable(at: now) else { throw DomainError.invalidToken }
        guard through.memberID == principal.memberID, let issuer = through.createdBy, issuer != through.memberID else { return nil }
        if let root = through.parentTokenID {
            through = try fetch(db, community: principal.communityID, id: root)
            guard through.isUsable(at: now) else { throw DomainError.invalidToken }
        }
        return through
    }

    /// Why the tokens an issuer gave out are revoked (`revokeIssuedBy`).
    enum IssuerChange: Equatable {
        /// The issuer was banned: every token they issued for someone else goes.
        case banned
        /// The issuer took `role`: the tokens that role could not issue go (a resident's without
        /// `token.issue_others`, a staff member's without `member.create_staff`): a member of
        /// station staff who left the station, an admin moved to the desk.
        case roleChanged(Role)

        var cause: String {
            switch self {
            case .banned: "banned"
            case .roleChanged: "role_changed"
            }
        }

        /// Whether a token held by a member of `holderRole` goes.
        func revokes(heldBy holderRole: Role) -> Bool {
            switch self {
            case .banned: true
            case .roleChanged(let role):
                !AccessPolicy.allows(role, holderRole == .resident ? .tokenIssueOthers : .memberCreateStaff)
            }
        }
    }

    /// Revokes the live tokens `issuer` issued for someone else that they may no longer stand
    /// behind, when they are banned or take a role that could not have issued them: whoever
    /// issued a token at the desk saw its secret, and someone banned (for fraud, say) or no longer
    /// at the station must not keep the use of residents' accounts (nor an admin moved to the
    /// desk the use of a moderator's). Each revocation is audited on the member and told to her
    /// once (`token_revoked_for_you`, with the cause and how many tokens stopped working, those
    /// minted through it included), so the station issues her a new one: she may be locked out
    /// until then, which is the lesser harm. A suspension, which ends by itself, leaves them.
    ///
    /// Refused (409 `member.change_revokes_own_access`) when the token the change is made through
    /// would be among them: an admin demoting or banning the admin who issued her token would
    /// lock herself out in her own request (a token she mints through it is still that issuer's).
    static func revokeIssuedBy(
        _ tx: Transaction, issuer: Member, because change: IssuerChange, principal: Principal?, actor: AuditActor
    ) throws {
        let tokens = try AccessToken.fetchAll(
            tx.db,
            sql: """
                SELECT * FROM access_tokens
                WHERE community_id = ? AND created_by = ? AND member_id <> created_by AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > ?)
                ORDER BY id
                """,
            arguments: [issuer.communityID.rawValue, issuer.id.rawValue, tx.now])
        guard !tokens.isEmpty else { return }
        var roles: [MemberID: Role] = [:]
        for holder in Set(tokens.map(\.memberID)) {
            roles[holder] = try MemberCommands.fetch(tx.db, community: issuer.communityID, id: holder).role
        }
        let going = tokens.filter { change.revokes(heldBy: roles[$0.memberID] ?? .resident) }
        if let principal, going.contains(where: { $0.id == principal.tokenID }) {
            throw DomainError(
                code: "member.change_revokes_own_access", category: .conflict,
                parameters: ["member_id": issuer.id.rawValue, "token_id": principal.tokenID.rawValue])
        }
        let reason = switch change {
        case .banned: "issued by \(issuer.id), since banned"
        case .roleChanged(let role): "issued by \(issuer.id), since \(role.rawValue): may not issue it any more"
        }
        for token in going {
            // A token minted through another one in the list went with it (`markRevoked`): told once.
            let revoked = try markRevoked(
                tx, community: issuer.communityID, token: token.id.rawValue, member: token.memberID, reason: reason, actor: actor)
            guard revoked > 0 else { continue }
            try MemberNotifications.notify(
                tx, community: issuer.communityID, member: token.memberID, kind: .tokenRevokedForYou, subject: "token:\(token.id)",
                parameters: [
                    "token_id": token.id.rawValue, "issued_by_name": issuer.displayName, "cause": change.cause, "tokens": String(revoked),
                ])
        }
    }

    /// The issuers holding live tokens for others that they may no longer stand behind (banned,
    /// or in a role that could not issue them, by the rule `authenticate` applies): issuers
    /// banned or demoted before that revocation existed (session 27), or whose role or status was
    /// written outside the service. A read, so finding none (the usual answer) takes no write.
    public static func unbackedIssuers(_ db: Database, now: Date) throws -> [(community: CommunityID, issuer: MemberID)] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT t.community_id, t.created_by, i.role AS issuer_role, i.status AS issuer_status, m.role AS holder_role
                FROM access_tokens t
                JOIN members i ON i.id = t.created_by AND i.community_id = t.community_id
                JOIN members m ON m.id = t.member_id AND m.community_id = t.community_id
                WHERE t.member_id <> t.created_by AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
                ORDER BY t.community_id, t.created_by
                """,
            arguments: [now])
        var found: [(community: CommunityID, issuer: MemberID)] = []
        for row in rows {
            let issuerRole = (row["issuer_role"] as String?).flatMap(Role.init(rawValue:))
            let holderRole = (row["holder_role"] as String?).flatMap(Role.init(rawValue:)) ?? .resident
            let banned = row["issuer_status"] as String? == MemberStatus.banned.rawValue
            guard banned || issuerRole.map({ IssuerChange.roleChanged($0).revokes(heldBy: holderRole) }) ?? true else { continue }
            let key = (CommunityID(trusted: row["community_id"]), MemberID(trusted: row["created_by"]))
            if found.last.map({ $0.community != key.0 || $0.issuer != key.1 }) ?? true { found.append(key) }
        }
        return found
    }

    /// Revokes what `issuer` may no longer stand behind, as `revokeIssuedBy` would have when they
    /// were banned or demoted through the service, each holder told once (an inbox notice instead
    /// of a bare 401 at the door). Returns whether anything was revoked.
    public static func revokeUnbacked(_ tx: Transaction, community: CommunityID, issuer id: MemberID) throws -> Bool {
        let issuer = try MemberCommands.fetch(tx.db, community: community, id: id)
        let before = tx.db.totalChangesCount
        try revokeIssuedBy(
            tx, issuer: issuer, because: issuer.status == .banned ? .banned : .roleChanged(issuer.role), principal: nil,
            actor: AuditActor(memberID: nil, label: "token-sweep", onBehalfOf: nil, requestID: nil))
        return tx.db.totalChangesCount != before
    }

    /// Both steps in one transaction (tests); returns how many issuers it acted on.
    public static func revokeUnbacked(_ tx: Transaction) throws -> Int {
        try unbackedIssuers(tx.db, now: tx.now).filter { try revokeUnbacked(tx, community: $0.community, issuer: $0.issuer) }.count
    }

    /// Whether `principal` may issue a token for `member`: her own always; someone else's with
    /// `token.issue_others`, and for a member with a staff role also `member.create_staff`, as
    /// registering one would.
    static func checkMayIssue(_ principal: Principal, for member: Member) throws {
        guard principal.memberID != member.id else { return }
        try principal.require(.tokenIssueOthers)
        if member.role != .resident { try principal.require(.memberCreateStaff) }
    }

    /// Whether `principal` may see and revoke `member`'s tokens: her own; any with
    /// `token.manage_all`; and whoever may issue her one (station staff for a resident). The
    /// notice of a token issued for her sends her to the station to have it revoked, and a lost
    /// phone's token is revoked at the desk where its replacement is issued (helper 140 #6: only
    /// an admin could).
    static func checkMayManage(_ principal: Principal, tokensOf member: Member) throws {
        guard principal.memberID != member.id, !principal.can(.tokenManageAll) else { return }
        do { try checkMayIssue(principal, for: member) } catch { throw DomainError.forbidden(.tokenManageAll) }
    }

    /// Revokes a token: one's own, or one of a member `checkMayManage` lets the principal manage,
    /// with a reason she is told (the station's "手机丢失"; required then, 422 reason
    /// `token.revoke_reason_required`).
    public static func revoke(
        _ tx: Transaction, principal: Principal, id: TokenID, input: TokenRevocationInput = TokenRevocationInput(reason: nil),
        actor: AuditActor
    ) throws -> AccessToken {
        var token = try fetch(tx.db, community: principal.communityID, id: id)
        if token.memberID != principal.memberID {
            try checkMayManage(principal, tokensOf: try MemberCommands.fetch(tx.db, community: principal.communityID, id: token.memberID))
        }
        try input.validate()
        let reason = FieldValidator.nonBlank(input.reason)
        // Someone else's: she may be locked out until the station issues another, and may not
        // be able to read the notice, so why is on record (helper 141).
        if token.memberID != principal.memberID, reason == nil {
            throw DomainError.validation([FieldIssue("/reason", .required, ["reason": "token.revoke_reason_required"])])
        }
        guard token.revokedAt == nil else {
            throw DomainError(code: "token.already_revoked", category: .conflict)
        }
        token.revokedAt = tx.now
        let revoked = try markRevoked(
            tx, community: principal.communityID, token: id.rawValue, member: token.memberID, reason: reason, actor: actor)
        // Revoked by someone else (station staff, an admin): she is told, as when an issuer's ban
        // revokes it. The tokens she minted through it went with it (`parent_token_id`), so her
        // phone may stop working without her having asked for anything.
        if token.memberID != principal.memberID, let reason {
            try MemberNotifications.notify(
                tx, community: principal.communityID, member: token.memberID, kind: .tokenRevokedForYou, subject: "token:\(token.id)",
                parameters: [
                    "token_id": token.id.rawValue,
                    "revoked_by_name": try MemberCommands.fetch(tx.db, community: principal.communityID, id: principal.memberID).displayName,
                    "tokens": String(revoked), "reason": reason,
                ])
        }
        return token
    }

    /// The one write of a revocation, with its audit entry on the member (every path that revokes
    /// goes through here, so they cannot record it differently). Tokens minted through this one
    /// (`parent_token_id`) go with it, each audited. A token already revoked is left as it was.
    /// Returns how many tokens it revoked, those minted through this one included.
    @discardableResult
    static func markRevoked(
        _ tx: Transaction, community: CommunityID, token: String, member: MemberID, reason: String?, actor: AuditActor
    ) throws -> Int {
        try tx.db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [tx.now, token])
        guard tx.db.changesCount > 0 else { return 0 }
        try tx.audit(
            community, actor: actor, action: "token.revoked", targetType: "member", targetID: member.rawValue, reason: reason,
            after: ["token_id": token])
        let children = try String.fetchAll(
            tx.db, sql: "SELECT id FROM access_tokens WHERE parent_token_id = ? AND revoked_at IS NULL ORDER BY id", arguments: [token])
        var revoked = 1
        for child in children {
            revoked += try markRevoked(tx, community: community, token: child, member: member, reason: "minted through \(token), revoked", actor: actor)
        }
        return revoked
    }

    public static func fetch(_ db: Database, community: CommunityID, id: TokenID) throws -> AccessToken {
        guard let token = try AccessToken.fetchOne(
            db, sql: "SELECT * FROM access_tokens WHERE community_id = ? AND id = ?",
            arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("token", id: id.rawValue) }
        return token
    }

    /// Tokens of one member (own, or one `checkMayManage` lets the principal manage), newest last.
    public static func list(_ db: Database, principal: Principal, memberID: MemberID?, page: PageRequest) throws -> Page<AccessToken> {
        let owner = memberID ?? principal.memberID
        if owner != principal.memberID {
            try checkMayManage(principal, tokensOf: try MemberCommands.fetch(db, community: principal.communityID, id: owner))
        }
        let rows = try AccessToken.fetchAll(
            db,
            sql: """
                SELECT * FROM access_tokens WHERE community_id = ? AND member_id = ? AND id > ?
                ORDER BY id LIMIT ?
                """,
            arguments: [principal.communityID.rawValue, owner.rawValue, page.after ?? "", page.limit + 1])
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// Resolves a bearer secret to the acting member, or throws `auth.invalid_token` /
    /// `auth.member_inactive`. One indexed read.
    public static func authenticate(_ db: Database, secret: String, now: Date) throws -> Principal {
        guard TokenSecrets.isPlausible(secret) else { throw DomainError.invalidToken }
        let principal = try authenticate(db, tokenHash: TokenSecrets.hash(secret), now: now).principal
        guard principal.active else { throw DomainError.memberInactive }
        return principal
    }

    /// The principal of a plausible token's hash, and when the token expires (callers that cache
    /// the principal must not keep it longer). A suspended or banned member's principal is not
    /// `active`: the caller decides what such a member may still do (the API: their own standing).
    ///
    /// A token someone else issued holds only while its issuer still may stand behind it: not
    /// banned, and in a role that could issue it (`IssuerChange.revokes`). Banning or demoting the
    /// issuer revokes such tokens at once, with a notice; this also refuses those of an issuer
    /// demoted before that revocation existed (before session 27) or whose role was written outside the
    /// service (session 27 review). Only a cache miss pays for it: one more read by key.
    public static func authenticate(_ db: Database, tokenHash: String, now: Date) throws -> (principal: Principal, expiresAt: Date?) {
        guard let row = try Row.fetchOne(
            db.cachedStatement(
            sql: """
                SELECT t.id AS token_id, t.expires_at, t.revoked_at, t.hand_over, c.timezone AS community_timezone,
                    t.created_by AS token_issuer, i.role AS issuer_role, i.status AS issuer_status, m.*
                FROM access_tokens t JOIN members m ON m.id = t.member_id AND m.community_id = t.community_id
                JOIN communities c ON c.id = t.community_id
                LEFT JOIN members i ON i.id = t.created_by AND i.community_id = t.community_id
                WHERE t.token_hash = ?
                """),
            arguments: [tokenHash])
        else { throw DomainError.invalidToken }
        let member = try Member(row: row)
        let expiresAt: Date? = row["expires_at"]
        let revokedAt: Date? = row["revoked_at"]
        let handOver: Bool = row["hand_over"]
        if revokedAt != nil { throw handOver ? DomainError.handOverTokenSpent : DomainError.invalidToken }
        if let expiresAt, expiresAt <= now { throw DomainError.invalidToken }
        // A hand-over token is for a first token only: once she has another in force (minted
        // before 0.43, when minting did not spend it, or issued on the server), it is spent too
        // (helper 154 #1: a copy kept back could still mint a ten-year token).
        if handOver, try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM access_tokens WHERE community_id = ? AND member_id = ? AND id <> ?
                    AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?))
                """),
            arguments: [member.communityID.rawValue, member.id.rawValue, row["token_id"] as String, now]) == true
        {
            throw DomainError.handOverTokenSpent
        }
        if let issuer: String = row["token_issuer"], issuer != member.id.rawValue {
            let role = (row["issuer_role"] as String?).flatMap(Role.init(rawValue:))
            let status = (row["issuer_status"] as String?).flatMap(MemberStatus.init(rawValue:))
            guard let role, status != .banned, !IssuerChange.roleChanged(role).revokes(heldBy: member.role) else {
                throw DomainError.invalidToken
            }
        }
        let principal = Principal(
            communityID: member.communityID, memberID: member.id, role: member.role,
            tokenID: try row.identifier("token_id", table: "access_tokens"), active: member.isActive(at: now),
            timeZoneID: row["community_timezone"], handOver: handOver)
        return (principal, expiresAt)
    }
}
