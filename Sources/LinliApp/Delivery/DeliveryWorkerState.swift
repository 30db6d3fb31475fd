import Foundation
import LinliDelivery
import LinliDomain
import LinliStore

/// Everything the delivery worker's two loops share, kept under one lock by `WebhookWorker`: the
/// in-memory queue, the endpoints, what is under way, and results waiting to be written.
///
/// A finished send updates the queue at once (a delivered message leaves it, a failed one waits for
/// its retry), so the next message of its subject can go without waiting for the database; the
/// result itself waits in `finished` for the recording loop. Whatever the recording loop reads back
/// (a reload, a refill) has those not-yet-committed results applied over it again, so a message
/// is never sent twice because its result was still being written.
struct DeliveryWorkerState {
    /// One send the sending loop decided to start.
    struct Start: Sendable {
        let message: QueuedMessage
        /// Nil when the message came from a reload and its event has not been read yet.
        let event: PreparedEvent?
        let endpoint: StoredEndpoint
        /// `PendingLanes.Entry.rowID`.
        let rowID: Int64?
    }

    /// What one planning pass decided.
    struct Planned {
        var starts: [Start] = []
        var nextWakeAt: Date?
        /// The recording loop must run (cancellations to write, a reload to do).
        var needsRecorder = false
    }

    var lanes: PendingLanes
    var endpoints: [String: StoredEndpoint] = [:]
    /// `endpoints`' policy parts, as the planner takes them (kept alongside, not mapped per plan).
    var policyEndpoints: [String: WebhookEndpoint] = [:]
    /// Claimed messages: being sent (until the send finishes and its decision is applied to
    /// `lanes`), or being cancelled (until committed). The planner skips them and their subject's
    /// later messages, so nothing is sent twice at once and per-subject order holds.
    var inFlight: Set<String> = []
    /// Requests under way in the transport (what `maxInFlight` limits).
    var sending = 0
    /// Claimed messages waiting for a free slot, in planning order (taken from the front by every
    /// send that finishes, hence a queue with a moving head rather than `removeFirst`).
    var ready = FIFOQueue<Start>()
    /// Sends finished since the last planning pass (see `wantsPlan`).
    var finishedSincePlan = 0
    /// Decided results not yet committed, in the order they were decided.
    var finished: [DeliveryWrite] = []
    /// When the oldest of `finished` was decided.
    var finishedSince: ContinuousClock.Instant?
    /// Messages to cancel, by message id, with why: their endpoint is gone or disabled, or no
    /// longer takes their event type.
    var cancellations: [String: WebhookQueue.Cancellation] = [:]
    var limiter = RobotRateLimiter()
    /// When each claimed message to a group robot was admitted by `limiter`, by message id: the
    /// admission moves to when the send went out (`finishedSend`), or is given back when the
    /// message is not sent after all (cancelled unsent, claim released).
    var admissions: [String: (key: String, at: Date)] = [:]
    /// Group robots' claimed messages, by message id, with their robot (its key: two endpoints
    /// may post to one group). A chat group gets one message at a time, in queue order: a
    /// message split into parts keeps the group until its last part is out (claimed between
    /// parts until each result is written, and while a later part waits for a retry the planner
    /// lets nothing else through to that robot), so no other message lands between its parts.
    var robotClaims: [String: String] = [:]
    var stopping = false
    /// Whether this worker holds the database's sender lock (`WebhookSenderLock`): until it does
    /// it plans nothing; another server sends.
    var leading = false
    /// Set when the lock was just taken: the next reload also reads what the robots were sent.
    var takingOver = false
    /// The writer connection's `PRAGMA data_version` at the last pass: another process committed
    /// when it moved.
    var dataVersion: Int?
    /// `webhook_change_counter.changes` as last read (migration 0038).
    var changeCounter: Int?
    /// A full reload is due (start-up, a change by someone else, an endpoint disabled or a secret
    /// expired).
    var reloadNeeded = true
    /// `WebhookChangeTracker.generation` as of the last full reload.
    var seenGeneration = 0
    /// Where this worker's last fan-out left the outbox cursor (nil before the first): found
    /// elsewhere, another process fanned out, and its messages are loaded by a full reload.
    var fanOutCursor: Int64?
    /// When the earliest rotated-out secret of a held endpoint stops signing.
    var endpointsValidUntil: Date?

