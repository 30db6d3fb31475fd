import Foundation
import LinliDomain
import LinliRules

/// What the exchange use cases run under, injected by the composition root: the listing services
/// (the valuer that re-prices time exchanges from actual minutes is the one listings use), and the
/// community's exchange rules and ledger limits.
///
/// Rules and limits are looked up per community through closures, the same seam as
/// `APIDependencies.ledgerLimits`: until the active rule set is wired into every use case, each
/// community gets `rules/default.yaml`'s numbers.
public struct ExchangeServices: Sendable {
    public var listings: ListingServices
    public var rules: @Sendable (CommunityID) -> ExchangeRules
    public var ledgerLimits: @Sendable (CommunityID) -> LedgerLimits

    public init(
        listings: ListingServices = ListingServices(),
        rules: @escaping @Sendable (CommunityID) -> ExchangeRules = { _ in .standard },
        ledgerLimits: @escaping @Sendable (CommunityID) -> LedgerLimits = { _ in .standard }
    ) {
        self.listings = listings
        self.rules = rules
        self.ledgerLimits = ledgerLimits
    }
}

extension ExchangeRules {
    /// The domain's view of a rule file's `exchange:` section.
    public init(policy: ExchangePolicy) {
        self.init(
            autoConfirmAfterHours: policy.autoConfirmAfterHours, noShowPenaltyPoints: policy.noShowPenaltyPoints,
            maxOpenPerMember: policy.maxOpenPerMember, recomputeTimeFromActualHours: policy.recomputeTimeFromActualHours)
    }
}
