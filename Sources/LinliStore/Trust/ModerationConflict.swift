import GRDB
import LinliDomain

/// Moderation is decided by someone with no stake in it: not about oneself (403 `case.own`) and
/// not about anyone of one's own household (403 `moderation.own_household`).
///
/// Why the household: residents trust a decision because someone else takes it, and what happens
/// to a housemate happens to one's home: points paid back to them, a ban lifted, a listing let
/// through, a case dismissed with its fraud signals. The ledger refuses the same conflict for its
/// own tools (`ledger.own_household`), and exchanges between housemates are refused outright.
/// Households are matched by `household_id`, as everywhere else. The operator's command line has
/// no principal and is not refused.
public enum ModerationConflict {
    /// Throws when `principal` is one of `members`, shares a household with one of them, or is
    /// or was named the agent in a consent of one of them (403 `moderation.acts_for_member`):
    /// admins can be a resident's agent, and whoever acted in her name does not judge her, even
    /// after the consent ended (as `ExchangeAccess.mayNotJudge` and `ReviewCommands.checkNotOwn`).
    /// - Parameter decision: what the principal was about to do, for the message (`appeal`, `case`…).
    /// - Parameter agentsToo: false where acting for her is no stake (recording her household at
    ///   the desk is what an agent does for her).
    public static func check(
        _ db: Database, _ principal: Principal?, about members: [MemberID], decision: String, agentsToo: Bool = true
    ) throws {
        guard let principal, !members.isEmpty else { return }
        if members.contains(principal.memberID) { throw DomainError(code: "case.own", category: .forbidden) }
        if let housemate = try housemate(db, of: principal, among: members) {
            throw DomainError(
                code: "moderation.own_household", category: .forbidden,
                parameters: ["member_id": housemate.member.rawValue, "household_id": housemate.household, "decision": decision])
        }
        guard agentsToo else { return }
        try checkNotAgent(db, principal, of: members, decision: decision)
    }

    /// Throws 403 `moderation.acts_for_member` when `principal` is or was named the agent in a
    /// consent of one of `members`: the other people a decision touches (a compensation's
    /// victim, a frozen exchange's side) are no more theirs to decide for than its target is
    /// (helper 152 #2).
    public static func checkNotAgent(_ db: Database, _ principal: Principal?, of members: [MemberID], decision: String) throws {
        guard let principal else { return }
        for member in members
        where try ProxyConsents.everNamed(db, community: principal.communityID, agent: principal.memberID, by: [member]) {
            throw DomainError(
                code: "moderation.acts_for_member", category: .forbidden, parameters: ["member_id": member.rawValue, "decision": decision])
        }
    }

    /// Throws 403 `moderation.registered_for_member` when `principal` registered the case's listing or
    /// exchange in someone else's name (the listing posted for her at the desk, the request made
    /// for her, the listing an exchange answers): whoever did the work in her name does not
    /// judge it, as for reviews (`review.own_listing`) and disputes (`ExchangeAccess.mayNotJudge`),
    /// consent or none (admins register without one; helper 152 #2a).
    static func checkNotRegistrar(_ db: Database, _ principal: Principal?, target type: ReportTargetType, id: String, decision: String) throws {
        guard let principal, type != .member else { return }
        let sql = type == .listing
            ? "SELECT owner_id FROM listings WHERE community_id = ? AND id = ? AND created_by = ? AND owner_id <> created_by"
            : """
                SELECT CASE WHEN e.created_by = ? AND e.requester_id <> e.created_by THEN e.requester_id ELSE l.owner_id END
                FROM exchanges e JOIN listings l ON l.id = e.listing_id
                WHERE e.community_id = ? AND e.id = ?
                  AND ((e.created_by = ? AND e.requester_id <> e.created_by) OR (l.created_by = ? AND l.owner_id <> l.created_by))
                """
        let me = principal.memberID.rawValue, community = principal.communityID.rawValue
        let arguments: StatementArguments = type == .listing ? [community, id, me] : [me, community, id, me, me]
        guard let member = try String.fetchOne(db, sql: sql, arguments: arguments) else { return }
        throw DomainError(code: "moderation.registered_for_member", category: .forbidden, parameters: ["member_id": member, "decision": decision])
    }

    /// Throws 403 `moderation.reported_by_you` when `principal`, a housemate or a resident they act
    /// or acted for (helper 154 #5) reported `member`
    /// (or a listing or exchange of hers) in a case still open: a moderator who cannot claim that
    /// case (`case.own_report`) does not take the same decision by hand either, taking the
    /// listing down or suspending its owner while the case waits (helper 128). The case is named
    /// so that it is decided there, by another moderator; which of the household reported stays
    /// unsaid.
    public static func checkNotReporter(_ db: Database, _ principal: Principal?, about member: MemberID, decision: String) throws {
        guard let principal else { return }
        guard let caseID = try String.fetchOne(
            db,
            sql: """
                SELECT c.id FROM trust_cases c
                WHERE c.community_id = ? AND c.target_member_id = ? AND \(reportedByStakeSQL)
                ORDER BY c.id LIMIT 1
                """,
            arguments: [principal.communityID.rawValue, member.rawValue] + reportedByStakeArguments(principal))
        else { return }
        throw DomainError(
            code: "moderation.reported_by_you", category: .forbidden, parameters: ["case_id": caseID, "decision": decision])
    }

