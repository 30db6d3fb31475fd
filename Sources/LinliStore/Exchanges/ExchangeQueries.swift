import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// Reading exchanges: one (for its parties, their proxies and moderators) and lists.
public enum ExchangeQueries {
    /// An exchange the principal may see; 404 otherwise. `now` decides whether a staff member's
    /// standing consent from a side is in force (the API passes the store's clock). Staff who may
    /// object for a suspended or banned resident (`ExchangeAccess.resolve(objecting:)`) read the
    /// exchange they object to, its state and version (helper 174 #2).
    public static func fetch(_ db: Database, principal: Principal, id: ExchangeID, now: Date = Date()) throws -> Exchange {
        try principal.require(.exchangeParticipate)
        return try ExchangeAccess.resolve(db, principal: principal, id: id, now: now, objecting: true).exchange
    }

    /// An exchange with what a side needs to decide on it: both sides' credit scores (shown to the
    /// counterparty before an exchange, as the trust research asks) and the case holding its
    /// points frozen, if any.
    public static func detail(
        _ db: Database, principal: Principal, id: ExchangeID, rules: ActiveRules, now: Date
    ) throws -> (exchange: Exchange, frozenBy: CaseID?, payerCredit: CreditScore, providerCredit: CreditScore) {
        try principal.require(.exchangeParticipate)
        let access = try ExchangeAccess.resolve(db, principal: principal, id: id, now: now, objecting: true)
        let exchange = access.exchange
        let credit = { (member: MemberID) in
            try TrustQueries.creditScore(db, community: exchange.communityID, member: member, now: now, rules: rules)
        }
        return (exchange, access.frozenBy, try credit(exchange.payer), try credit(exchange.provider))
    }

    /// Newest first, keyset-paginated by id. Members see the exchanges they are part of (and
    /// those they registered for a resident, and those of residents whose consent they hold at
    /// `now`, whatever her standing, as `fetch`); `exchange.read_all` (moderators) sees the community's.
    public static func list(
        _ db: Database, principal: Principal, state: ExchangeState?, page: PageRequest, now: Date = Date()
    ) throws -> Page<Exchange> {
        try principal.require(.exchangeParticipate)
        let all = principal.can(.exchangeReadAll)
        var sql = "SELECT * FROM exchanges WHERE community_id = ?"
        var arguments: StatementArguments = [principal.communityID.rawValue]
        if !all {
            let me = principal.memberID.rawValue
            if principal.can(.exchangeManageOthers) {
                // Staff see what they may act in as proxy (`ExchangeAccess.resolve`): the requests
                // they made for a resident, the requests on the listings they registered for
                // one, whose owner may have no phone to learn of them, and the exchanges of the
                // residents who consented to their help.
                // (A consent never applies against the agent's own home: `ExchangeAccess.proxiedSide`.)
                let home = ModerationConflict.selfAndHousematesSQL
                let consented = ProxyConsents.residentsActedFor(agent: principal.memberID, community: principal.communityID, at: now)
                // (Nor does registered work: `ExchangeAccess.mayActAsRegistered`, which also ends
                // once she withdraws a consent naming them since it was registered, helper 117.)
                func withdrawn(member: String, since: String) -> String {
                    """
                    EXISTS (SELECT 1 FROM proxy_consents pc WHERE pc.community_id = ? AND pc.agent_id = ? AND pc.member_id = \(member)
                            AND pc.revoked_at IS NOT NULL AND pc.revoked_at >= \(since))
                    """
                }
                let requestWithdrawn = withdrawn(member: "exchanges.requester_id", since: "exchanges.created_at")
                let listingWithdrawn = withdrawn(member: "l.owner_id", since: "l.created_at")
                // Staff who registered one side act for it or for neither: a consent of the other
                // side does not list it (`ExchangeAccess.proxiedSide`, helper 172 #1).
                let registeredForOther = "SELECT l.id FROM listings l WHERE l.community_id = ? AND l.created_by = ? AND l.owner_id <> ?"
                sql += """
                     AND (requester_id = ? OR owner_id = ?
                          OR (created_by = ? AND owner_id NOT IN (\(home)) AND NOT \(requestWithdrawn))
                          OR (listing_id IN (SELECT l.id FROM listings l WHERE l.community_id = ? AND l.created_by = ? AND NOT \(listingWithdrawn))
                              AND requester_id NOT IN (\(home)) AND created_by <> ?)
                          OR (requester_id IN (\(consented.sql)) AND owner_id NOT IN (\(home))
                              AND (created_by = ? OR listing_id NOT IN (\(registeredForOther))))
                          OR (owner_id IN (\(consented.sql)) AND requester_id NOT IN (\(home))
                              AND (created_by = requester_id OR created_by <> ?)))
                    """
                let homeArguments = ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID)
                arguments += [me, me, me]
                arguments += homeArguments
                arguments += [principal.communityID.rawValue, me]  // requestWithdrawn
                arguments += [principal.communityID.rawValue, me]  // the listings they registered
                arguments += [principal.communityID.rawValue, me]  // listingWithdrawn
                arguments += homeArguments
                arguments += [me]  // not also the request's registrar (they act for its requester or for neither, helper 174 #3)
                arguments += consented.arguments
                arguments += homeArguments
                arguments += [me, principal.communityID.rawValue, me, me]  // registered by them, for the owner
                arguments += consented.arguments
                arguments += homeArguments
                arguments += [me]  // requested by them, for the requester
            } else {
                // Not what they requested for residents as staff: that came with the role.
                sql += " AND (requester_id = ? OR owner_id = ?)"
                arguments += [me, me]
            }
        }
        if let state { sql += " AND state = ?"; arguments += [state.rawValue] }
        if let after = page.after { sql += " AND id < ?"; arguments += [after] }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Exchange.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// The no-show contest of an exchange the principal may see (as `fetch`: staff who may contest
    /// for a suspended resident read it too); 404 `exchange.contest_not_found` when none was filed.
    public static func contest(_ db: Database, principal: Principal, id: ExchangeID, now: Date = Date()) throws -> NoShowContest {
        try principal.require(.exchangeParticipate)
        let exchange = try ExchangeAccess.resolve(db, principal: principal, id: id, now: now, objecting: true).exchange
        return try NoShowContestCommands.fetchExisting(db, community: exchange.communityID, id: id)
    }

