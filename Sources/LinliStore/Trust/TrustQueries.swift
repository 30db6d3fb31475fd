import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust

/// The fraud report and credit scores of a community, computed from what the store holds.
public enum TrustQueries {
    /// The longest window any exchange signal looks back over: exchanges that old are loaded so
    /// the first exchange of the period is judged against the same history the incremental path saw.
    static func lookBackDays(_ policy: FraudPolicy) -> Int {
        max(policy.rings.windowDays, policy.reciprocity.windowDays, policy.concentration.windowDays, 1)
    }

    /// The fraud report of the period `since`…`now`: signals computed from the store (minus
    /// dismissed evidence) and the cases opened, resolved or still open in the period.
    public static func fraudReport(
        _ db: Database, community: CommunityID, since: Date, now: Date, rules: ActiveRules
    ) throws -> FraudReport {
        let found = try signals(db, community: community, since: since, now: now, rules: rules)
        return try fraudReport(db, community: community, since: since, now: now, signals: found)
    }

    /// Every signal of the period `since`…`now` (exchange signals judged against the history
    /// before them), minus findings a moderator dismissed.
    public static func signals(
        _ db: Database, community: CommunityID, since: Date, now: Date, rules: ActiveRules
    ) throws -> [FraudSignal] {
        _ = try CommunityCommands.fetch(db, id: community)
        let policies = try TrustPolicies.active(db, community: community, at: now, rules: rules)
        let from = since.addingTimeInterval(-Double(lookBackDays(policies.fraud)) * 86_400)
        let snapshot = try TrustSnapshotQueries.snapshot(db, community: community, exchangesSince: from, policy: policies.fraud, now: now)
        let dismissed = try FraudSignalCommands.dismissed(db, community: community)
        return FraudEngine.recompute(snapshot: snapshot, policy: policies.fraud, now: now, since: since, dismissed: dismissed)
    }

    /// The report of already computed signals, with the period's cases.
    /// The names a report's Markdown shows beside its ids (`FraudReportNames`): the community's,
    /// and those of the flagged accounts and the moderators it lists.
    public static func fraudReportNames(_ db: Database, _ report: FraudReport) throws -> FraudReportNames {
        let members = try MemberCommands.displayNames(
            db, community: report.community, ids: Set(report.topAccounts.map(\.member) + report.moderators.map(\.moderator)))
        let community = try String.fetchOne(db, sql: "SELECT name FROM communities WHERE id = ?", arguments: [report.community.rawValue])
        return FraudReportNames(community: community, members: members)
    }

    static func fraudReport(
        _ db: Database, community: CommunityID, since: Date, now: Date, signals: [FraudSignal]
    ) throws -> FraudReport {
        let cases = try Row.fetchAll(
            db, sql: """
                SELECT id, target_id, created_at, claimed_by, resolved_by, resolved_at, outcome FROM trust_cases
                WHERE community_id = ? AND created_at <= ? AND (resolved_at IS NULL OR resolved_at >= ?)
                """,
            arguments: [community.rawValue, now, since]
        ).map { row in
            TrustCaseSummary(
                id: row["id"], target: row["target_id"], openedAt: row["created_at"],
                moderator: ((row["resolved_by"] as String?) ?? (row["claimed_by"] as String?)).map(MemberID.init(trusted:)),
                resolvedAt: row["resolved_at"], outcome: row["outcome"])
        }
        return FraudReportBuilder().build(community: community, since: since, until: now, signals: signals, cases: cases)
    }

    /// One member's credit score as of `now`, with every component.
    public static func creditScore(
        _ db: Database, community: CommunityID, member: MemberID, now: Date, rules: ActiveRules
    ) throws -> CreditScore {
        _ = try MemberCommands.fetch(db, community: community, id: member)
        let policies = try TrustPolicies.active(db, community: community, at: now, rules: rules)
        let snapshot = try TrustSnapshotQueries.neighbourhood(db, community: community, member: member, policy: policies.fraud, now: now)
        let scorer = CreditScorer(policy: policies.creditScore, deductionWindowDays: policies.moderation.strikeWindowDays)
        guard let score = scorer.score(of: member, in: snapshot, now: now) else {
            throw DomainError.notFound("member", id: member.rawValue)
        }
        return score
    }

    /// Whether `principal` may read the components of `member`'s credit score (upheld reports,
    /// moderators' deductions, no-shows, lost disputes) and not only its score and level: the
    /// member, moderators, and the other side of an exchange with them that is accepted or
    /// disputed, or the owner of the listing a request of theirs waits on (the side deciding
    /// whether to accept). Every resident read every neighbour's sanctions (session 28 review);
    /// the design is for the member and the counterparty. Not the requester of a request still
    /// waiting: anyone may ask for a published listing, read the owner's record, and cancel.
    /// Staff holding her standing consent read hers too, to explain it to her at the desk.
    public static func mayReadCreditComponents(_ db: Database, principal: Principal, of member: MemberID, now: Date) throws -> Bool {
        if member == principal.memberID || principal.can(.caseManage) { return true }
        if try ListingPersistence.actsFor(db, owner: member, principal: principal, now: now) { return true }
        return try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM exchanges e
                    WHERE e.community_id = ?1
                      AND ((e.payer_id = ?2 AND e.provider_id = ?3) OR (e.payer_id = ?3 AND e.provider_id = ?2))
                      AND (e.state IN ('accepted', 'disputed')
                           OR (e.state = 'requested' AND EXISTS (
                               SELECT 1 FROM listings l WHERE l.community_id = e.community_id AND l.id = e.listing_id AND l.owner_id = ?2))))
                """),
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue, member.rawValue]
        ) ?? false
    }
}
