import Foundation
import GRDB
import LinliApp
import LinliDelivery
import LinliDomain
import LinliRules
import LinliStore
import LinliTestReceivers
import Logging
import ServiceLifecycle
import Testing

/// Found by review 9c (each test failed first): metrics, configuration and the rules-directory watcher.
@Suite("Operations: metrics, configuration, rules watcher", .serialized)
struct OperationsGuardTests {
    /// `linli_webhook_queue_depth_messages` ("Pending webhook messages", README: "webhook queue
    /// depth") was fed from the worker's in-memory lanes, which hold at most `queueWindow` (1,000)
    /// messages per endpoint: an endpoint with a larger backlog — exactly when operators look at
    /// this gauge — was reported as 1,000 pending. Now `WebhookQueueGauge` counts the table.
    @Test("the queue-depth gauge counts every pending message, not the in-memory window")
    func queueDepthGaugeCountsTheWholeBacklog() async throws {
        let setup = try WebhookWorkerTests.Setup()
        let backlog = 1_200
        try await ScriptedReceiver.with { receiver, base in
            receiver.script("/down", statuses: Array(repeating: 503, count: 50))
            _ = try setup.endpoint(base + "/down")
            // One subject: its later messages wait behind the first, which fails and waits an hour.
            try setup.emit("listing.published", subject: "listing:1", count: backlog)
            let metrics = LinliMetrics()
            let worker = WebhookWorker(
                store: setup.environment.store, transport: setup.transport,
                settings: WebhookWorkerSettings(
                    pollInterval: .milliseconds(10),
                    policy: DeliveryPolicy(schedule: RetrySchedule(delays: [0, 3600, 3600], jitter: 0))),
                logger: setup.environment.logger, metrics: metrics)
            try await WebhookWorkerTests.run(worker) {
                let pending = try setup.environment.database.readSync { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_messages WHERE status = 'pending'") ?? 0
                }
                return pending == backlog && !receiver.received(on: "/down").isEmpty
            }
            // What the server's `webhook-queue-metrics` task does every 15 s.
            try await WebhookQueueGauge.observe(store: setup.environment.store, metrics: metrics)
            let pending = try setup.environment.database.readSync { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_messages WHERE status = 'pending'") ?? 0
            }
            #expect(pending == backlog)
            let depth = Self.gauge("linli_webhook_queue_depth", in: metrics.exposition())
            #expect(depth == Double(backlog), "the gauge says \(String(describing: depth)) pending; the table holds \(pending)")
        }
    }

    static func gauge(_ prefix: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) && !$0.hasPrefix("#") }
            .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
    }

    /// `webhooks.allow_private_cidrs` is checked at load time by a loose shape test
    /// (`LinliConfiguration.looksLikeCIDR`) and parsed for real only when `serve` builds the
    /// transport (`WebhookComponents.transport` → `AddressPolicy(allowing:)`). Entries the shape
    /// test lets through but the parser refuses make `linli config` print "configuration is valid"
    /// while `linli serve` — after opening and migrating the database — exits 78.
    @Test("allow_private_cidrs entries serve would refuse are refused by the configuration loader", arguments: [
        "010.0.0.0/8", "10.0.0.0/+8", "::1::/128", "+10.0.0.0/8",
    ])
    func cidrsServeRefusesAreConfigurationErrors(_ entry: String) throws {
        // What serve does with the value:
        #expect(throws: AddressPolicyError.self) { try AddressPolicy(allowing: [entry]) }
        // What `linli config` and the loader say about it:
        #expect(throws: ConfigurationError.self, "\(entry) passes configuration validation") {
            try ConfigurationLoader.load(file: nil, environment: ["LINLI_WEBHOOKS_ALLOW_PRIVATE_CIDRS": entry], flags: [:])
        }
    }

    /// YAML's null (`~`, `null`, the spelling of "unset" in most YAML configs) is read as the
    /// literal text: `webhooks.proxy: ~` passes validation and every delivery is then sent to a
    /// proxy host named "~" (all fail, and `linli config` calls the file valid). A null must mean
    /// "unset" (the default), or be refused with a clear error.
    @Test("a YAML null for webhooks.proxy means no proxy, or is refused", arguments: ["~", "null"])
    func yamlNullProxyIsNotAProxyNamedNull(_ spelling: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("linli.yaml")
        try "webhooks:\n  proxy: \(spelling)\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            let configuration = try ConfigurationLoader.load(file: file.path, environment: [:], flags: [:])
            #expect(configuration.webhookProxy == nil, "proxy in force: \(String(describing: configuration.webhookProxy))")
        } catch {
            // Refusing it is fine too.
        }
    }

    /// The rules directory: an operator reverts `<community>.yaml` to an earlier version's text
    /// (a rollback by file, the natural move with hot reload). The watcher finds the text already
    /// stored (`rules.duplicate`), sees the stored version is `activated` — superseded, not in
    /// force — assumes "in force already", and does nothing: no activation, no refusal, no log
    /// line, and the file's hash is remembered, so it is never looked at again. The directory says
    /// version 2; version 3 keeps serving.
    @Test("a rules file reverted to an earlier version is put in force or reported, never silently ignored")
    func revertedRulesFileIsNotSilentlyIgnored() async throws {
        let watched = try RuleDirectoryWatcherTests.Watched()
        let (directory, environment, community, watcher) = (watched.directory, watched.environment, watched.community, watched.watcher)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("\(community).yaml")
        func activeVersion() throws -> Int? {
            try environment.database.readSync { db in try RuleSetCommands.active(db, community: community, at: Date())?.version }
        }
        try RuleDirectoryWatcherTests.version(2).write(to: file, atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.activated(community: community, version: 2)])
        try RuleDirectoryWatcherTests.version(3).write(to: file, atomically: true, encoding: .utf8)
        #expect(try await watcher.scanOnce() == [.activated(community: community, version: 3)])
        #expect(try activeVersion() == 3)

        try RuleDirectoryWatcherTests.version(2).write(to: file, atomically: true, encoding: .utf8)
        let outcomes = try await watcher.scanOnce()

        let refused = outcomes.contains { if case .refused = $0 { true } else { false } }
        let inForce = try activeVersion()
        #expect(inForce == 2 || refused,
                "file holds version 2, version \(String(describing: inForce)) is in force, and the scan reported \(outcomes)")
    }
}
