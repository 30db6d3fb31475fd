import Foundation
import GRDB
import LinliDomain
import LinliRules

/// The trust sections of a community's rule file in force (or the defaults when it has none yet).
public struct TrustPolicies: Sendable {
    public var fraud: FraudPolicy
    public var creditScore: CreditScorePolicy
    public var moderation: ModerationPolicy

    public init(fraud: FraudPolicy = FraudPolicy(), creditScore: CreditScorePolicy = CreditScorePolicy(),
                moderation: ModerationPolicy = ModerationPolicy()) {
        self.fraud = fraud
        self.creditScore = creditScore
        self.moderation = moderation
    }

    /// The policies of the rule set active at `now`.
    public static func active(_ db: Database, community: CommunityID, at now: Date, cache: CompiledRuleSetCache) throws -> TrustPolicies {
        guard let stored = try RuleSetCommands.active(db, community: community, at: now) else { return TrustPolicies() }
        let rules = try cache.compiled(stored).ruleSet
        return TrustPolicies(fraud: rules.fraud, creditScore: rules.creditScore, moderation: rules.moderation)
    }
}
