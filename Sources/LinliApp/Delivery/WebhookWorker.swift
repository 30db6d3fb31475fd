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
/// Two loops share `DeliveryWorkerState`:
/// - the sending loop plans from the in-memory queue and starts sends whenever a slot frees or a
///   message becomes due; it never waits for the database (except to read the events of messages
///   that came from a reload);
/// - the recording loop (`WebhookWorker+Recording`) writes finished results, fans out new outbox
///   events and, when someone else changed the queue, reloads it — one transaction per pass —
///   and then applies what it committed to the in-memory queue.
///
/// Delivery is at least once: a message stays `pending` in the database until its result is
/// committed, so after a crash it is sent again with the same `webhook-id`.
public final class WebhookWorker: Service, Sendable {
    let store: Store
    let transport: any WebhookTransport
    let settings: WebhookWorkerSettings
    let logger: Logger
    let metrics: (any DeliveryMetrics)?
    let state: Mutex<DeliveryWorkerState>
    let endpointCache = EndpointCache()
    /// Wakes the sending loop: a send finished (a slot is free) or the recording loop committed
    /// something (new messages, unblocked subjects).
    let sendingActivity = ActivitySignal()
    /// Whether "another server sends" was logged (once, however long it waits).
    let waitingAnnounced = Atomic<Bool>(false)
    /// Called when the worker is torn down (its task cancelled: the shutdown grace ran out).
    let onTeardown: @Sendable () -> Void
    /// Held while this worker is the one sending from the database (`WebhookSenderLock`).
    let senderLock: WebhookSenderLock

    public init(
        store: Store, transport: any WebhookTransport, settings: WebhookWorkerSettings, logger: Logger,
        metrics: (any DeliveryMetrics)? = nil, onTeardown: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.transport = transport
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        self.onTeardown = onTeardown
        self.state = Mutex(DeliveryWorkerState(capacityPerEndpoint: settings.queueWindow))
        self.senderLock = WebhookSenderLock(databasePath: store.database.path)
    }

    public func run() async throws {
        // The transport does not observe task cancellation (each request is bounded by its own
        // timeouts). When the shutdown grace runs out the group is cancelled: requests still in
        // flight are ended then, so the stop keeps to `server.shutdown_grace_seconds` instead of
        // waiting out `webhooks.timeout_seconds` (session 32 walk). Their results, "cancelled",
        // are recorded as retries and the messages go again at the next start.
        await withTaskCancellationHandler {
            await runUntilStopped()
            // Every result is written (or, cancelled, the last write was tried): the next server
            // may send. Not on cancellation itself, while results are still being written
            // (helper 122); a crash lets go of it too.
            senderLock.release()
        } onCancel: { [transport, onTeardown] in
            onTeardown()
            transport.cancelAll()
        }
    }