    init(capacityPerEndpoint: Int) {
        lanes = PendingLanes(capacityPerEndpoint: capacityPerEndpoint)
    }

    /// Whether someone else has changed endpoints or messages (resend, recovery, an endpoint
    /// edited or disabled) since the last reload: `generation` is `WebhookChangeTracker`'s. The
    /// sending loop then plans nothing from memory until the recording loop has reloaded, so a
    /// retry of a message cancelled meanwhile is not sent on the old endpoint (the retry's own
    /// result being written first, as `finishedSend` ensures, is not enough when the change
    /// commits just after it).
    mutating func changedElsewhere(generation: Int) -> Bool {
        guard generation != seenGeneration else { return false }
        reloadNeeded = true
        // Claims not yet started were planned on the old state too.
        releaseReady()
        return true
    }

    /// Plans the next sends from memory and claims them: up to the free capacity to start now,
    /// and up to `lookahead` more into `ready`, for sends that finish to take over at once
    /// (`nextReady()`) instead of waiting for another planning pass. Plans only when `ready` runs
    /// low: each pass looks at every endpoint's window.
    mutating func plan(maxInFlight: Int, lookahead: Int, laneWindow: Int, now: Date) -> Planned {
        var result = Planned()
        if let until = endpointsValidUntil, until <= now {
            // A rotated-out secret just expired: reload the endpoints before signing anything else.
            reloadNeeded = true
            result.needsRecorder = true
            return result
        }
        guard !stopping, leading else { return result }
        // An endpoint was just disabled (or another change awaits a reload): planning now would
        // send more of its messages to a receiver already judged dead. `nextReady` holds back
        // what is planned until the reload too.
        guard !reloadNeeded else {
            result.needsRecorder = true
            return result
        }
        let capacity = max(0, maxInFlight - sending)
        if ready.count < capacity + lookahead / 2 {
            finishedSincePlan = 0
            let plan = DeliveryPlanner.plan(
                heads: robotHeadsToSend(lanes.heads(perEndpoint: laneWindow, inFlight: inFlight, now: now), now: now, result: &result),
                endpoints: policyEndpoints, limiter: &limiter, now: now, maxBatch: capacity + lookahead - ready.count)
            for message in plan.orphaned where cancellations[message.messageID] == nil {
                cancellations[message.messageID] = .endpointDisabled
                inFlight.insert(message.messageID)
                result.needsRecorder = true
            }
            for message in plan.ready {
                // Group robots only (a standard endpoint has no key; its URL is not parsed again).
                let key = policyEndpoints[message.endpointID].flatMap { $0.format == .standard ? nil : $0.robotKey }
                guard let endpoint = endpoints[message.endpointID],
                      let entry = lanes.entry(messageID: message.messageID, endpointID: message.endpointID)
                else {
                    if let key { limiter.release(key: key, at: now) }
                    continue
                }
                inFlight.insert(message.messageID)
                if let prepared = entry.event, !endpoint.endpoint.subscribes(to: prepared.event) {
                    // Cancelled unsent: the robot's allowance is for messages that go out.
                    if let key { limiter.release(key: key, at: now) }
                    cancellations[message.messageID] = .unsubscribed(prepared.event.type)
                    result.needsRecorder = true
                    continue
                }
                if let key {
                    admissions[message.messageID] = (key, now)
                    robotClaims[message.messageID] = key
                }
                ready.append(Start(message: message, event: entry.event, endpoint: endpoint, rowID: entry.rowID))
            }
            result.nextWakeAt = plan.nextWakeAt
        }
        result.starts = ready.popFirst(capacity)
        sending += result.starts.count
        return result
    }

