import Foundation
import LinliDelivery
import LinliAPI
import LinliDomain
import LinliRules
import LinliStore
import Logging

/// The composition root: opens the database, brings its schema up to date, and wires the store,
/// metrics and HTTP dependencies together. The only place that decides which implementations run.
public final class LinliEnvironment: Sendable {
    public let configuration: LinliConfiguration
    public let database: AppDatabase
    public let store: Store
    public let metrics: LinliMetrics
    public let logger: Logger
    /// The rule file new communities start with: `rules.file`, or the embedded default.
    public let defaultRules: RuleSource
    /// Valuation and review policy for listings. `FlatRateListingValuer` until the rules engine is
    /// wired in here (the one place that decides which implementation runs).
    public let listings: ListingServices
    public let photos: PhotoStorage
    /// Set when graceful shutdown begins; `/readyz` answers 503 from then on.
    public let shutdown = ShutdownState()

    /// Opens the configured database file and applies (or checks) migrations.
    /// The rule file is checked before the database is opened: a first `admin bootstrap` with a
    /// broken rule file left an empty database file behind, which the next (fixed) run refused as
    /// a database with migrations pending.
    public convenience init(configuration: LinliConfiguration, logger: Logger, clock: any WallClock = SystemWallClock()) throws {
        let rules = try Self.loadDefaultRules(configuration.rulesFile)
        // Without automatic migration nothing would make a new file usable: a mistyped path made an
        // empty database and the advice to migrate it (helper 136). Nothing is created then.
        if !configuration.autoMigrate, configuration.databasePath != ":memory:", !FileManager.default.fileExists(atPath: configuration.databasePath) {
            throw ConfigurationError(problems: [
                "database.path \(configuration.databasePath): no database there, and database.auto_migrate is false, so none is created; check the path, or create it with linli migrate --db \(configuration.databasePath)"
            ])
        }
        let database = try AppDatabase(path: configuration.databasePath, durability: configuration.durability)
        try self.init(configuration: configuration, database: database, logger: logger, clock: clock, defaultRules: rules)
    }

    /// Wires an already-open database (tests pass an in-memory one). `defaultRules` is the rule
    /// file already read and checked, when the caller has (it is read here otherwise).
    public init(
        configuration: LinliConfiguration, database: AppDatabase, metrics: LinliMetrics = LinliMetrics(), logger: Logger,
        clock: any WallClock = SystemWallClock(), ids: (any IDGenerator)? = nil,
        listings: ListingServices = ListingServices(), defaultRules: RuleSource? = nil
    ) throws {
        self.listings = listings
        self.photos = PhotoStorage(
            root: URL(fileURLWithPath: configuration.photosPath, isDirectory: true), maxBytes: configuration.photoMaxBytes,
            dailyLimitPerMember: configuration.photoDailyLimitPerMember,
            maxTotalBytesPerMember: configuration.photoMaxTotalBytesPerMember, orphanDays: configuration.photoOrphanDays)
        self.configuration = configuration
        self.database = database
        self.metrics = metrics
        self.logger = logger
        self.store = Store(database: database, clock: clock, ids: ids ?? RandomIDGenerator(clock: clock))
        self.defaultRules = try defaultRules ?? Self.loadDefaultRules(configuration.rulesFile)
        metrics.attach(database: database)
        try Self.prepareSchema(database: database, autoMigrate: configuration.autoMigrate, now: clock.now(), logger: logger)
    }

    /// Reads and checks the configured rule file, so a broken file stops start-up (exit 78) instead
    /// of failing the first community creation. `linli config` runs it too.
    public static func loadDefaultRules(_ path: String?) throws -> RuleSource {
        guard let path else {
            guard let preset = RuleSource.preset("default") else { preconditionFailure("rules/default.yaml was not embedded") }
            return preset
        }
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            // Checked with the configuration too, but it may have changed since (or be a file
            // that is there and readable yet not UTF-8).
            throw ConfigurationError(problems: ["rules.file \(error)"])
        }
        let source = RuleSource(fileName: URL(fileURLWithPath: path).lastPathComponent, text: text)
        // The diagnostics cite the path as configured (helper 113: `unquoted.yaml:142:13` for a file
        // in another directory); the stored version keeps the file's name.
        let report = RuleSetCompiler.check(source.text, fileName: path)
        guard report.isAccepted else {
            throw ConfigurationError(problems: ["rules.file \(path) is invalid:"] + report.errors.map { "  \($0)" })
        }
        return source
    }

    static func prepareSchema(database: AppDatabase, autoMigrate: Bool, now: Date, logger: Logger) throws {
        let runner = MigrationRunner.shipped
        if autoMigrate {
            let applied = try runner.migrate(database, now: now)
            if !applied.isEmpty { logger.info("applied migrations", metadata: ["migrations": .string(applied.joined(separator: ", "))]) }
        } else {
            try runner.requireCurrent(database)
        }
    }

    /// Creates the photos directory if missing and proves it writable, for `serve`: a directory
    /// the service user cannot write stops the start (exit 78) instead of failing each upload.
    /// Run before the environment (and its migrations): a start that stops should change nothing.
    public static func preparePhotoDirectory(_ configuration: LinliConfiguration) throws {
        do {
            try PhotoStorage(root: URL(fileURLWithPath: configuration.photosPath, isDirectory: true)).prepareDirectory()
        } catch let error as PhotoDirectoryError {
            throw ConfigurationError(problems: ["\(error)"])
        }
    }

    /// Exchange rules, valuer and ledger limits: shared by the API and the automatic confirmation.
    public var exchanges: ExchangeServices { ExchangeServices(listings: listings) }

    /// The HTTP layer's dependencies.
    public func apiDependencies() -> APIDependencies {
        let database = self.database
        var settings = configuration.api
        // The CIDRs were checked when the configuration loaded (an invalid one stops the service).
        settings.webhookAddressPolicy = (try? AddressPolicy(allowing: configuration.webhookAllowedCIDRs)) ?? AddressPolicy()
        let shutdown = self.shutdown
        return APIDependencies(
            store: store, settings: settings, defaultRules: defaultRules,
            readiness: {
                guard await database.isReachable() else { return (false, ["database": "unreachable"]) }
                do {
                    let status = try await database.read { db in try MigrationRunner.shipped.status(db) }
                    if status.isCurrent { return (true, ["database": "ok", "migrations": "current"]) }
                    // Why not current, in the operator's terms (helper 136: a database a newer Linli
                    // migrated read "pending: " with nothing after it).
                    var why: [String] = []
                    if !status.unknown.isEmpty { why.append("unknown (migrated by a newer Linli): \(status.unknown.joined(separator: ","))") }
                    if !status.edited.isEmpty { why.append("edited after they were applied: \(status.edited.joined(separator: ","))") }
                    if !status.pending.isEmpty { why.append("pending: \(status.pending.joined(separator: ","))") }
                    return (false, ["database": "ok", "migrations": why.joined(separator: "; ")])
                } catch {
                    return (false, ["database": "error"])
                }
            },
            shuttingDown: { shutdown.hasBegun },
            metricsText: { [metrics] in metrics.exposition() },
            observer: metrics, listings: listings, photos: photos)
    }
}
