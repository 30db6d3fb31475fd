import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// One finished attempt (or cancellation) to write back.
public struct DeliveryWrite: Sendable {
    public let messageID: WebhookMessageID
    public let communityID: CommunityID
    /// Rebased by the worker onto the endpoint's health as it stands when applied (`DeliveryPolicy.rebased`).
    public var decision: DeliveryDecision
    /// The message row's rowid as the worker read or wrote it (`PendingLanes.Entry.rowID`), if known.
    public let rowID: Int64?
    /// The address the attempt went to, when known: a receiver's pause is kept only while the
    /// endpoint still sends there (helper 166 #1: a late 429 from the old address paused the new).
    public let sentTo: String?
    /// The endpoint version whose health the decision was based on (set by the worker when it
    /// rebases it; nil: unknown, written as it is). See `isStale`.
    public var endpointVersion: Int?
    /// The endpoint version the send was planned on (`StoredEndpoint.version` of the claim; nil:
    /// unknown). See `isStale`.
    public let plannedVersion: Int?

    /// Whether the decision's health is stale against the endpoint as it stands (`version`,
    /// `failingSince`, `updatedAt`, `url`): the result belongs to the receiver before an edit that
    /// mended the endpoint, and written back it would undo the mend. Then neither its health,
    /// nor a disable, nor `endpoint.failing` is applied (its message's state is).
    ///
    /// - The answer came from an address the endpoint no longer sends to (helper 178 #1: a 410
    ///   from the old URL disabled the endpoint just pointed at a working receiver, its failing
    ///   streak kept by the edit). Pauses follow the same rule (`holdPause`).
    /// - An edit cleared the failing streak (`enabled: true`, "the receiver is mended"; any streak
    ///   stored now began after it) and the result belongs to before it: its streak began before
    ///   the edit (decided on the old health: helper 171 #4, the old streak came back and disabled
    ///   the endpoint as failing too long), or its send was planned on an older version and went
    ///   out before the edit (helper 175: a 410 from the unmended receiver, answered after the
    ///   reload, disabled it again). A streak begun after the edit counts as cleared, so whether
    ///   such a result applies does not depend on how results were batched (helper 178 #2).
    ///
    /// Edits that leave a streak as it was (a description, a rotated secret) do not make results
    /// stale; a healthy endpoint edited while a send was out skips that one result's health (and
    /// a 410's disable: the next send finds the receiver gone again).
    public func isStale(version: Int, failingSince: Date?, updatedAt: Date, url: String?) -> Bool {
        if let sentTo, let url, sentTo != url { return true }
        guard failingSince.map({ $0 >= updatedAt }) ?? true, let streak = decision.health.failingSince else { return false }
        if let endpointVersion, endpointVersion != version, streak < updatedAt { return true }
        if let plannedVersion, plannedVersion != version, decision.attempt.startedAt < updatedAt { return true }
        return false
    }

    public init(
        messageID: WebhookMessageID, communityID: CommunityID, decision: DeliveryDecision, rowID: Int64? = nil, sentTo: String? = nil,
        endpointVersion: Int? = nil, plannedVersion: Int? = nil
    ) {
        self.messageID = messageID
        self.communityID = communityID
        self.decision = decision
        self.rowID = rowID
        self.sentTo = sentTo
        self.endpointVersion = endpointVersion
        self.plannedVersion = plannedVersion
    }
}