    /// The heads the planner may consider, for group robots:
    /// - a message whose endpoint no longer takes its type (event known) is cancelled here,
    ///   before the planner, so it never takes the robot's allowance (twenty a minute: a backlog
    ///   cancelled through the planner held up every other message to the group for as long as
    ///   it took);
    /// - only the earliest due message of a robot with nothing claimed goes on (`robotClaims`),
    ///   so the group reads its messages one at a time, in order, a split one's parts together.
    /// Standard endpoints' heads pass as they are (their unsubscribed messages are cancelled
    /// after planning, without another look-up per head).
    private mutating func robotHeadsToSend(_ heads: [QueuedMessage], now: Date, result: inout Planned) -> [QueuedMessage] {
        var kept: [QueuedMessage] = []
        kept.reserveCapacity(heads.count)
        var busy = robotClaims.isEmpty ? [] : Set(robotClaims.values)
        var robots: [(message: QueuedMessage, robot: String)] = []
        // A message with parts already out holds its robot, due or waiting for a retry. It is
        // looked for in the whole lane, not among the heads: behind a burst of due retries it may
        // be outside the window, and another message would then have landed between its parts
        // (session 27 review). Outside the window, it is considered here all the same.
        var partial: [String: QueuedMessage] = [:]
        var scanned: Set<String> = []
        for message in heads where scanned.insert(message.endpointID).inserted {
            guard let endpoint = endpoints[message.endpointID], endpoint.endpoint.format != .standard,
                  let held = lanes.firstPartial(endpointID: message.endpointID)
            else { continue }
            let robot = endpoint.endpoint.robotKey ?? message.endpointID
            if let other = partial[robot], other.sequence <= held.sequence { continue }
            partial[robot] = held
        }
        let headIDs = partial.isEmpty ? [] : Set(heads.map(\.messageID))
        for (robot, held) in partial.sorted(by: { $0.value.sequence < $1.value.sequence })
        where !headIDs.contains(held.messageID) && !inFlight.contains(held.messageID) {
            robots.append((held, robot))
        }
        for message in heads {
            guard let endpoint = endpoints[message.endpointID], endpoint.endpoint.format != .standard else {
                kept.append(message)
                continue
            }
            if let prepared = lanes.entry(messageID: message.messageID, endpointID: message.endpointID)?.event,
               !endpoint.endpoint.subscribes(to: prepared.event)
            {
                inFlight.insert(message.messageID)
                cancellations[message.messageID] = .unsubscribed(prepared.event.type)
                result.needsRecorder = true
                continue
            }
            let robot = endpoint.endpoint.robotKey ?? message.endpointID
            robots.append((message, robot))
        }
        for (message, robot) in robots {
            if let holder = partial[robot], holder.messageID != message.messageID { continue }
            // Not yet due: the planner only notes when to wake for it.
            guard message.state.isDue(at: now) else {
                kept.append(message)
                continue
            }
            if busy.insert(robot).inserted { kept.append(message) }
        }
        return kept
    }

    /// A message no longer claimed: sent and done, cancelled, given up, or its result written.
    private mutating func unclaim(_ messageID: String) {
        inFlight.remove(messageID)
        if !robotClaims.isEmpty { robotClaims.removeValue(forKey: messageID) }
    }

    /// Whether a send that just finished should wake the sending loop to plan: when nothing is
    /// claimed any more (a slot would go unused), or when the claims run low and a few sends have
    /// finished since the last pass. Waking it on every finished send while claims are low, as
    /// before, re-planned the whole window after each send whenever the queue held fewer
    /// claimable messages than the lookahead (a round's first and last hundreds of messages).
    func wantsPlan(lookahead: Int) -> Bool {
        ready.isEmpty || (ready.count < lookahead / 2 && finishedSincePlan >= max(1, lookahead / 8))
    }

    /// The next claimed message, for a send that just finished to go on with (its slot stays taken).
    mutating func nextReady() -> Start? {
        // A reload due (a change made elsewhere, an endpoint disabled) may cancel what is claimed.
        guard !stopping, leading, !reloadNeeded, let next = ready.popFirst() else { return nil }
        sending += 1
        return next
    }

