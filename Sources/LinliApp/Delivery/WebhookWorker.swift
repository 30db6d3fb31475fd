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
    private let endpointCache = EndpointCache()

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

    /// One pass: record results and fan out (one write), plan and load what starts (one read),
    /// start sends. Returns how long to pause.
    func round(group: inout DiscardingTaskGroup) async throws -> Duration {
        let writes = takeFinished()
        let fanned: Int
        do {
            fanned = try await store.transaction { [settings] tx in
                if !writes.isEmpty { try WebhookQueue.record(tx, writes) }
                return try WebhookQueue.fanOut(tx, batch: settings.fanOutBatch)
            }
        } catch {
            putBack(writes)
            throw error
        }
        markRecorded(writes)
        let now = store.clock.now()
        let (round, endpoints) = try await store.read { [settings] db in
            let (queue, oldest, endpoints) = try WebhookQueue.loadQueue(
                db, perEndpoint: settings.laneWindow, limit: settings.queueWindow, now: now, endpointCache: self.endpointCache)
            let plan = self.state.withLock { state -> DeliveryPlan in
                let capacity = max(0, settings.maxInFlight - state.inFlight.count)
                let plan = DeliveryPlanner.plan(
                    queue: queue, endpoints: endpoints.mapValues(\.endpoint), inFlight: state.inFlight,
                    limiter: &state.limiter, now: now, maxBatch: capacity)
                // Claimed before the read ends, so no later round can start them again.
                for message in plan.ready { state.inFlight.insert(message.messageID) }
                return plan
            }
            let events = try WebhookQueue.events(db, messageIDs: plan.ready.map(\.messageID))
            return (PlannedRound(plan: plan, events: events, pending: queue.count, oldestEventAt: oldest), endpoints)
        }
        let plan = round.plan
        if !plan.orphaned.isEmpty {
            try await store.transaction { tx in
                try WebhookQueue.cancel(tx, messageIDs: plan.orphaned.map(\.messageID), reason: "endpoint disabled or deleted")
            }
        }
        for message in plan.ready {
            guard let event = round.events[message.messageID], let endpoint = endpoints[message.endpointID] else {
                state.withLock { _ = $0.inFlight.remove(message.messageID) }
                continue
            }
            group.addTask { await self.deliver(PendingDelivery(queued: message, event: event), endpoint: endpoint) }
        }
        metrics?.queueObserved(pending: round.pending, oldestPendingSeconds: round.oldestEventAt.map { now.timeIntervalSince($0) } ?? 0)
        if !writes.isEmpty || fanned > 0 || !plan.ready.isEmpty { return .milliseconds(2) }
        if let wake = plan.nextWakeAt {
            let seconds = max(0.002, min(wake.timeIntervalSince(now), Double(settings.pollInterval.components.seconds) + 0.1))
            return min(.milliseconds(Int(seconds * 1000)), settings.pollInterval)
        }
        return settings.pollInterval
    }

    /// What one round decided to start, with the events to render.
    struct PlannedRound: Sendable {
        let plan: DeliveryPlan
        let events: [String: OutboundEvent]
        let pending: Int
        let oldestEventAt: Date?
    }

    private func takeFinished() -> [DeliveryWrite] {
        state.withLock { state in
            defer { state.finished.removeAll(keepingCapacity: true) }
            return state.finished
        }
    }

    /// Results that could not be written go back, to be retried next round (the messages stay
    /// pending, and in flight, meanwhile).
    private func putBack(_ writes: [DeliveryWrite]) {
        guard !writes.isEmpty else { return }
        state.withLock { $0.finished.insert(contentsOf: writes, at: 0) }
    }

    private func markRecorded(_ writes: [DeliveryWrite]) {
        guard !writes.isEmpty else { return }
        state.withLock { state in
            for write in writes { state.inFlight.remove(write.messageID.rawValue) }
        }
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
        let writes = takeFinished()
        guard !writes.isEmpty else { return 0 }
        do {
            try await store.transaction { tx in try WebhookQueue.record(tx, writes) }
        } catch {
            putBack(writes)
            throw error
        }
        markRecorded(writes)
        return writes.count
    }
}

/// What the worker reports for metrics.
public protocol DeliveryMetrics: Sendable {
    func attemptFinished(outcome: String, latencySeconds: Double?)
    func queueObserved(pending: Int, oldestPendingSeconds: Double)
}
