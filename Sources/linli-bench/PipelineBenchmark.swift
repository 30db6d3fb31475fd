import ArgumentParser
import Foundation
import LinliApp
import LinliCurl
import LinliDelivery
import LinliDomain
import LinliStore
import Logging
import ServiceLifecycle
import Synchronization

/// `linli-bench pipeline`: the whole delivery path — outbox events committed in SQLite, fanned out
/// to 20 endpoints, planned, signed, sent through LinliCurl, results recorded — next to a bare
/// libcurl multi loop posting same-sized bodies to the same receivers in the same run (issue 7:
/// ≥ 50 % of the bare loop and ≥ 5,000 deliveries/s), then event-commit-to-delivery latency at a
/// steady 200 events/s.
struct PipelineBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "Outbox-to-receiver delivery throughput and commit-to-delivery latency.")

    @Option(help: "Endpoints (receiver ports); every throughput event fans out to all of them.") var endpoints = 20
    @Option(help: "Messages per measured round (events × endpoints).") var messages = 1_000
    @Option(help: "Measured rounds; the median is reported.") var rounds = 5
    @Option(help: "Requests in flight at once (worker max_in_flight and the bare loop's concurrency).") var concurrency = 64
    @Option(help: "Events per second in the latency phase.") var rate = 200
    @Option(help: "Seconds of the latency phase (0 to skip).") var steadySeconds = 10
    @Option(help: "Worker fan_out_messages (messages created per fan-out transaction); default as in production.")
    var fanOutMessages = WebhookWorkerSettings().fanOutMessages
    @Option(help: "Worker record batch (results written at once); default as in production.")
    var recordBatch = WebhookWorkerSettings().recordBatch
    @Option(help: "Worker record delay in ms (longest a result waits to be written); default as in production.")
    var recordDelayMs = Int(WebhookWorkerSettings().recordDelay.seconds * 1000)

    func validate() throws {
        guard (1...200).contains(endpoints), messages >= endpoints, (1...50).contains(rounds), (1...1024).contains(concurrency),
              (1...5_000).contains(rate), steadySeconds >= 0 else {
            throw ValidationError("endpoints 1...200, messages >= endpoints, rounds 1...50, concurrency 1...1024, rate 1...5000")
        }
    }

    func run() async throws {
        let eventsPerRound = messages / endpoints
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = { () -> Logger in
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            return logger
        }()
        let configuration = try ConfigurationLoader.load(
            file: nil, environment: [:], flags: ["database.path": directory.appendingPathComponent("bench.sqlite").path])
        let environment = try LinliEnvironment(configuration: configuration, logger: logger)
        defer { try? environment.database.close() }
        let store = environment.store
        let boot = try store.transactionSync { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "压测社区", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: environment.defaultRules, principal: nil, actor: .commandLine)
        }
        let community = boot.community.id
        let admin = Principal(communityID: community, memberID: boot.admin.id, role: .admin, tokenID: boot.token.token.id)

        try await BenchmarkReceivers.with(count: endpoints + 1) { ports in
            let throughputPorts = Array(ports.prefix(endpoints))
            try store.transactionSync { tx in
                for (index, port) in throughputPorts.enumerated() {
                    _ = try WebhookEndpointCommands.create(
                        tx, principal: admin,
                        draft: EndpointDraft(url: "http://127.0.0.1:\(port)/hooks/\(index)", format: .standard, events: ["listing.revalued"]),
                        actor: .commandLine)
                }
                _ = try WebhookEndpointCommands.create(
                    tx, principal: admin,
                    draft: EndpointDraft(url: "http://127.0.0.1:\(ports[endpoints])/hooks/latency", format: .standard, events: ["listing.expired"]),
                    actor: .commandLine)
            }
            let transport = try CurlTransport(configuration: CurlTransportConfiguration(
                maxHostConnections: 4, maxTotalConnections: max(256, (endpoints + 1) * 4),
                addressPolicy: try AddressPolicy(allowing: ["127.0.0.0/8"])))
            defer { transport.shutdown() }
            let latencies = LatencyRecorder()
            let worker = WebhookWorker(
                store: store, transport: transport,
                settings: WebhookWorkerSettings(
                    pollInterval: .milliseconds(100), maxInFlight: concurrency, fanOutMessages: fanOutMessages, recordBatch: recordBatch,
                    recordDelay: .milliseconds(recordDelayMs)),
                logger: logger, metrics: latencies)
            let group = ServiceGroup(services: [worker], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                defer { tasks.cancelAll() }

                // Same-sized, signed bodies for the bare loop (rendered exactly as the worker renders).
                let bareRequests = DeliveryBenchmarkCommand.requests(count: messages, ports: throughputPorts)
                // Warm-up round for both (connections, code paths, SQLite caches).
                try await Self.round(store, community: community, events: eventsPerRound, messages: messages, delivered: latencies)
                _ = await BareCurlLoop.run(bareRequests, concurrency: concurrency)

                var pipelineRates: [Double] = []
                var bareRates: [Double] = []
                for _ in 0..<rounds {
                    let clock = ContinuousClock()
                    let start = clock.now
                    try await Self.round(store, community: community, events: eventsPerRound, messages: messages, delivered: latencies)
                    pipelineRates.append(Double(messages) / (clock.now - start).seconds)
                    let bare = await BareCurlLoop.run(bareRequests, concurrency: concurrency)
                    bareRates.append(Double(bare.succeeded) / bare.elapsed.seconds)
                }
                let pipeline = pipelineRates.percentile(0.5)
                let bare = bareRates.percentile(0.5)
                let list = { (rates: [Double]) in rates.map { String(Int($0.rounded())) }.joined(separator: ", ") }
                print("pipeline benchmark: \(messages) queued messages per round (\(eventsPerRound) events x \(endpoints) endpoints), "
                      + "\(rounds) rounds, \(concurrency) in flight")
                print(String(format: "  bare libcurl multi loop      : %8.0f req/s median", bare) + "  [\(list(bareRates))]")
                print(String(format: "  outbox -> worker -> receiver : %8.0f deliveries/s median", pipeline) + "  [\(list(pipelineRates))]")
                print(String(format: "  ratio pipeline / bare        : %8.1f %%  (targets: >= 50 %% and >= 5,000/s)", 100 * pipeline / bare))

                if steadySeconds > 0 {
                    latencies.reset()
                    let total = rate * steadySeconds
                    let clock = ContinuousClock()
                    let start = clock.now
                    let interval = Duration.seconds(1) / rate
                    for index in 0..<total {
                        try? await clock.sleep(until: start + interval * index)
                        try await store.transaction { tx in
                            try tx.emit(community, type: "listing.expired", subject: "listing:steady\(index)", payload: ["n": index])
                        }
                    }
                    let deadline = clock.now + .seconds(30)
                    while latencies.count < total, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                    let samples = latencies.samples()
                    print(String(format: "  steady %d events/s for %d s: commit-to-delivery p50 %.1f ms, p99 %.1f ms (%d of %d delivered)",
                                 rate, steadySeconds, samples.percentile(0.5) * 1000, samples.percentile(0.99) * 1000,
                                 samples.count, total))
                }
                await group.triggerGracefulShutdown()
            }
        }
    }

    /// Commits `events` throughput events in one transaction and waits until `messages` messages of
    /// them are delivered and their results recorded in the database.
    ///
    /// The worker's metrics say when it has decided that many deliveries (the results are then
    /// still being written); only from then on is the database asked, every millisecond, until it
    /// counts them delivered. Asking it every 2 ms from the start, as before, put a read
    /// transaction beside the pipeline all through the round (3–6 % of its CPU). The count covers
    /// only this round's messages (by outbox sequence, on the `(status, event_seq)` index).
    static func round(_ store: Store, community: CommunityID, events: Int, messages: Int, delivered: LatencyRecorder) async throws {
        let target = delivered.deliveredCount + messages
        let before = try await store.transaction { tx in
            let last = try Int64.fetchOne(tx.db, sql: "SELECT COALESCE(MAX(seq), 0) FROM outbox_events") ?? 0
            for index in 0..<events {
                try tx.emit(
                    community, type: "listing.revalued", subject: "listing:\(UUID().uuidString)",
                    payload: ["title": "九成新婴儿推车 \(index)", "category": "kids_items", "kind": "item", "points": "120"])
            }
            return last
        }
        let deadline = ContinuousClock.now + .seconds(60)
        guard await delivered.waitForDelivered(target, until: deadline) else {
            throw ValidationError("deliveries did not finish within 60 s")
        }
        while ContinuousClock.now < deadline {
            let done = try await store.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM webhook_messages WHERE status = 'delivered' AND event_seq > ?", arguments: [before]) ?? 0
            }
            if done >= messages { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw ValidationError("delivery results were not recorded within 60 s")
    }
}

