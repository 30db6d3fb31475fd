import Foundation
import LinliDelivery
import LinliStore

/// The recording loop: one write transaction per pass records the finished results, writes
/// cancellations, fans out new outbox events and, when needed, reloads or refills the queue; what
/// it committed is then applied to the in-memory queue. Sends never wait for it.
extension WebhookWorker {
    /// What one recording transaction produced, to apply once it has committed.
    struct Recorded: Sendable {
        var fanned: FanOutResult
        var reload: (entries: [PendingLanes.Entry], endpoints: [String: StoredEndpoint])?
        var refills: [(endpointID: String, entries: [PendingLanes.Entry], complete: Bool)] = []
        var generation: Int
        /// Read with the reload after taking over (`DeliveryWorkerState.rememberRobotSends`).
        var recentAttempts: [WebhookQueue.RecentAttempt] = []
        /// `PRAGMA data_version` in this pass (see `recordPass`).
        var dataVersion: Int?
        /// `webhook_change_counter.changes` as last read.
        var changeCounter: Int?
        /// The endpoints the written results disabled (`WebhookQueue.record`), for the log.
        var disabled: Set<String> = []
    }

    /// Runs until shutdown, once every send has finished and its result is written (or at once on
    /// cancellation: results still in memory are then lost, as in a crash, and re-sent later).
    func recordingLoop() async {
        while !Task.isCancelled {
            var again = false
            do {
                again = try await recordPass()
            } catch {
                logger.error("delivery recording failed", metadata: ["error": .string("\(error)")])
            }
            let done = state.withLock { $0.stopping && $0.sending == 0 && $0.finished.isEmpty && $0.cancellations.isEmpty }
            if done { return }
            // Results gathering for a bigger batch are written at the latest after `recordDelay`.
            let pause = state.withLock { $0.finished.isEmpty } ? settings.pollInterval : settings.recordDelay
            if !again { await store.database.outboxActivity.wait(upTo: pause) }
        }
    }