    private func runUntilStopped() async {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.recordingLoop() }
                // Stops on graceful shutdown, and on cancellation (a service group being torn down).
                while !state.withLock({ $0.stopping }) && !Task.isCancelled {
                    let pause = await sendDue(group: &group)
                    await sendingActivity.wait(upTo: pause)
                }
            }
            // Every send has finished (the task group waited for them): keep results not yet written.
            // In an unstructured task, which does not inherit cancellation: when the shutdown grace
            // runs out the group is cancelled, and a cancelled write would drop results already
            // decided (a delivered message would be sent again after the restart).
            do { _ = try await Task { try await self.flush() }.value } catch {
                logger.error("could not record the last delivery results; they will be retried", metadata: ["error": .string("\(error)")])
            }
        } onGracefulShutdown: {
            self.state.withLock { state in
                state.stopping = true
                state.releaseReady()
            }
            self.sendingActivity.notify()
            self.store.database.outboxActivity.notify()
        }
    }

    /// Starts what is due now; returns how long to pause at most (sends finishing and commits wake
    /// the loop sooner).
    func sendDue(group: inout DiscardingTaskGroup) async -> Duration {
        let now = store.clock.now()
        let generation = store.database.webhookChanges.generation
        let planned = state.withLock { state in
            if state.changedElsewhere(generation: generation) {
                var wait = DeliveryWorkerState.Planned()
                wait.needsRecorder = true
                return wait
            }
            return state.plan(maxInFlight: settings.maxInFlight, lookahead: lookahead, laneWindow: settings.laneWindow, now: now)
        }
        if planned.needsRecorder { store.database.outboxActivity.notify() }
        var starts = planned.starts
        if starts.contains(where: { $0.event == nil }) { starts = await withEvents(starts) }
        for start in starts {
            group.addTask { await self.deliver(start) }
        }
        if let wake = planned.nextWakeAt {
            let seconds = max(0.001, wake.timeIntervalSince(now))
            return min(.milliseconds(Int((seconds * 1000).rounded(.up))), settings.pollInterval)
        }
        return settings.pollInterval
    }

    /// Reads the events of messages loaded without them (after a reload); messages whose event
    /// cannot be read are released unsent and retried at the next pass.
    private func withEvents(_ starts: [DeliveryWorkerState.Start]) async -> [DeliveryWorkerState.Start] {
        let missing = starts.filter { $0.event == nil }.map(\.message.messageID)
        let events: [String: PreparedEvent]
        do {
            events = try await store.read { db in try WebhookQueue.events(db, messageIDs: missing) }
        } catch {
            logger.error("could not read events to deliver", metadata: ["error": .string("\(error)")])
            events = [:]
        }
        var cancelled = false
        defer { if cancelled { store.database.outboxActivity.notify() } }
        return state.withLock { state in
            starts.compactMap { start in
                if start.event != nil { return start }
                guard let event = events[start.message.messageID] else {
                    state.release(start.message.messageID)
                    return nil
                }
                guard start.endpoint.endpoint.subscribes(to: event.event) else {
                    state.cancelUnsent(start.message.messageID, type: event.event.type)
                    cancelled = true
                    return nil
                }
                state.lanes.attach(event, messageID: start.message.messageID, endpointID: start.message.endpointID)
                return DeliveryWorkerState.Start(message: start.message, event: event, endpoint: start.endpoint, rowID: start.rowID)
            }
        }
    }

    /// Claimed messages beyond the free slots (see `DeliveryWorkerState.plan`). A pass plans
    /// when fewer than half of these are left, so each pass claims at least half of them: with
    /// twice `maxInFlight` a pass runs about once per `maxInFlight` sends under load (it was once
    /// per 16 at `maxInFlight / 2`, and each pass looks at every endpoint's window). How many are
    /// claimed per endpoint stays bounded by `laneWindow`.
    var lookahead: Int { max(2, 2 * settings.maxInFlight) }

    /// Sends `start`, then the next claimed message as long as there is one: a finished send hands
    /// its slot straight on, without waiting for the sending loop to be scheduled.
    func deliver(_ start: DeliveryWorkerState.Start) async {
        var next: DeliveryWorkerState.Start? = start
        while var current = next {
            if current.event == nil {
                // Claimed after a reload, before its event was read.
                guard let loaded = await withEvents([current]).first else { return }
                current = loaded
            }
            next = await deliverOne(current)
        }
    }

    /// Sends one message's current part and decides what happens next; the result waits in memory
    /// for the recording loop. Returns the next claimed message to send, if any.
    private func deliverOne(_ start: DeliveryWorkerState.Start) async -> DeliveryWorkerState.Start? {
        guard let prepared = start.event else {
            state.withLock { $0.release(start.message.messageID) }
            return nil
        }
        let now = store.clock.now()
        let message = start.message
        let endpoint = start.endpoint
        let decision: DeliveryDecision
        var rng = SystemRandomNumberGenerator()
        switch PreparedAttempt.prepare(
            event: prepared.event, endpoint: endpoint.endpoint, state: message.state, now: now, standardBody: prepared.standardBody)
        {
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
            latencySeconds: decision.message.status == .delivered ? store.clock.now().timeIntervalSince(prepared.event.occurredAt) : nil)
        let write = DeliveryWrite(
            messageID: WebhookMessageID(trusted: message.messageID), communityID: endpoint.communityID, decision: decision,
            rowID: start.rowID, sentTo: endpoint.endpoint.url, plannedVersion: endpoint.version)
        // Cancelled (torn down, as in a crash): finish this send but start no other.
        let cancelled = Task.isCancelled
        let tracker = store.database.webhookChanges
        let (next, wakeSender, wakeRecorder) = state.withLock { [settings, lookahead] state in
            state.finishedSend(write, at: .now, policy: settings.policy)
            // Checked as the next claim is taken: a change someone else committed meanwhile (an
            // endpoint disabled, its URL edited) releases the claims, as when the sending loop plans.
            let changed = state.changedElsewhere(generation: tracker.generation)
            let next = cancelled || changed ? nil : state.nextReady()
            // The recording loop takes every finished result at once: it is woken by the first of
            // a batch (it then lets them gather while sends are under way, see `recordBatch`), and
            // again when the batch is full or the last send has finished.
            let count = state.finished.count
            return (
                next, state.wantsPlan(lookahead: lookahead), changed || count == 1 || count == settings.recordBatch || state.sending == 0
            )
        }
        // The sending loop plans more when the claimed messages run low (or none are left).
        if wakeSender { sendingActivity.notify() }
        if wakeRecorder { store.database.outboxActivity.notify() }
        return next
    }
}

/// What the worker reports for metrics. The queue's depth is not among them: the worker holds
/// only a window of each endpoint's backlog in memory, so `WebhookQueueGauge` counts the table.
public protocol DeliveryMetrics: Sendable {
    func attemptFinished(outcome: String, latencySeconds: Double?)
}
