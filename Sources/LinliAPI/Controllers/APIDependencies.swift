import Foundation
import LinliDomain
import LinliStore

/// What the HTTP layer needs from the composition root.
public struct APIDependencies: Sendable {
    public let store: Store
    public let settings: APISettings
    /// Database reachable and migrations current; `detail` names what is wrong.
    public let readiness: @Sendable () async -> (ready: Bool, checks: [String: String])
    /// The Prometheus exposition text.
    public let metricsText: @Sendable () -> String
    public let observer: (any RequestObserver)?
    /// The rule file new communities start with.
    public let defaultRules: RuleSource
    /// Compiled rule sets shared by every request (compile once per content hash).
    public let ruleSets = CompiledRuleSetCache()
    /// The ledger limits of a community (credit limit, warning line, reward caps). The seam where
    /// the community's active rule set plugs in; until then every community gets the defaults.
    public let ledgerLimits: @Sendable (CommunityID) -> LedgerLimits
    /// Valuation, review policy and track records for the listing use cases.
    public let listings: ListingServices
    /// Where uploaded photos are kept.
    public let photos: PhotoStorage
    /// Exchange rules, the listing valuer and ledger limits for the exchange use cases.
    public let exchanges: ExchangeServices

    public init(
        store: Store, settings: APISettings, defaultRules: RuleSource,
        readiness: @escaping @Sendable () async -> (ready: Bool, checks: [String: String]),
        metricsText: @escaping @Sendable () -> String, observer: (any RequestObserver)?,
        ledgerLimits: @escaping @Sendable (CommunityID) -> LedgerLimits = { _ in .standard },
        listings: ListingServices = ListingServices(),
        photos: PhotoStorage = PhotoStorage(root: URL(fileURLWithPath: "./data/photos")),
        exchangeRules: @escaping @Sendable (CommunityID) -> ExchangeRules = { _ in .standard }
    ) {
        self.exchanges = ExchangeServices(listings: listings, rules: exchangeRules, ledgerLimits: ledgerLimits)
        self.listings = listings
        self.photos = photos
        self.store = store
        self.settings = settings
        self.readiness = readiness
        self.metricsText = metricsText
        self.observer = observer
        self.defaultRules = defaultRules
        self.ledgerLimits = ledgerLimits
    }
}