    /// Gives up every claim not yet started (shutdown, or a reload that may have changed them).
    mutating func releaseReady() { releaseReady { _ in true } }

    /// Gives up the claims not yet started that `matches` picks.
    private mutating func releaseReady(where matches: (Start) -> Bool) {
        for start in ready.all where matches(start) {
            unclaim(start.message.messageID)
            giveBackAdmission(start.message.messageID)
        }
        ready.retain { !matches($0) }
    }

    /// A started message that could not be sent after all (its event is gone): released unsent.
    mutating func release(_ messageID: String) {
        unclaim(messageID)
        giveBackAdmission(messageID)
        sending -= 1
    }

    /// The robot's allowance the planner took for a message that is not sent after all.
    private mutating func giveBackAdmission(_ messageID: String) {
        if let admission = admissions.removeValue(forKey: messageID) { limiter.release(key: admission.key, at: admission.at) }
    }

    /// A started message whose event, read only now, is of a type its endpoint no longer takes
    /// (its filter or chat texts changed after the message was queued): cancelled unsent, since a
    /// group's text would be the generic fallback, which names the member. It stays claimed until
    /// the cancellation is written.
    mutating func cancelUnsent(_ messageID: String, type: String) {
        sending -= 1
        giveBackAdmission(messageID)
        cancellations[messageID] = .unsubscribed(type)
    }

    /// A send finished: its decision applies to the queue now, and is written later.
    ///
    /// A message left pending (a retry) stays claimed until this result is committed
    /// (`recorded`): the recording pass that writes it also notices a change someone made
    /// meanwhile and reloads, so a message cancelled while it was being sent (its endpoint
    /// disabled, or no longer taking its type) is not sent again from memory, however late the
    /// recording loop runs on a busy machine.
    ///
    /// The decision was taken on the endpoint's health when the message was planned; `policy`
    /// takes its endpoint part again on the health the results applied since then left
    /// (`DeliveryPolicy.rebased`), so results apply to the endpoint one after another, in memory
    /// and, in the same order, in the store.
    mutating func finishedSend(_ write: DeliveryWrite, at now: ContinuousClock.Instant, policy: DeliveryPolicy) {
        var write = write
        if let endpoint = endpoints[write.decision.attempt.endpointID] {
            write.decision = policy.rebased(write.decision, onto: endpoint.health)
            write.endpointVersion = endpoint.version
        }
        if let admission = admissions.removeValue(forKey: write.messageID.rawValue) {
            let attempt = write.decision.attempt
            if attempt.statusCode == nil, attempt.duration == .zero {
                // Nothing went out (the text could not be rendered): the allowance is given back.
                limiter.release(key: admission.key, at: admission.at)
            } else {
                // Counted when the answer came: never earlier than the robot received it.
                limiter.restamp(key: admission.key, from: admission.at, to: max(admission.at, write.decision.decidedAt))
            }
            if case .retry(let notBefore?, let reason) = write.decision.outcome,
               let format = policyEndpoints[write.decision.attempt.endpointID]?.format,
               ResponseClassifier.isRobotRateLimit(reason, format: format)
            {
                // The platform says the robot is over its limit: none of its messages goes before
                // this one may (helper 119: each was sent into the block and refused).
                limiter.block(key: admission.key, until: write.decision.decidedAt.addingTimeInterval(notBefore))
            }
        }
        holdPause(of: write)
        sending -= 1
        finishedSincePlan += 1
        if write.decision.message.status != .pending { unclaim(write.messageID.rawValue) }
        if finished.isEmpty { finishedSince = now }
        finished.append(write)
        apply(write)
        // Disabling cancels the endpoint's other messages when this result is written; the
        // reload after that write picks the change up.
        if write.decision.disableEndpoint != nil { reloadNeeded = true }
    }

