import Foundation
import GRDB
import LinliDomain
import LinliRules

/// What the exchange use cases run under, injected by the composition root: the listing services
/// (the community's rules in force, and the valuer that re-prices time exchanges from actual
/// minutes), from which the exchange rules (`exchange:`) and ledger limits (`ledger:`) are read.
public struct ExchangeServices: Sendable {
    public var listings: ListingServices
    /// Pins the exchange rules regardless of the file: benchmarks and tests of one rule. nil (the
    /// default) reads the community's rules in force.
    public var rulesOverride: ExchangeRules?
    /// Pins the ledger limits the same way.
    public var limitsOverride: LedgerLimits?

    public init(listings: ListingServices = ListingServices(), rulesOverride: ExchangeRules? = nil, limitsOverride: LedgerLimits? = nil) {
        self.listings = listings
        self.rulesOverride = rulesOverride
        self.limitsOverride = limitsOverride
    }

    /// The community's exchange rules at `date`.
    func rules(_ db: Database, _ community: CommunityID, at date: Date) throws -> ExchangeRules {
        if let rulesOverride { return rulesOverride }
        return ExchangeRules(policy: try listings.rules.current(db, community: community, at: date).ruleSet.exchange)
    }

    /// The exchange rules for a step of `exchange` at `date`: those in force when it was accepted
    /// (`ExchangeRules.keeping`; a smaller penalty since is taken): a new rule file does not change
    /// exchanges already agreed.
    func rules(_ db: Database, for exchange: Exchange, at date: Date) throws -> ExchangeRules {
        try rules(db, exchange.communityID, at: date).keeping(try ExchangePersistence.agreedTerms(db, exchange)?.rules)
    }

    /// The community's ledger limits at `date`.
    func ledgerLimits(_ db: Database, _ community: CommunityID, at date: Date) throws -> LedgerLimits {
        if let limitsOverride { return limitsOverride }
        return try listings.rules.current(db, community: community, at: date).ledger
    }
}

extension ExchangeRules {
    /// The domain's view of a rule file's `exchange:` section.
    public init(policy: ExchangePolicy) {
        self.init(
            autoConfirmAfterHours: policy.autoConfirmAfterHours, noShowPenaltyPoints: policy.noShowPenaltyPoints,
            maxOpenPerMember: policy.maxOpenPerMember, recomputeTimeFromActualHours: policy.recomputeTimeFromActualHours,
            disputeWithdrawalGraceHours: policy.disputeWithdrawalGraceHours, noShowContestWindowDays: policy.noShowContestWindowDays,
            noShowGraceMinutes: policy.noShowGraceMinutes)
    }
}