    /// Whether this worker may send: it holds the sender lock, taking it now if it is free (the
    /// server that held it stopped). A worker taking over reloads the queue and what the robots
    /// were sent lately. Until then it does nothing: the other server fans out and sends.
    func holdsSenderLock() -> Bool {
        if state.withLock({ $0.leading }) {
            guard senderLock.wasReplaced() else { return true }
            // Someone removed or replaced the lock file: lock the one at the path now, so that a
            // second server cannot (it would otherwise send too).
            logger.warning("the webhook sender lock file was removed or replaced; locking it again", metadata: ["lock": .string(senderLock.path ?? "")])
            senderLock.release()
            state.withLock { $0.leading = false }
        }
        switch senderLock.tryHold() {
        case .held:
            break
        case .heldElsewhere:
            if waitingAnnounced.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
                logger.info(
                    "another server sends this database's webhooks; this one will once that one stops",
                    metadata: ["lock": .string(senderLock.path ?? "")])
            }
            return false
        case .unavailable(let reason):
            logger.error(
                "cannot take the webhook sender lock; sending without it (two servers sharing this database may then both send)",
                metadata: ["lock": .string(senderLock.path ?? ""), "reason": .string(reason)])
        }
        state.withLock { state in
            state.leading = true
            state.reloadNeeded = true
            state.takingOver = true
        }
        if waitingAnnounced.load(ordering: .relaxed) { logger.info("the other server stopped: this one sends webhooks now") }
        return true
    }

    /// One transaction; returns true when more work is known to be waiting (fan-out stopped at its
    /// limit, or a reload is due).
    func recordPass() async throws -> Bool {
        guard holdsSenderLock() else { return false }
        let (writes, cancellations, reload, refills, seen, stopping, knownCursor, takingOver, knownDataVersion, knownChangeCounter) = state.withLock { [settings] state in
            defer { state.cancellations.removeAll(keepingCapacity: true) }
            let writes = state.takeResults(batch: settings.recordBatch, delay: settings.recordDelay, now: .now)
            return (
                writes, state.cancellations, state.reloadNeeded, state.lanes.lanesToRefill(now: .now, inFlight: state.inFlight), state.seenGeneration, state.stopping,
                state.fanOutCursor, state.takingOver, state.dataVersion, state.changeCounter
            )
        }
        let tracker = store.database.webhookChanges
        let recorded: Recorded
        do {
            recorded = try await store.soloTransaction { [settings, endpointCache] tx in
                tracker.claimCurrentTransaction()
                let disabled = writes.isEmpty ? [] : try WebhookQueue.record(tx, writes)
                if !cancellations.isEmpty {
                    try WebhookQueue.cancel(tx, cancellations)
                }
                // A worker shutting down sends nothing more: the events it would fan out now are
                // left to the next server, which fans them out itself (written here, they would
                // be pending rows that server had no reason to read).
                let fanned = stopping ? FanOutResult() : try WebhookQueue.fanOut(
                    tx, batch: settings.fanOutBatch, maxMessages: settings.fanOutMessages, endpointCache: endpointCache)
                // Another process fanned out since this worker last did: its messages are only in
                // the database.
                let fannedElsewhere = knownCursor != nil && fanned.cursorBefore != nil && fanned.cursorBefore != knownCursor
                // Read inside the transaction: every commit by someone else before it is counted.
                let generation = tracker.generation
                var recorded = Recorded(fanned: fanned, generation: generation)
                recorded.disabled = disabled
                // Changed by another process since the last pass (its API resent or recovered a
                // message, edited an endpoint): the writer's `data_version` moves only for commits
                // made through other connections, and this process writes through this one alone.
                // No commit hook fires across processes.
                recorded.dataVersion = try Int.fetchOne(tx.db, sql: "PRAGMA data_version")
                // Any commit moves it; what the sender holds changed only when the webhook change
                // counter (migration 0038: endpoints edited, messages put back to pending) moved too.
                recorded.changeCounter = knownChangeCounter
                if knownChangeCounter == nil || recorded.dataVersion != knownDataVersion {
                    recorded.changeCounter = try Int.fetchOne(tx.db, sql: "SELECT changes FROM webhook_change_counter WHERE id = 1")
                }
                let changedByAnotherProcess = knownDataVersion != nil && recorded.dataVersion != knownDataVersion
                    && recorded.changeCounter != knownChangeCounter
                if reload || generation != seen || fannedElsewhere || changedByAnotherProcess {
                    recorded.reload = try WebhookQueue.loadPending(
                        tx.db, perEndpoint: settings.queueWindow, now: tx.now, endpointCache: endpointCache)
                    if takingOver {
                        // The longest window a platform counts a robot's sends in (a minute,
                        // `PlatformLimits`); its blocks are read with the endpoints.
                        recorded.recentAttempts = try WebhookQueue.recentAttempts(tx.db, since: tx.now.addingTimeInterval(-60))
                    }
                } else {
                    for lane in refills {
                        let entries = try WebhookQueue.loadLane(
                            tx.db, endpointID: lane.endpointID, afterSequence: lane.afterSequence, limit: settings.queueWindow)
                        recorded.refills.append((lane.endpointID, entries, entries.count < settings.queueWindow))
                    }
                }
                return recorded
            }
        } catch {
            // Not written: back to the front, to be retried next pass (the messages stay claimed).
            state.withLock { state in
                state.restore(writes, at: .now)
                state.cancellations.merge(cancellations) { first, _ in first }
            }
            throw error
        }
        logGivenUp(writes, disabled: recorded.disabled)
        state.withLock { state in
            state.dataVersion = recorded.dataVersion
            state.changeCounter = recorded.changeCounter
            state.recorded(writes)
            state.committed(cancelled: cancellations)
            state.fannedOut(recorded.fanned)
            if let reload = recorded.reload {
                state.reloaded(reload.entries, endpoints: reload.endpoints, fanned: recorded.fanned, generation: recorded.generation)
                if state.takingOver {
                    state.rememberRobotSends(recorded.recentAttempts, now: store.clock.now())
                    state.takingOver = false
                }
            }
            for refill in recorded.refills {
                state.lanes.refill(
                    endpointID: refill.endpointID, with: refill.entries, complete: refill.complete, now: .now, inFlight: state.inFlight)
            }
            if recorded.reload != nil || !recorded.refills.isEmpty { state.reapplyUncommitted() }
        }
        if !writes.isEmpty || !cancellations.isEmpty || !recorded.fanned.entries.isEmpty || recorded.reload != nil || !recorded.refills.isEmpty {
            sendingActivity.notify()
        }
        return recorded.fanned.consumed >= settings.fanOutBatch || recorded.fanned.entries.count >= settings.fanOutMessages
            || state.withLock { $0.reloadNeeded }
    }

    /// Writes the results gathered so far in one transaction; returns how many.
    @discardableResult
    func flush() async throws -> Int {
        let writes = state.withLock { $0.takeAllResults() }
        guard !writes.isEmpty else { return 0 }
        let tracker = store.database.webhookChanges
        let disabled: Set<String>
        do {
            disabled = try await store.soloTransaction { tx in
                tracker.claimCurrentTransaction()
                return try WebhookQueue.record(tx, writes)
            }
        } catch {
            state.withLock { $0.restore(writes, at: .now) }
            throw error
        }
        state.withLock { $0.recorded(writes) }
        logGivenUp(writes, disabled: disabled)
        return writes.count
    }

    /// Says in the service log what the inboxes and `endpoint.failing` say (helper 145: an
    /// operator reading the log saw nothing when a message was given up or an endpoint disabled),
    /// once recorded: one warning per endpoint per batch, however many of its messages were given
    /// up together (an endpoint that is down gives up every queued message in turn; helper 146
    /// #7), with how many and the last reason. "Disabled" only for the endpoints the batch did
    /// disable (`disabled`): a result that wanted to but found it disabled already, or was stale
    /// (`DeliveryWrite.isStale`), changed nothing, and the log said otherwise (helper 175).
    func logGivenUp(_ writes: [DeliveryWrite], disabled: Set<String>) {
        var given: [String: (count: Int, reason: String)] = [:]
        for write in writes {
            let decision = write.decision
            let endpoint = decision.attempt.endpointID
            let failed = decision.message.status == .failed ? decision.message.lastFailure : nil
            let disabling = disabled.contains(endpoint) ? decision.disableEndpoint : nil
            guard disabling != nil || failed != nil else { continue }
            var entry = given[endpoint] ?? (0, "")
            if failed != nil { entry.count += 1 }
            entry.reason = (disabling ?? failed)?.description ?? entry.reason
            given[endpoint] = entry
        }
        for (endpoint, entry) in given.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                disabled.contains(endpoint) ? "webhook endpoint disabled" : "webhook messages given up",
                metadata: [
                    "endpoint": .string(endpoint), "messages_given_up": .stringConvertible(entry.count), "reason": .string(entry.reason),
                ])
        }
    }
}