/// The delivery worker's persistence: fan-out of outbox events to messages
/// (`WebhookQueue+FanOut`), loading the queue, writing results (`WebhookQueue+Recording`). Each
/// function is one short transaction or part of the caller's.
public enum WebhookQueue {
    /// The pending queue in outbox order (due or not: the planner needs the waiting ones to keep
    /// per-subject order), without payloads, and the endpoints it belongs to. Payloads are loaded
    /// by `events(_:messageIDs:)` only for the messages actually started, so a long queue costs a
    /// scan of small rows, not a JSON decode of every waiting event.
    ///
    /// The window is per endpoint (the first `perEndpoint` pending messages of each), so a backlog
    /// at one failing endpoint can never crowd the others out of the window; order only matters
    /// within an endpoint, and each endpoint's earliest messages are always in it.
    public static func loadPending(
        _ db: Database, perEndpoint: Int, now: Date, endpointCache: EndpointCache = EndpointCache()
    ) throws -> (entries: [PendingLanes.Entry], endpoints: [String: StoredEndpoint]) {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(entryColumns)
                FROM (
                    SELECT w.*, w.rowid AS row_key, ROW_NUMBER() OVER (PARTITION BY w.endpoint_id ORDER BY w.event_seq, w.id) AS lane_rank
                    FROM webhook_messages w WHERE w.status = 'pending'
                ) m JOIN outbox_events e ON e.id = m.event_id
                WHERE m.lane_rank <= ? ORDER BY m.event_seq, m.id
                """),
            arguments: [perEndpoint])
        let entries = rows.map(entry)
        let endpoints = try endpointCache.endpoints(db, ids: Set(entries.map(\.message.endpointID)), now: now)
        return (entries, endpoints)
    }

    /// Up to `limit` pending messages of one endpoint after `afterSequence`, in outbox order (to
    /// refill a lane the worker had to truncate).
    public static func loadLane(_ db: Database, endpointID: String, afterSequence: Int64, limit: Int) throws -> [PendingLanes.Entry] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(entryColumns)
                FROM (SELECT w.*, w.rowid AS row_key FROM webhook_messages w) m JOIN outbox_events e ON e.id = m.event_id
                WHERE m.status = 'pending' AND m.endpoint_id = ? AND m.event_seq > ? ORDER BY m.event_seq, m.id LIMIT ?
                """),
            arguments: [endpointID, afterSequence, limit]
        ).map(entry)
    }

    /// What `entry(_:)` reads, by position (name lookups cost more than the values here).
    private static let entryColumns = """
        m.id, m.endpoint_id, m.subject, m.event_seq, m.attempts, m.consecutive_failures, m.next_attempt_at,
        m.parts_delivered, m.last_failure_code, m.last_failure_detail, e.occurred_at, m.row_key
        """

    /// A row of the two queries above.
    private static func entry(_ row: Row) -> PendingLanes.Entry {
        let failureCode: String? = row[8]
        let state = MessageState(
            status: .pending, attempts: row[4], consecutiveFailures: row[5], nextAttemptAt: row[6], partsDelivered: row[7],
            lastFailure: failureCode.map { FailureReason(code: $0, detail: row[9] ?? "") }, finishedAt: nil)
        return PendingLanes.Entry(
            message: QueuedMessage(messageID: row[0], endpointID: row[1], subject: row[2], sequence: row[3], state: state),
            occurredAt: row[10], event: nil, rowID: row[11])
    }

    /// The events of the given messages, by message id; messages of one event share it.
    public static func events(_ db: Database, messageIDs: [String]) throws -> [String: PreparedEvent] {
        guard !messageIDs.isEmpty else { return [:] }
        let decoder = JSONDecoder()
        var byEvent: [String: PreparedEvent] = [:]
        var events: [String: PreparedEvent] = [:]
        for chunk in stride(from: 0, to: messageIDs.count, by: 500).map({ messageIDs[$0..<min($0 + 500, messageIDs.count)] }) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id AS message_id, e.id, e.event_type, e.community_id, e.subject, e.occurred_at, e.payload_json,
                        c.timezone
                    FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
                        LEFT JOIN communities c ON c.id = e.community_id
                    WHERE m.id IN (\(placeholders))
                    """,
                arguments: StatementArguments(Array(chunk)))
            for row in rows {
                let eventID: String = row["id"]
                let prepared = byEvent[eventID] ?? PreparedEvent(outboundEvent(row, decoder: decoder))
                byEvent[eventID] = prepared
                events[row["message_id"]] = prepared
            }
        }
        return events
    }

    /// Why the worker cancels a pending message unsent.
    public enum Cancellation: Sendable, Hashable {
        /// Its endpoint disappeared or was disabled (`endpoint.disabled`: `recover` brings it back).
        case endpointDisabled
        /// Its endpoint no longer takes its event type (`endpoint.unsubscribed`: not brought back).
        case unsubscribed(String)

        var code: String {
            switch self {
            case .endpointDisabled: "endpoint.disabled"
            case .unsubscribed: "endpoint.unsubscribed"
            }
        }

        var detail: String {
            switch self {
            case .endpointDisabled: "endpoint disabled or deleted"
            case .unsubscribed(let type): "the endpoint no longer takes \(type)"
            }
        }
    }

    /// Cancels pending messages the worker will not send, each with its reason.
    public static func cancel(_ tx: Transaction, _ cancellations: [String: Cancellation]) throws {
        for (id, why) in cancellations {
            try tx.db.execute(
                sql: """
                    UPDATE webhook_messages SET status = 'cancelled', next_attempt_at = NULL, finished_at = ?,
                        last_failure_code = ?, last_failure_detail = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [tx.now, why.code, why.detail, id])
        }
    }

    /// One attempt of the attempt log, as a worker taking over reads it back to know what each
    /// group robot was sent lately (`RobotRateLimiter.recordPast`). A platform's block is read
    /// with the endpoints (`RobotPauses`), not from here.
    public struct RecentAttempt: Sendable, Equatable {
        public let endpointID: String
        public let startedAt: Date
        /// Nil for an attempt that never reached the robot (no HTTP status: the text could not be
        /// rendered, the connection failed).
        public let statusCode: Int?
        /// Seconds from the start to the answer.
        public let duration: TimeInterval

        public init(endpointID: String, startedAt: Date, statusCode: Int?, duration: TimeInterval = 0) {
            self.endpointID = endpointID
            self.startedAt = startedAt
            self.statusCode = statusCode
            self.duration = duration
        }
    }

    /// Attempts started since `since`, oldest first. Found along the primary key: attempt ids
    /// begin with the time they were written, never before they started.
    public static func recentAttempts(_ db: Database, since: Date) throws -> [RecentAttempt] {
        let milliseconds = UInt64(max(0, since.timeIntervalSince1970 * 1000))
        let floor = WebhookAttemptKind.prefix + "_" + CrockfordBase32.encodeBody(milliseconds: milliseconds, entropyHigh: 0, entropyLow: 0)
        return try Row.fetchAll(
            db,
            sql: """
                SELECT endpoint_id, started_at, status_code, duration_ms FROM webhook_attempts
                WHERE id >= ? AND started_at >= ? ORDER BY started_at
                """,
            arguments: [floor, since]
        ).map { row in
            RecentAttempt(
                endpointID: row["endpoint_id"], startedAt: row["started_at"], statusCode: row["status_code"],
                duration: (row["duration_ms"] as Double? ?? 0) / 1000)
        }
    }

    /// Queue health for metrics: every pending message (not only the window the worker holds in
    /// memory) and the age of the oldest, both read along `webhook_messages_pending`.
    public static func health(_ db: Database, now: Date) throws -> (pending: Int, oldestPendingSeconds: Double) {
        let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_messages WHERE status = 'pending'") ?? 0
        let oldest = try Date.fetchOne(
            db, sql: "SELECT created_at FROM webhook_messages WHERE status = 'pending' ORDER BY event_seq LIMIT 1")
        return (pending, oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    static func outboundEvent(_ row: Row, decoder: JSONDecoder) -> OutboundEvent {
        let payload = (try? decoder.decode(JSONValue.self, from: Data((row["payload_json"] as String).utf8))) ?? .object([:])
        // The community's zone where the query joined it (the events to send; fan-out only filters).
        return OutboundEvent(
            id: row["id"], type: row["event_type"], communityID: row["community_id"], subject: row["subject"],
            occurredAt: row["occurred_at"], payload: payload, timeZoneID: row.hasColumn("timezone") ? row["timezone"] : nil)
    }
}
