import Foundation
import LinliDelivery
import LinliDomain
import LinliStore
import Logging
import ServiceLifecycle
import Synchronization

/// The delivery worker: fans outbox events out to subscribed endpoints, sends due messages through
/// the transport (many in flight at once, so one slow endpoint never holds up the others), and
/// writes every result back in batches. Decisions are the pure `DeliveryPolicy`'s; this type only
/// moves data between the store, the planner and the transport.
///
/// Delivery is at least once: a message stays `pending` until its result is committed, so after
/// a crash it is sent again with the same `webhook-id`.
public final class WebhookWorker: Service, Sendable {
    private struct State {
        var inFlight: Set<String> = []
        var finished: [DeliveryWrite] = []
        var limiter = RobotRateLimiter()
        var stopping = false
    }

    let store: Store
    let transport: any WebhookTransport
    let settings: WebhookWorkerSettings
    let logger: Logger
    let metrics: (any DeliveryMetrics)?
    private let state = Mutex(State())

    public init(
        store: Store, transport: any WebhookTransport, settings: WebhookWorkerSettings, logger: Logger,
        metrics: (any DeliveryMetrics)? = nil
    ) {
        self.store = store
        self.transport = transport
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                // Stops on graceful shutdown, and on cancellation (a service group being torn down).
                while !state.withLock({ $0.stopping }) && !Task.isCancelled {
                    var pause = settings.pollInterval
                    do {
                        pause = try await round(group: &group)
                    } catch {
                        logger.error("delivery round failed", metadata: ["error": .string("\(error)")])
                    }
                    // New outbox events and finished sends cut the pause short.
                    await store.database.outboxActivity.wait(upTo: pause)
                }
            }
            // Every in-flight send has finished (the task group waited for them): keep their results.
            do { try await flush() } catch {
                logger.error("could not record the last delivery results; they will be retried", metadata: ["error": .string("\(error)")])
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.store.database.outboxActivity.notify()
        }
    }

    /// One pass: record results, fan out, plan, start sends. Returns how long to pause.
    func round(group: inout DiscardingTaskGroup) async throws -> Duration {
        let recorded = try await flush()
        let fanned = try await store.transaction { [settings] tx in try WebhookQueue.fanOut(tx, batch: settings.fanOutBatch) }
        let now = store.clock.now()
        let (pending, endpoints) = try await store.read { [settings] db in
            try WebhookQueue.loadPending(db, limit: settings.queueWindow, now: now)
        }
        let plan = state.withLock { state -> DeliveryPlan in
            let capacity = max(0, settings.maxInFlight - state.inFlight.count)
            return DeliveryPlanner.plan(
                queue: pending.map(\.queued), endpoints: endpoints.mapValues(\.endpoint), inFlight: state.inFlight,
                limiter: &state.limiter, now: now, maxBatch: capacity)
        }
        if !plan.orphaned.isEmpty {
            try await store.transaction { tx in
                try WebhookQueue.cancel(tx, messageIDs: plan.orphaned.map(\.messageID), reason: "endpoint disabled or deleted")
            }
        }
        let events = Dictionary(pending.map { ($0.queued.messageID, $0) }, uniquingKeysWith: { first, _ in first })
        for message in plan.ready {
            guard let delivery = events[message.messageID], let endpoint = endpoints[message.endpointID] else { continue }
            state.withLock { _ = $0.inFlight.insert(message.messageID) }
            group.addTask { await self.deliver(delivery, endpoint: endpoint) }
        }
        metrics?.queueObserved(pending: pending.count, oldestPendingSeconds: pending.first.map { now.timeIntervalSince($0.event.occurredAt) } ?? 0)
        if recorded > 0 || fanned > 0 || !plan.ready.isEmpty { return .milliseconds(2) }
        if let wake = plan.nextWakeAt {
            let seconds = max(0.002, min(wake.timeIntervalSince(now), Double(settings.pollInterval.components.seconds) + 0.1))
            return min(.milliseconds(Int(seconds * 1000)), settings.pollInterval)
        }
        return settings.pollInterval
    }

    /// Sends one message's current part and decides what happens next.
    func deliver(_ delivery: PendingDelivery, endpoint: StoredEndpoint) async {
        let now = store.clock.now()
        let message = delivery.queued
        let decision: DeliveryDecision
        var rng = SystemRandomNumberGenerator()
        switch PreparedAttempt.prepare(event: delivery.event, endpoint: endpoint.endpoint, state: message.state, now: now) {
        case .unrenderable(let reason):
            decision = settings.policy.decideRenderFailure(
                messageID: message.messageID, message: message.state, endpoint: endpoint.endpoint, health: endpoint.health,
                reason: reason, now: now)
        case .send(let request, let part, let partCount):
            let result = await transport.send(request)
            decision = settings.policy.decide(
                messageID: message.messageID, message: message.state, endpoint: endpoint.endpoint, health: endpoint.health,
                part: part, partCount: partCount, result: result, startedAt: now, now: store.clock.now(), using: &rng)
        }
        metrics?.attemptFinished(
            outcome: decision.attempt.outcome,
            latencySeconds: decision.message.status == .delivered ? store.clock.now().timeIntervalSince(delivery.event.occurredAt) : nil)
        let write = DeliveryWrite(
            messageID: WebhookMessageID(trusted: message.messageID), communityID: endpoint.communityID, decision: decision)
        // Stays "in flight" until its result is committed, so the next round cannot send it again.
        state.withLock { $0.finished.append(write) }
        store.database.outboxActivity.notify()
    }

    /// Writes the results gathered so far in one transaction; returns how many.
    @discardableResult
    func flush() async throws -> Int {
        let writes = state.withLock { state -> [DeliveryWrite] in
            defer { state.finished.removeAll(keepingCapacity: true) }
            return state.finished
        }
        guard !writes.isEmpty else { return 0 }
        do {
            try await store.transaction { tx in try WebhookQueue.record(tx, writes) }
            state.withLock { state in
                for write in writes { state.inFlight.remove(write.messageID.rawValue) }
            }
        } catch {
            // Put them back so the next round retries the write (the messages stay pending meanwhile).
            state.withLock { $0.finished.insert(contentsOf: writes, at: 0) }
            throw error
        }
        return writes.count
    }
}

/// What the worker reports for metrics.
public protocol DeliveryMetrics: Sendable {
    func attemptFinished(outcome: String, latencySeconds: Double?)
    func queueObserved(pending: Int, oldestPendingSeconds: Double)
}