    /// A result's message state, and its health unless an edit since made that stale (a reload
    /// after `enabled: true` read the failing streak cleared; reapplying the old one undid it,
    /// helper 171 #4; `DeliveryWrite.isStale`).
    private mutating func apply(_ write: DeliveryWrite) {
        let decision = write.decision
        lanes.update(messageID: write.messageID.rawValue, endpointID: decision.attempt.endpointID, state: decision.message)
        if let endpoint = endpoints[decision.attempt.endpointID],
           !write.isStale(
               version: endpoint.version, failingSince: endpoint.health.failingSince, updatedAt: endpoint.updatedAt,
               url: endpoint.endpoint.url)
        {
            endpoints[decision.attempt.endpointID] = endpoint.with(health: decision.health)
        }
    }

    /// Whether the results gathered so far are to be written now (see
    /// `WebhookWorkerSettings.recordBatch`): when nothing else is under way, when there are
    /// `batch` of them, when the oldest has waited `delay`, when stopping or when a reload waits
    /// on them (an endpoint was disabled).
    func resultsDue(batch: Int, delay: Duration, now: ContinuousClock.Instant) -> Bool {
        guard !finished.isEmpty else { return false }
        return stopping || reloadNeeded || sending == 0 || finished.count >= batch
            || finishedSince.map { now - $0 >= delay } ?? true
    }

    /// Takes the results to write, if they are due (`resultsDue`).
    mutating func takeResults(batch: Int, delay: Duration, now: ContinuousClock.Instant) -> [DeliveryWrite] {
        resultsDue(batch: batch, delay: delay, now: now) ? takeAllResults() : []
    }

    /// Takes every result not yet written (shutdown).
    mutating func takeAllResults() -> [DeliveryWrite] {
        defer {
            finished.removeAll(keepingCapacity: true)
            finishedSince = nil
        }
        return finished
    }

    /// Results that could not be written go back to the front, to be written first next time.
    mutating func restore(_ writes: [DeliveryWrite], at now: ContinuousClock.Instant) {
        guard !writes.isEmpty else { return }
        finished.insert(contentsOf: writes, at: 0)
        finishedSince = min(finishedSince ?? now, now)
    }

    /// Re-applies the results not yet committed over what was just read back from the database,
    /// their receivers' pauses included: a reload after an edit ends a pause the store no longer
    /// has, and one only this worker knows of yet must not end with it (helper 165 #1).
    mutating func reapplyUncommitted() {
        for write in finished {
            apply(write)
            holdPause(of: write)
        }
    }

    /// The pause a `standard` receiver asked for in `write` (`ResponseClassifier.pausesEndpoint`):
    /// none of its messages goes before the refused one may. Not when the endpoint sends
    /// elsewhere now: a late refusal from the old address does not pause the new one (helpers 165
    /// #3, 166 #1; the store applies the same rule when it keeps the pause). Other edits keep it.
    private mutating func holdPause(of write: DeliveryWrite) {
        let attempt = write.decision.attempt
        guard let endpoint = endpoints[attempt.endpointID], endpoint.endpoint.format == .standard,
              write.sentTo.map({ $0 == endpoint.endpoint.url }) ?? true,
              let pause = ResponseClassifier.pausesEndpoint(write.decision.outcome)
        else { return }
        limiter.block(key: DeliveryPlanner.pauseKey(attempt.endpointID), until: write.decision.decidedAt.addingTimeInterval(pause))
        // What is claimed for it already waits too (helper 171 #1: up to a lane window of claimed
        // messages went on into the pause, each refused and a retry of each spent); the planner
        // takes them again once the pause is over.
        releaseReady { $0.message.endpointID == attempt.endpointID }
    }

    /// Results that are now committed: their retries may be planned (see `finishedSend`).
    mutating func recorded(_ writes: [DeliveryWrite]) {
        for write in writes { unclaim(write.messageID.rawValue) }
    }

    /// Cancellations that are now committed.
    mutating func committed(cancelled: [String: WebhookQueue.Cancellation]) {
        for messageID in cancelled.keys { unclaim(messageID) }
        lanes.remove(messageIDs: Set(cancelled.keys))
    }

