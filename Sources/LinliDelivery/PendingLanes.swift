import Foundation

/// The delivery worker's in-memory copy of the pending queue: per endpoint, its earliest pending
/// messages in outbox order (a "lane").
///
/// Why in memory: reloading the queue from the database every round cost more than everything
/// else a round does, and the worker itself makes almost every change to it (fan-out adds
/// messages, recorded results remove or reschedule them). Changes made by others (resend,
/// recovery, endpoint edits) make the worker reload, so this stays an exact copy of the
/// database's earliest pending messages per endpoint, ahead of it only by results decided and not
/// yet committed (the worker re-applies those over anything it reads back, so a message already
/// delivered is never sent again because its result was still being written).
///
/// Each lane holds at most `capacityPerEndpoint` messages, always a prefix of the endpoint's
/// pending messages in sequence order, so per-subject order can be decided from memory. A lane
/// that had to drop later messages is `truncated`; once it drains to half, the worker refills it
/// from the database (`lanesToRefill`).
///
/// Messages waiting for a retry take no place when the caller says what time it is (as in the
/// window, below), up to `hardCapacity` in all. Why: after a long outage the first thousand
/// messages all waited hours for their next try, the lane was full of them, and every message
/// fanned out after the endpoint recovered stayed in the database until half of them had been
/// tried again: hours in which nothing new reached a receiver that was answering again.
public struct PendingLanes: Sendable {
    /// One pending message, its event's time (for the oldest-pending metric) and, once loaded, its
    /// event (messages loaded from the database get it when first planned).
    public struct Entry: Sendable {
        public var message: QueuedMessage
        public var occurredAt: Date
        public var event: PreparedEvent?
        /// The store's key for the message's row, when known: its result is written by that key
        /// instead of through the id index (one index descent less per result on the hot path).
        public var rowID: Int64?

        public init(message: QueuedMessage, occurredAt: Date, event: PreparedEvent?, rowID: Int64? = nil) {
            self.message = message
            self.occurredAt = occurredAt
            self.event = event
            self.rowID = rowID
        }
    }

    struct Lane {
        var entries: [Entry] = []
        var truncated = false
        /// The latest sequence this lane ever held: a refill reads after it, so messages already
        /// sent and removed (even if their results are not yet committed) are never read back.
        var highestSequence: Int64 = -1

        mutating func push(_ entry: Entry) {
            entries.append(entry)
            highestSequence = max(highestSequence, entry.message.sequence)
        }
    }

    public let capacityPerEndpoint: Int
    /// What a lane may hold counting messages waiting for a retry: memory stays bounded.
    public var hardCapacity: Int { capacityPerEndpoint * 4 }
    private var lanes: [String: Lane] = [:]
    /// Pending messages held, over all lanes.
    public private(set) var count = 0

    public init(capacityPerEndpoint: Int) {
        self.capacityPerEndpoint = max(1, capacityPerEndpoint)
    }

    /// Replaces everything with a fresh load (entries per endpoint in sequence order, at most
    /// `capacityPerEndpoint` each: a full lane is assumed to have more in the database). Events
    /// already in memory are kept, so they need not be read again.
    public mutating func replace(with loaded: [Entry]) {
        var events: [String: PreparedEvent] = [:]
        for lane in lanes.values {
            for entry in lane.entries { if let event = entry.event { events[entry.message.messageID] = event } }
        }
        lanes = [:]
        count = 0
        for var entry in loaded {
            if entry.event == nil { entry.event = events[entry.message.messageID] }
            lanes[entry.message.endpointID, default: Lane()].push(entry)
            count += 1
        }
        for key in lanes.keys where lanes[key]!.entries.count >= capacityPerEndpoint { lanes[key]!.truncated = true }
    }

    /// Adds newly fanned-out messages (later than everything held for their endpoint). A lane that
    /// is full, or already missing messages, does not take them: they wait in the database, and the
    /// lane stays a prefix. With `now`, messages waiting for a retry do not make it full.
    public mutating func append(_ entry: Entry, now: Date? = nil, inFlight: Set<String> = []) {
        var lane = lanes.removeValue(forKey: entry.message.endpointID) ?? Lane()
        if lane.truncated || !hasRoom(lane, occupied: { occupied(lane, now: now, inFlight: inFlight) }) {
            lane.truncated = true
        } else {
            lane.push(entry)
            count += 1
        }
        lanes[entry.message.endpointID] = lane
    }

