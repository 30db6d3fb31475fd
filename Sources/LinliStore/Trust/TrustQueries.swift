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

    /// The fraud report of the period `since`…`now`.
    public static func fraudReport(
        _ db: Database, community: CommunityID, since: Date, now: Date, cache: CompiledRuleSetCache
    ) throws -> FraudReport {
        _ = try CommunityCommands.fetch(db, id: community)
        let policies = try TrustPolicies.active(db, community: community, at: now, cache: cache)
        let from = since.addingTimeInterval(-Double(lookBackDays(policies.fraud)) * 86_400)
        let snapshot = try TrustSnapshotQueries.snapshot(db, community: community, exchangesSince: from)
        let signals = FraudEngine.recompute(snapshot: snapshot, policy: policies.fraud, now: now, since: since)
        return FraudReportBuilder().build(community: community, since: since, until: now, signals: signals, cases: [])
    }

    /// One member's credit score as of `now`, with every component.
    public static func creditScore(
        _ db: Database, community: CommunityID, member: MemberID, now: Date, cache: CompiledRuleSetCache
    ) throws -> CreditScore {
        _ = try MemberCommands.fetch(db, community: community, id: member)
        let policies = try TrustPolicies.active(db, community: community, at: now, cache: cache)
        let snapshot = try TrustSnapshotQueries.snapshot(db, community: community, exchangesSince: nil)
        guard let score = CreditScorer(policy: policies.creditScore).score(of: member, in: snapshot, now: now) else {
            throw DomainError.notFound("member", id: member.rawValue)
        }
        return score
    }
}
