import Foundation
import GRDB
import LinliDomain
import LinliRules

/// The trust sections of a community's rule file in force (or the defaults when it has none yet).
public struct TrustPolicies: Sendable {
    public var fraud: FraudPolicy
    public var creditScore: CreditScorePolicy
    public var moderation: ModerationPolicy
    /// Points paid to each reporter of an upheld case, once per case (`ledger.upheld_report_reward`).
    public var upheldReportReward: Int

    public init(fraud: FraudPolicy = FraudPolicy(), creditScore: CreditScorePolicy = CreditScorePolicy(),
                moderation: ModerationPolicy = ModerationPolicy(), upheldReportReward: Int = LedgerPolicy().upheldReportReward) {
        self.fraud = fraud
        self.creditScore = creditScore
        self.moderation = moderation
        self.upheldReportReward = upheldReportReward
    }

    /// The policies of the rule set active at `now` (the same lookup and compiled form the
    /// listings and the ledger use).
    public static func active(_ db: Database, community: CommunityID, at now: Date, rules active: ActiveRules) throws -> TrustPolicies {
        guard let rules = try active.lookup(db, community: community, at: now)?.ruleSet else { return TrustPolicies() }
        return TrustPolicies(
            fraud: rules.fraud, creditScore: rules.creditScore, moderation: rules.moderation,
            upheldReportReward: rules.ledger.upheldReportReward)
    }
}