    /// Appends messages read back from the database for a truncated lane (`lanesToRefill`), all
    /// later than what it holds; `complete` when the read returned everything left. With `now`,
    /// messages waiting for a retry do not make it full.
    public mutating func refill(
        endpointID: String, with entries: [Entry], complete: Bool, now: Date? = nil, inFlight: Set<String> = []
    ) {
        var lane = lanes.removeValue(forKey: endpointID) ?? Lane()
        let known = Set(lane.entries.map(\.message.messageID))
        var taken = occupied(lane, now: now, inFlight: inFlight)
        var dropped = false
        for entry in entries where !known.contains(entry.message.messageID) {
            guard hasRoom(lane, occupied: { taken }) else {
                dropped = true
                break
            }
            lane.push(entry)
            count += 1
            if now.map({ Self.takesPlace(entry.message, inFlight: inFlight, now: $0) }) ?? true { taken += 1 }
        }
        lane.truncated = !complete || dropped
        if !lane.entries.isEmpty || lane.truncated { lanes[endpointID] = lane }
    }

    /// Truncated lanes drained to half their capacity, with the last sequence each held: read
    /// the endpoint's pending messages after it.
    public var lanesToRefill: [(endpointID: String, afterSequence: Int64)] { lanesToRefill(now: nil) }

    /// `lanesToRefill`, where messages waiting for a retry at `now` take no place: a truncated
    /// lane whose other messages are down to half its capacity is refilled too, while it holds
    /// fewer than `hardCapacity`.
    public func lanesToRefill(now: Date?, inFlight: Set<String> = []) -> [(endpointID: String, afterSequence: Int64)] {
        lanes.compactMap { key, lane in
            guard lane.truncated else { return nil }
            let drained = lane.entries.count <= capacityPerEndpoint / 2
                || (now != nil && lane.entries.count < hardCapacity
                    && occupied(lane, now: now, inFlight: inFlight) <= capacityPerEndpoint / 2)
            return drained ? (key, lane.highestSequence) : nil
        }
    }

    /// Whether a lane takes one more message: under its capacity, or (messages waiting for a
    /// retry left out, `occupied`) under its capacity and its hard capacity.
    private func hasRoom(_ lane: Lane, occupied: () -> Int) -> Bool {
        lane.entries.count < capacityPerEndpoint || (lane.entries.count < hardCapacity && occupied() < capacityPerEndpoint)
    }

    /// The lane's messages that take a place in memory at `now` (all of them without a time).
    /// Messages behind an earlier one of their subject count here (unlike in the planner's window,
    /// `window`): a backlog of one subject left out would keep the lane below half full while it
    /// held thousands, and every delivery would read the endpoint's queue back from the database
    /// (session 30 review).
    private func occupied(_ lane: Lane, now: Date?, inFlight: Set<String>) -> Int {
        guard let now else { return lane.entries.count }
        return lane.entries.reduce(0) { $0 + (Self.takesPlace($1.message, inFlight: inFlight, now: now) ? 1 : 0) }
    }

    /// A decided result: the message's new state replaces the old one, and a message that is no
    /// longer pending leaves its lane.
    public mutating func update(messageID: String, endpointID: String, state: MessageState) {
        // Taken out of the dictionary while changed: a copy left behind would make the change
        // copy the whole lane (every send's result passes here).
        guard var lane = lanes.removeValue(forKey: endpointID) else { return }
        if let index = lane.entries.firstIndex(where: { $0.message.messageID == messageID }) {
            if state.status == .pending {
                lane.entries[index].message.state = state
            } else {
                lane.entries.remove(at: index)
                count -= 1
            }
        }
        if !lane.entries.isEmpty || lane.truncated { lanes[endpointID] = lane }
    }

    /// Forgets messages (cancelled, or their endpoint is gone).
    public mutating func remove(messageIDs: Set<String>) {
        guard !messageIDs.isEmpty else { return }
        for key in Array(lanes.keys) {
            let before = lanes[key]!.entries.count
            lanes[key]!.entries.removeAll { messageIDs.contains($0.message.messageID) }
            count -= before - lanes[key]!.entries.count
        }
    }

    /// Records the event of a message loaded without one.
    public mutating func attach(_ event: PreparedEvent, messageID: String, endpointID: String) {
        guard let index = lanes[endpointID]?.entries.firstIndex(where: { $0.message.messageID == messageID }) else { return }
        lanes[endpointID]!.entries[index].event = event
    }