    /// No-show contests by state, oldest first (the moderators' queue; they are otherwise only
    /// announced as events), keyset-paginated on the exchange id within creation order. Contests
    /// the reader may not decide are left out (`ExchangeAccess.mayNotJudge`, `exchange.not_your_part`;
    /// helper 137: listed, then 403): of a no-show she recorded herself, of an exchange of hers or a
    /// housemate's, one she requested or whose listing she posted for someone, or of a resident
    /// whose consent ever named her.
    public static func contests(_ db: Database, principal: Principal, state: NoShowContestState, page: PageRequest) throws -> Page<NoShowContest> {
        try principal.require(.exchangeResolve)
        var sql = """
            SELECT * FROM exchange_no_show_contests c WHERE c.community_id = ? AND c.state = ?
              AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.community_id = c.community_id AND a.target_type = 'exchange'
                  AND a.target_id = c.exchange_id AND a.action = 'exchange.no_show' AND a.actor_id = ?)
              AND NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.community_id = c.community_id AND e.id = c.exchange_id
                  AND (e.payer_id IN (\(ModerationConflict.selfAndHousematesSQL)) OR e.provider_id IN (\(ModerationConflict.selfAndHousematesSQL))
                       OR e.created_by = ? OR e.requester_id IN (\(ModerationConflict.actedForSQL))
                       OR e.owner_id IN (\(ModerationConflict.actedForSQL))
                       OR EXISTS (SELECT 1 FROM listings l WHERE l.community_id = e.community_id AND l.id = e.listing_id AND l.created_by = ?)))
            """
        let me = principal.memberID.rawValue
        var arguments: StatementArguments = [principal.communityID.rawValue, state.rawValue, me]
        arguments += ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID)
        arguments += ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID)
        arguments += [me]
        arguments += ModerationConflict.actedForArguments(principal.communityID, principal.memberID)
        arguments += ModerationConflict.actedForArguments(principal.communityID, principal.memberID)
        arguments += [me]
        if let after = page.after {
            let parts = after.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, ExchangeID.isWellFormed(parts[1]) else {
                throw DomainError(code: "cursor.malformed", category: .invalidInput)
            }
            sql += " AND (c.created_at > ? OR (c.created_at = ? AND c.exchange_id > ?))"
            arguments += [parts[0], parts[0], parts[1]]
        }
        sql += " ORDER BY c.created_at, c.exchange_id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        let contests = try rows.map(NoShowContestPersistence.decode)
        let keys = rows.map { "\($0["created_at"] as String)|\($0["exchange_id"] as String)" }
        let page = Page.fromOverfetch(Array(zip(keys, contests)), limit: page.limit) { $0.0 }
        return Page(items: page.items.map(\.1), nextAfter: page.nextAfter)
    }

    /// How many marks of `kind` (`lost_dispute`, `no_show`) a member has: read by the credit score.
    /// Voided marks (a no-show overturned on contest) do not count.
    public static func marks(_ db: Database, community: CommunityID, member: MemberID, kind: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*) FROM member_exchange_marks
                WHERE community_id = ? AND member_id = ? AND kind = ? AND voided_at IS NULL
                """),
            arguments: [community.rawValue, member.rawValue, kind]) ?? 0
    }
}