    /// Messages a committed fan-out created.
    mutating func fannedOut(_ result: FanOutResult) {
        if let after = result.cursorAfter { fanOutCursor = after }
        for (id, endpoint) in result.endpoints where endpoints[id] == nil { hold(endpoint) }
        let now = Date()
        for entry in result.entries { lanes.append(entry, now: now, inFlight: inFlight) }
    }

    /// A full reload: the queue and its endpoints as committed. Events already in memory (or just
    /// fanned out) are kept.
    mutating func reloaded(_ entries: [PendingLanes.Entry], endpoints loaded: [String: StoredEndpoint], fanned: FanOutResult, generation: Int) {
        let fresh = Dictionary(fanned.entries.map { ($0.message.messageID, $0.event) }, uniquingKeysWith: { first, _ in first })
        lanes.replace(with: entries.map { entry in
            var entry = entry
            if entry.event == nil, let event = fresh[entry.message.messageID] { entry.event = event }
            return entry
        })
        releaseReady()
        let previous = endpoints
        endpoints = [:]
        policyEndpoints = [:]
        endpointsValidUntil = nil
        for endpoint in loaded.values {
            // An edit that cleared the stored pause (a new address, or re-enabled: "the receiver is
            // mended") ends the one held here too (helper 164 #2); other edits keep the stored one.
            if let before = previous[endpoint.id.rawValue], before.version != endpoint.version, endpoint.pausedUntil == nil,
               endpoint.endpoint.format == .standard
            {
                limiter.unblock(key: DeliveryPlanner.pauseKey(endpoint.id.rawValue))
            }
            hold(endpoint)
        }
        reloadNeeded = false
        seenGeneration = generation
    }

    /// What the group robots were sent before this worker took over (by the server before it, or
    /// by this one before a restart), read back from the attempt log after a reload: sends of the
    /// last minute count against their robot's allowance (helper 119: a restart forgot them, and
    /// the robot, sent its held messages at once, was blocked). A block the platform imposed is
    /// read with the endpoints (`hold`, `paused_until`): the attempt log gives only the
    /// platform's minimum, not a longer `Retry-After`, and credits the robot an endpoint sends to
    /// now, not the one that answered (helper 183). `endpoints` must be loaded.
    mutating func rememberRobotSends(_ attempts: [WebhookQueue.RecentAttempt], now: Date) {
        let windowStart = now.addingTimeInterval(-60)
        for attempt in attempts {
            guard let endpoint = policyEndpoints[attempt.endpointID], endpoint.format.isChat, let key = endpoint.robotKey else { continue }
            // Counted as at run time: when the answer came, and every send that went out (only one
            // with no status and no time, never sent, is not; helper 122).
            let answered = attempt.startedAt.addingTimeInterval(attempt.duration)
            if attempt.statusCode != nil || attempt.duration > 0, answered > windowStart { limiter.recordPast(key: key, at: answered) }
        }
    }

    /// Holds an endpoint as read, with the pause its receiver asked for, as stored (migration 0049:
    /// a consumer's pause outlives a restart, and one told to another process holds here too). A
    /// chat endpoint's is its robot's block (`RobotPauses`: kept on every endpoint of the robot),
    /// held against the robot key as at run time, with the full delay the platform asked.
    private mutating func hold(_ endpoint: StoredEndpoint) {
        endpoints[endpoint.id.rawValue] = endpoint
        policyEndpoints[endpoint.id.rawValue] = endpoint.endpoint
        if let until = endpoint.pausedUntil {
            if endpoint.endpoint.format == .standard {
                limiter.block(key: DeliveryPlanner.pauseKey(endpoint.id.rawValue), until: until)
            } else if let key = endpoint.endpoint.robotKey {
                limiter.block(key: key, until: until)
            }
        }
        if let until = endpoint.validUntil { endpointsValidUntil = min(endpointsValidUntil ?? until, until) }
    }
}
