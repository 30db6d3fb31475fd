import Foundation
import LinliDomain
import LinliStore

/// What the HTTP layer needs from the composition root.
public struct APIDependencies: Sendable {
    public let store: Store
    public let settings: APISettings
    /// Database reachable and migrations current; `detail` names what is wrong.
    public let readiness: @Sendable () async -> (ready: Bool, checks: [String: String])
    /// Whether graceful shutdown has begun: `/readyz` then answers 503 without checking anything.
    public let shuttingDown: @Sendable () -> Bool
    /// The Prometheus exposition text.
    public let metricsText: @Sendable () -> String
    public let observer: (any RequestObserver)?
    /// The rule file new communities start with.
    public let defaultRules: RuleSource
    /// The community rules in force (valuation, categories, review policy, ledger limits) and
    /// track records for the listing use cases.
    public let listings: ListingServices
    /// Compiled rule sets shared by every request (compile once per content hash).
    public var ruleSets: CompiledRuleSetCache { listings.rules.compiledCache }
    /// Where uploaded photos are kept.
    public let photos: PhotoStorage
    /// The exchange use cases' services (rules and limits from the community's rule file in force).
    public let exchanges: ExchangeServices

    public init(
        store: Store, settings: APISettings, defaultRules: RuleSource,
        readiness: @escaping @Sendable () async -> (ready: Bool, checks: [String: String]),
        shuttingDown: @escaping @Sendable () -> Bool = { false },
        metricsText: @escaping @Sendable () -> String, observer: (any RequestObserver)?,
        listings: ListingServices = ListingServices(),
        photos: PhotoStorage = PhotoStorage(root: URL(fileURLWithPath: "./data/photos"))
    ) {
        self.exchanges = ExchangeServices(listings: listings)
        self.listings = listings
        self.photos = photos
        self.store = store
        self.settings = settings
        self.readiness = readiness
        self.shuttingDown = shuttingDown
        self.metricsText = metricsText
        self.observer = observer
        self.defaultRules = defaultRules
    }
}
