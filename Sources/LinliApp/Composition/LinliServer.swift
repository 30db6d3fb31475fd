import Foundation
import Hummingbird
import LinliAPI
import LinliStore
import Logging
import NIOCore
import ServiceLifecycle

/// Runs the service: the HTTP server and the background loops in one ServiceGroup that shuts down
/// gracefully on SIGTERM/SIGINT (in-flight requests finish, then the database closes cleanly).
public enum LinliServer {
    /// Builds the Hummingbird application for an environment.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    public static func makeApplication(
        environment: LinliEnvironment, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = LinliRouter.build(environment.apiDependencies())
        let configuration = environment.configuration
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "linli"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: environment.logger)
    }

    /// The background services that run beside the HTTP server.
    public static func backgroundServices(environment: LinliEnvironment, transport: any WebhookTransport) -> [any Service] {
        let store = environment.store
        var services: [any Service] = [
            WebhookWorker(
                store: store, transport: transport, settings: WebhookComponents.settings(environment.configuration),
                logger: environment.logger, metrics: environment.metrics, onTeardown: { [shutdown = environment.shutdown] in
                    shutdown.markCutShort()
                })
        ]
        if let directory = environment.configuration.rulesDirectory {
            let watcher = RuleDirectoryWatcher(
                directory: URL(fileURLWithPath: directory), store: store, logger: environment.logger,
                settle: .seconds(environment.configuration.rulesReloadSeconds))
            services.append(
                PeriodicTask(
                    name: "rules-watcher", interval: .seconds(environment.configuration.rulesReloadSeconds),
                    logger: environment.logger
                ) { try await watcher.scanOnce() })
        }
        let listings = environment.listings
        let confirmer = ExchangeAutoConfirmer(store: store, services: environment.exchanges, logger: environment.logger)
        let fraudChecker = FraudChecker(store: store, rules: environment.listings.rules, logger: environment.logger)
        let photoSweeper = PhotoSweeper(store: store, photos: environment.photos, rules: environment.listings.rules, logger: environment.logger)
        return services + [
            PeriodicTask(name: "exchange-auto-confirm", interval: .seconds(300), logger: environment.logger) {
                try await confirmer.runOnce()
                try await confirmer.declineStaleRequests()
            },
            PeriodicTask(name: "listing-expiry", interval: .seconds(300), logger: environment.logger) {
                // Batches of 500 keep each write transaction short; loop until none are due.
                while true {
                    let expired = try await store.transaction { tx in try ListingCommands.expireDue(tx, services: listings) }
                    if expired > 0 { environment.logger.info("expired listings", metadata: ["count": .stringConvertible(expired)]) }
                    if expired < 500 { break }
                }
            },
            PeriodicTask(name: "event-reminders", interval: .seconds(300), logger: environment.logger) {
                // The reminders ahead of each start (each community's lead), in batches of 100 so
                // each write stays short.
                while try await store.transaction({ tx in try EventReminders.remindDue(tx, rules: listings.rules) }) == 100 {}
            },
            PeriodicTask(name: "proxy-expiry-reminders", interval: .seconds(3600), logger: environment.logger) {
                // Two weeks before a consent ends, its resident and agent hear it, in batches of 100.
                while try await store.transaction({ tx in try ProxyConsentExpiryReminders.remindDue(tx) }) == 100 {}
            },
            PeriodicTask(name: "holiday-calendar", interval: .seconds(3600), logger: environment.logger) {
                // A rule file whose holidays stop before the year its holiday time slots price
                // (from 1 December, and again once the year began): organizers are told, once each.
                let reminded = try await store.transaction { tx in try HolidayCalendarReminders.remindDue(tx, rules: listings.rules) }
                if reminded > 0 {
                    environment.logger.notice(
                        "rule files lack a year's public holidays: organizers told", metadata: ["communities": .stringConvertible(reminded)])
                }
            },
            PeriodicTask(name: "event-waiting-lines", interval: .seconds(300), logger: environment.logger) {
                // Free seats go to people in line who may take them again (one batch a round: an
                // event whose only waiting member is still suspended is looked at again next round).
                // A task of its own, so a failing reminder round does not hold the lines up.
                _ = try await store.transaction { tx in try EventRegistrationCommands.fillWaitingLines(tx) }
            },
            PeriodicTask(name: "report-rewards", interval: .seconds(300), logger: environment.logger) {
                // Rewards of the cases upheld on a local day are paid together at the start of the next
                // (`ReportRewards`), in batches; one refused by the reporter's daily cap waits a day.
                while true {
                    let round = try await store.transaction { tx in try ReportRewards.payDue(tx, rules: listings.rules) }
                    if round.paid > 0 || !round.deferred.isEmpty {
                        environment.logger.info(
                            "report rewards", metadata: ["paid": "\(round.paid)", "deferred": "\(round.deferred.joined(separator: ","))"])
                    }
                    if round.handled < ReportRewards.batchSize { break }
                }
            },
            PeriodicTask(name: "webhook-queue-metrics", interval: .seconds(15), logger: environment.logger) {
                try await WebhookQueueGauge.observe(store: store, metrics: environment.metrics)
            },
            PeriodicTask(name: "review-queue-metrics", interval: .seconds(30), logger: environment.logger) {
                let now = store.clock.now()
                let health = try await store.read { db in try ReviewQueries.healthOfAllCommunities(db, now: now) }
                for (community, queue) in health { environment.metrics.reviewQueueObserved(community: community, health: queue) }
            },
            PeriodicTask(name: "fraud-check", interval: .seconds(5), logger: environment.logger) {
                try await fraudChecker.runOnce()
            },
            PeriodicTask(name: "fraud-report", interval: .seconds(3600), logger: environment.logger) {
                // Hourly check, weekly report per community: one short transaction per community.
                let week: TimeInterval = 7 * 86_400
                for community in try await store.read({ db in try FraudReportCommands.due(db, now: store.clock.now(), period: week) }) {
                    try await store.transaction { tx in
                        _ = try FraudReportCommands.publish(tx, community: community, period: week, rules: environment.listings.rules)
                    }
                }
            },
            PeriodicTask(name: "photo-sweep", interval: .seconds(3600), logger: environment.logger) {
                // Photos no listing or report names, past `photos.orphan_days`: rows first, files
                // after their deletion committed (`PhotoSweep`), in batches.
                try await photoSweeper.forgetUnused()
            },
            PeriodicTask(name: "photo-file-sweep", interval: .seconds(86_400), logger: environment.logger) {
                // Files no row names, a day old at least (real file times, so the real clock).
                try await photoSweeper.removeStrayFiles(modifiedBefore: Date().addingTimeInterval(-86_400))
            },
            PeriodicTask(name: "token-issuer-sweep", interval: .seconds(3600), logger: environment.logger) {
                // Tokens for others whose issuer was banned or demoted without the revocation a
                // change through the service makes (older data, roles written by hand): revoked,
                // their holders told (`TokenCommands.revokeUnbacked`).
                // Looked for in a read; one short write per issuer found (usually none).
                let now = store.clock.now()
                var issuers = 0
                for found in try await store.read({ db in try TokenCommands.unbackedIssuers(db, now: now) }) {
                    let acted = try await store.transaction { tx in
                        try TokenCommands.revokeUnbacked(tx, community: found.community, issuer: found.issuer)
                    }
                    if acted { issuers += 1 }
                }
                if issuers > 0 { environment.logger.notice("revoked tokens of issuers no longer backing them", metadata: ["issuers": "\(issuers)"]) }
            },
            PeriodicTask(name: "idempotency-purge", interval: .seconds(3600), logger: environment.logger) {
                let removed = try await store.transaction { tx in try IdempotencyCommands.purgeExpired(tx.db, now: tx.now) }
                if removed > 0 { environment.logger.debug("purged idempotency keys", metadata: ["count": .stringConvertible(removed)]) }
            },
        ] + webhookRetention(environment: environment)
    }

    /// The hourly deletion of finished webhook messages past `webhooks.retention_days`, in short
    /// batches; none when the operator keeps them for ever (0).
    static func webhookRetention(environment: LinliEnvironment) -> [any Service] {
        let days = environment.configuration.webhookRetentionDays
        guard days > 0 else { return [] }
        let store = environment.store
        return [
            PeriodicTask(name: "webhook-retention", interval: .seconds(3600), logger: environment.logger) {
                let removed = try await WebhookRetention.runOnce(store: store, days: days)
                if removed > 0 { environment.logger.info("deleted finished webhook messages", metadata: ["count": .stringConvertible(removed)]) }
            }
        ]
    }

    /// How a run ended after its graceful shutdown.
    public enum Stop: Sendable, Equatable {
        case clean
        /// The grace ran out and work still running was cancelled (`linli serve` exits 75).
        case cutShort
    }

    /// Runs until SIGTERM/SIGINT/SIGHUP (`StopSignals`), then closes the database (a second one
    /// stops at once: `SecondSignalExit`).
    @discardableResult
    public static func run(environment: LinliEnvironment, onListening: @escaping @Sendable (Int) async -> Void) async throws -> Stop {
        let application = makeApplication(environment: environment, onListening: onListening)
        let transport = try WebhookComponents.transport(environment.configuration)
        defer { transport.shutdown() }
        // The announcer goes last: services shut down in reverse order, so readiness turns off
        // first and the HTTP server, first in the list, keeps serving until everything drained.
        let stopSignals = StopSignals.atStart()
        var configuration = ServiceGroupConfiguration(
            services: [application] + backgroundServices(environment: environment, transport: transport)
                + [
                    // A closed terminal may hang up twice (the shell forwards SIGHUP, then the
                    // kernel sends it to the old foreground group; helper 122): only a second
                    // SIGINT or SIGTERM, which a person sends, stops without the drain.
                    ShutdownAnnouncer(
                        state: environment.shutdown, logger: environment.logger, secondSignals: stopSignals.filter { $0 != .sighup }),
                ],
            gracefulShutdownSignals: stopSignals,
            logger: environment.logger)
        configuration.maximumGracefulShutdownDuration = .seconds(environment.configuration.shutdownGraceSeconds)
        if let warning = environment.configuration.shutdownGraceWarning {
            environment.logger.warning(
                "\(warning)",
                metadata: [
                    "grace_seconds": .stringConvertible(environment.configuration.shutdownGraceSeconds),
                    "needed_seconds": .stringConvertible(environment.configuration.shutdownGraceNeeded),
                ])
        }
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            try? environment.database.close()
            throw error
        }
        // Judged when the services have stopped, before the database closes: closing checkpoints
        // the WAL, which may take seconds after a drain that ended in time, and a clean stop was
        // then reported as cut short (exit 75; helper 163 #4).
        let grace = environment.configuration.shutdownGraceSeconds
        let cutShort = environment.shutdown.wasCutShort || (environment.shutdown.elapsed.map { $0 >= .seconds(grace) } ?? false)
        try environment.database.close(checkpoint: .truncate)
        // The group returns normally when the grace ran out too (it cancelled what was still
        // running, and Hummingbird logs that cancellation as errors): say what happened instead of
        // "stopped cleanly".
        if cutShort {
            environment.logger.error(
                """
                graceful shutdown ran out of time: work still running after server.shutdown_grace_seconds was cancelled \
                (webhook deliveries not recorded are sent again at the next start)
                """,
                metadata: ["grace_seconds": .stringConvertible(grace)])
            return .cutShort
        }
        environment.logger.info("stopped cleanly")
        return .clean
    }
}