    /// What the planner looks at: the first `perEndpoint` messages of every lane that are under
    /// way or may go now (in-flight ones included, so one endpoint never has more than
    /// `perEndpoint` messages under way and a backlog at one endpoint cannot crowd the others
    /// out), and the messages waiting for a retry among and before them, which take no place.
    ///
    /// Why waiting messages take no place: they had filled the window. After an hour's outage
    /// the sixteen oldest messages wait two hours for their next try, and every other message of
    /// the endpoint, new ones included, waited behind them although their subjects differ; sixteen
    /// messages a receiver keeps refusing held the endpoint for the three days of their retries.
    /// Each message now waits only for its own retry and for earlier messages of its subject.
    ///
    /// Nor do messages waiting behind an earlier one of their subject (session 30 walk): twenty
    /// updates of one event queued behind its first message, which waited for a retry, were all
    /// due and so filled the sixteen places, and a message about another event waited as long,
    /// though the README promises that a subject's retries hold back no other subject. (In memory
    /// they still count, `occupied`: more than `capacityPerEndpoint` of one subject behind a retry
    /// keep later subjects in the database until the retry goes.)
    public func window(perEndpoint: Int, inFlight: Set<String>, now: Date) -> [QueuedMessage] {
        var window: [QueuedMessage] = []
        window.reserveCapacity(min(count, lanes.count * perEndpoint))
        var subjects: Set<String> = []
        for lane in lanes.values {
            subjects.removeAll(keepingCapacity: true)
            var taken = 0
            for entry in lane.entries {
                guard taken < perEndpoint else { break }
                window.append(entry.message)
                if Self.takesWindowPlace(entry.message, inFlight: inFlight, now: now, subjectsAhead: &subjects) { taken += 1 }
            }
        }
        return window
    }

    /// Whether a message takes a place in its lane's memory: all but a pending message that is not
    /// being sent and is not yet due.
    static func takesPlace(_ message: QueuedMessage, inFlight: Set<String>, now: Date) -> Bool {
        message.state.status != .pending || message.state.isDue(at: now) || inFlight.contains(message.messageID)
    }

    /// Whether a message counts against its endpoint's window (`window`, `heads`): as in memory,
    /// and not when it waits behind an earlier pending message of its subject (`subjectsAhead`:
    /// the subjects of the lane's pending messages so far, which this adds to).
    static func takesWindowPlace(_ message: QueuedMessage, inFlight: Set<String>, now: Date, subjectsAhead: inout Set<String>) -> Bool {
        guard message.state.status == .pending else { return true }
        let first = subjectsAhead.insert(message.subject).inserted
        return inFlight.contains(message.messageID) || (first && message.state.isDue(at: now))
    }

    /// `DeliveryPlanner.orderedHeads(window(perEndpoint:inFlight:now:), inFlight:)`, computed from
    /// the lanes directly: the worker plans from this under its lock, and building the whole
    /// window (every message copied), sorting it and hashing endpoint and subject of each was most
    /// of a pass. A lane is one endpoint's messages in sequence order, so the first pending
    /// message of each subject is found lane by lane; only the heads found are then sorted
    /// (stably, by sequence). A head waiting for its retry stays among them: it still holds its
    /// subject back, and the planner wakes when it is due.
    public func heads(perEndpoint: Int, inFlight: Set<String>, now: Date) -> [QueuedMessage] {
        var heads: [QueuedMessage] = []
        var subjects: Set<String> = []
        for lane in lanes.values {
            subjects.removeAll(keepingCapacity: true)
            var taken = 0
            for entry in lane.entries {
                guard taken < perEndpoint else { break }
                let message = entry.message
                let isHead = message.state.status == .pending && !subjects.contains(message.subject)
                if Self.takesWindowPlace(message, inFlight: inFlight, now: now, subjectsAhead: &subjects) { taken += 1 }
                if isHead, !inFlight.contains(message.messageID) { heads.append(message) }
            }
        }
        return heads.indices
            .sorted { (heads[$0].sequence, $0) < (heads[$1].sequence, $1) }
            .map { heads[$0] }
    }

    /// The endpoint's earliest message with parts already delivered (a chat message split into
    /// parts, interrupted): it holds its group robot until its last part is out, wherever it
    /// stands in the lane.
    public func firstPartial(endpointID: String) -> QueuedMessage? {
        lanes[endpointID]?.entries.first { $0.message.state.partsDelivered > 0 }?.message
    }

    /// The held entry of a message.
    public func entry(messageID: String, endpointID: String) -> Entry? {
        lanes[endpointID]?.entries.first { $0.message.messageID == messageID }
    }

    /// The endpoints with messages held.
    public var endpointIDs: Set<String> { Set(lanes.keys) }
}