/// Collects the worker's commit-to-delivery latencies, and counts its deliveries for
/// `PipelineBenchmarkCommand.round` to wait on.
final class LatencyRecorder: DeliveryMetrics {
    private struct State {
        var values: [Double] = []
        var delivered = 0
        var waiter: (target: Int, continuation: CheckedContinuation<Void, Never>)?
    }

    private let state = Mutex(State())

    func attemptFinished(outcome: String, latencySeconds: Double?) {
        guard let latencySeconds else { return }
        let reached = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.values.append(latencySeconds)
            state.delivered += 1
            guard let waiter = state.waiter, state.delivered >= waiter.target else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        reached?.resume()
    }


    /// Deliveries reported since the start (not reset).
    var deliveredCount: Int { state.withLock { $0.delivered } }

    /// Waits until `deliveredCount` reaches `target`; false when `deadline` passes first.
    func waitForDelivered(_ target: Int, until deadline: ContinuousClock.Instant) async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let done = self.state.withLock { state -> Bool in
                        if state.delivered >= target { return true }
                        state.waiter = (target, continuation)
                        return false
                    }
                    if done { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                    defer { state.waiter = nil }
                    return state.waiter?.continuation
                }
                waiter?.resume()
            }
            await group.next()
            group.cancelAll()
        }
        return deliveredCount >= target
    }

    var count: Int { state.withLock { $0.values.count } }
    func samples() -> [Double] { state.withLock { $0.values } }
    func reset() { state.withLock { $0.values.removeAll() } }
}