    /// The first of `members` who lives in `principal`'s household, with that household.
    static func housemate(_ db: Database, of principal: Principal, among members: [MemberID]) throws -> (member: MemberID, household: String)? {
        guard let own = try String.fetchOne(
            db.cachedStatement(sql: "SELECT household_id FROM members WHERE community_id = ? AND id = ?"),
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue])
        else { return nil }
        let others = members.filter { $0 != principal.memberID }
        guard !others.isEmpty else { return nil }
        let found = try String.fetchOne(
            db,
            sql: """
                SELECT id FROM members WHERE community_id = ? AND household_id = ?
                    AND id IN (\(others.map { _ in "?" }.joined(separator: ", "))) ORDER BY id LIMIT 1
                """,
            arguments: StatementArguments([principal.communityID.rawValue, own] + others.map(\.rawValue)))
        return found.map { (MemberID(trusted: $0), own) }
    }

    /// The principal and everyone of their household: whose reporters they must not read.
    public static func selfAndHousemates(_ db: Database, of principal: Principal) throws -> Set<MemberID> {
        let ids = try String.fetchAll(
            db, sql: selfAndHousematesSQL, arguments: selfAndHousematesArguments(principal.communityID, principal.memberID))
        return Set(ids.map(MemberID.init(trusted:))).union([principal.memberID])
    }

    /// A query for the ids of a member and everyone of their household, to use as
    /// `… IN (\(selfAndHousematesSQL))` with `selfAndHousematesArguments` bound in its place. A
    /// member without a household is alone in it (a NULL household matches nobody).
    static let selfAndHousematesSQL = """
        SELECT id FROM members WHERE community_id = ?
            AND (id = ? OR household_id = (SELECT household_id FROM members WHERE community_id = ? AND id = ?))
        """

    /// A query for the ids of the residents whose consent named a member agent, ever (use as
    /// `… NOT IN (\(actedForSQL))` with `actedForArguments`): queues leave out what that member
    /// may not decide (`moderation.acts_for_member`).
    static let actedForSQL = "SELECT member_id FROM proxy_consents WHERE community_id = ? AND agent_id = ?"

    static func actedForArguments(_ community: CommunityID, _ agent: MemberID) -> StatementArguments {
        [community.rawValue, agent.rawValue]
    }

    /// A query for the members a moderator has a stake in: themselves, their household, and the
    /// residents whose consent ever named them (`… IN (\(stakeSQL))` with `stakeArguments`).
    /// Evidence naming any of them is not decided in bulk with a case (`FraudSignalCommands
    /// .dismissAll`, `SignalPressure.markDecided`), as it is refused one by one (`check`;
    /// helper 152 #2c).
    static let stakeSQL = selfAndHousematesSQL + " UNION " + actedForSQL

    /// Whether case `c` is open and was reported by the moderator's stake (herself, a housemate, a
    /// resident she acts for) or filed by her at the desk (bound with `reportedByStakeArguments`).
    static let reportedByStakeSQL = """
        c.status = 'open'
          AND EXISTS (SELECT 1 FROM trust_reports r WHERE r.community_id = c.community_id AND r.case_id = c.id
              AND (r.reporter_id IN (\(stakeSQL)) OR r.filed_by = ?))
        """

    static func reportedByStakeArguments(_ principal: Principal) -> StatementArguments {
        stakeArguments(principal.communityID, principal.memberID) + [principal.memberID.rawValue]
    }

    /// The members an open case her stake reported is about (bound: the community id, then
    /// `reportedByStakeArguments`): the review queue leaves their listings out, as claiming
    /// one is refused (helper 188 #2).
    static let reportedByStakeTargetsSQL = """
        SELECT c.target_member_id FROM trust_cases c WHERE c.community_id = ? AND \(reportedByStakeSQL)
        """

    /// Whether a stored signal's evidence (`signalJSON`: its `signal_json` column) names a member
    /// the moderator has a stake in (bound with `stakeArguments`). Evidence names more than the
    /// subjects: a concentration signal its top payer, a new account's high-value exchange the
    /// other side, a resale the item's provider (helper 176 #2: a moderator dismissed the signal
    /// about the account they had paid). A row that is not JSON names no one here.
    static func evidenceNamesStakeSQL(_ signalJSON: String) -> String {
        """
        EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(\(signalJSON)) THEN \(signalJSON) ELSE '{}' END, '$.evidence.members') ev
                WHERE ev.value IN (\(stakeSQL)))
        """
    }

    static func stakeArguments(_ community: CommunityID, _ moderator: MemberID) -> StatementArguments {
        selfAndHousematesArguments(community, moderator) + actedForArguments(community, moderator)
    }

    static func selfAndHousematesArguments(_ community: CommunityID, _ member: MemberID) -> StatementArguments {
        [community.rawValue, member.rawValue, community.rawValue, member.rawValue]
    }

    /// The two sides of every exchange a case still holds frozen: deciding the case releases
    /// their points, so whoever is one of them (or lives with one, or acts for one) does not
    /// decide it.
    static func frozenExchangeSides(_ db: Database, community: CommunityID, case id: CaseID) throws -> [MemberID] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT requester_id, owner_id FROM exchanges
                WHERE community_id = ? AND id IN (
                    SELECT exchange_id FROM exchange_freezes WHERE community_id = ? AND case_id = ? AND lifted_at IS NULL)
                """,
            arguments: [community.rawValue, community.rawValue, id.rawValue]
        ).flatMap { [MemberID(trusted: $0["requester_id"]), MemberID(trusted: $0["owner_id"])] }
    }
}
