import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// A pending message with everything needed to send it.
public struct PendingDelivery: Sendable {
    public let queued: QueuedMessage
    public let event: OutboundEvent

    public init(queued: QueuedMessage, event: OutboundEvent) {
        self.queued = queued
        self.event = event
    }
}

/// One finished attempt (or cancellation) to write back.
public struct DeliveryWrite: Sendable {
    public let messageID: WebhookMessageID
    public let communityID: CommunityID
    public let decision: DeliveryDecision

    public init(messageID: WebhookMessageID, communityID: CommunityID, decision: DeliveryDecision) {
        self.messageID = messageID
        self.communityID = communityID
        self.decision = decision
    }
}

/// The delivery worker's persistence: fan-out of outbox events to messages, loading the queue,
/// writing results. Each function is one short transaction (or part of one).
public enum WebhookQueue {
    /// Turns outbox events after the cursor into one message per subscribed endpoint, and moves the
    /// cursor, in the caller's transaction: each event is fanned out exactly once, even across crashes.
    /// Returns the number of events consumed.
    @discardableResult
    public static func fanOut(_ tx: Transaction, batch: Int) throws -> Int {
        let cursor = try Int64.fetchOne(tx.db, sql: "SELECT last_seq FROM webhook_fanout_cursor WHERE name = 'outbox'") ?? 0
        let rows = try Row.fetchAll(
            tx.db, sql: "SELECT * FROM outbox_events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [cursor, batch])
        guard let last = rows.last else { return 0 }
        var endpointsByCommunity: [String: [StoredEndpoint]] = [:]
        let decoder = JSONDecoder()
        for row in rows {
            let event = outboundEvent(row, decoder: decoder)
            let endpoints = try endpointsByCommunity[event.communityID] ?? {
                let loaded = try Row.fetchAll(
                    tx.db, sql: "SELECT * FROM webhook_endpoints WHERE community_id = ? AND enabled = 1 AND deleted_at IS NULL",
                    arguments: [event.communityID]
                ).map { try StoredEndpoint(row: $0, now: tx.now) }
                endpointsByCommunity[event.communityID] = loaded
                return loaded
            }()
            let sequence: Int64 = row["seq"]
            for endpoint in endpoints where endpoint.startsAfterSequence < sequence && endpoint.endpoint.accepts(event) {
                let id: WebhookMessageID = tx.ids.next()
                try tx.db.cachedStatement(sql: """
                        INSERT INTO webhook_messages (id, community_id, endpoint_id, event_id, event_seq, subject, status,
                            next_attempt_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                        """).execute(
                    arguments: [id.rawValue, event.communityID, endpoint.id.rawValue, event.id, row["seq"] as Int64, event.subject, tx.now, tx.now])
            }
        }
        try tx.db.execute(sql: "UPDATE webhook_fanout_cursor SET last_seq = ? WHERE name = 'outbox'", arguments: [last["seq"] as Int64])
        return rows.count
    }

    /// The pending queue in outbox order (due or not: the planner needs the waiting ones to keep
    /// per-subject order), without payloads, and the endpoints it belongs to. Payloads are loaded
    /// by `events(_:messageIDs:)` only for the messages actually started, so a long queue costs a
    /// scan of small rows per round, not a JSON decode of every waiting event.
    ///
    /// The window is per endpoint (the first `perEndpoint` pending messages of each), so a backlog
    /// at one failing endpoint can never crowd the others out of the window; order only matters
    /// within an endpoint, and each endpoint's earliest messages are always in it.
    public static func loadQueue(
        _ db: Database, perEndpoint: Int, limit: Int, now: Date, endpointCache: EndpointCache = EndpointCache()
    ) throws -> (queue: [QueuedMessage], oldestEventAt: Date?, endpoints: [String: StoredEndpoint]) {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT q.id, q.endpoint_id, q.subject, q.event_seq, q.attempts, q.consecutive_failures, q.next_attempt_at,
                    q.parts_delivered, q.last_failure_code, q.last_failure_detail, e.occurred_at
                FROM (
                    SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.endpoint_id ORDER BY m.event_seq, m.id) AS lane_rank
                    FROM webhook_messages m WHERE m.status = 'pending'
                ) q JOIN outbox_events e ON e.id = q.event_id
                WHERE q.lane_rank <= ? ORDER BY q.event_seq, q.id LIMIT ?
                """),
            arguments: [perEndpoint, limit])
        var queue: [QueuedMessage] = []
        queue.reserveCapacity(rows.count)
        var endpointIDs: Set<String> = []
        // Columns by position (the SELECT above): name lookups cost more than the values here.
        for row in rows {
            let failureCode: String? = row[8]
            let state = MessageState(
                status: .pending, attempts: row[4], consecutiveFailures: row[5], nextAttemptAt: row[6], partsDelivered: row[7],
                lastFailure: failureCode.map { FailureReason(code: $0, detail: row[9] ?? "") }, finishedAt: nil)
            let endpointID: String = row[1]
            queue.append(QueuedMessage(messageID: row[0], endpointID: endpointID, subject: row[2], sequence: row[3], state: state))
            endpointIDs.insert(endpointID)
        }
        let endpoints = try endpointCache.endpoints(db, ids: endpointIDs, now: now)
        return (queue, rows.first.map { $0[10] }, endpoints)
    }

    /// The events of the given messages, by message id.
    public static func events(_ db: Database, messageIDs: [String]) throws -> [String: OutboundEvent] {
        guard !messageIDs.isEmpty else { return [:] }
        let decoder = JSONDecoder()
        var events: [String: OutboundEvent] = [:]
        for chunk in stride(from: 0, to: messageIDs.count, by: 500).map({ messageIDs[$0..<min($0 + 500, messageIDs.count)] }) {
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id AS message_id, e.id, e.event_type, e.community_id, e.subject, e.occurred_at, e.payload_json
                    FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id WHERE m.id IN (\(placeholders))
                    """,
                arguments: StatementArguments(Array(chunk)))
            for row in rows { events[row["message_id"]] = outboundEvent(row, decoder: decoder) }
        }
        return events
    }

    /// Writes attempts, message states and endpoint health; disables endpoints and raises
    /// `endpoint.failing` events as decided. One transaction for a whole batch of results.
    public static func record(_ tx: Transaction, _ writes: [DeliveryWrite]) throws {
        for write in writes {
            let decision = write.decision
            let message = decision.message
            try tx.db.cachedStatement(sql: """
                    UPDATE webhook_messages SET status = ?, attempts = ?, consecutive_failures = ?, next_attempt_at = ?,
                        parts_delivered = ?, last_failure_code = ?, last_failure_detail = ?, finished_at = ?
                    WHERE id = ?
                    """).execute(
                arguments: [
                    message.status.rawValue, message.attempts, message.consecutiveFailures, message.nextAttemptAt,
                    message.partsDelivered, message.lastFailure?.code, message.lastFailure?.detail, message.finishedAt,
                    write.messageID.rawValue,
                ])
            let attempt = decision.attempt
            let attemptID: WebhookAttemptID = tx.ids.next()
            let milliseconds = Double(attempt.duration.components.seconds) * 1000 + Double(attempt.duration.components.attoseconds) / 1e15
            try tx.db.cachedStatement(sql: """
                    INSERT INTO webhook_attempts (id, community_id, message_id, endpoint_id, number, part, started_at, duration_ms,
                        status_code, outcome, failure_code, failure_detail, response_excerpt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(
                arguments: [
                    attemptID.rawValue, write.communityID.rawValue, write.messageID.rawValue, attempt.endpointID, attempt.number,
                    attempt.part, attempt.startedAt, milliseconds, attempt.statusCode, attempt.outcome, attempt.failure?.code,
                    attempt.failure?.detail, attempt.responseExcerpt,
                ])
            try tx.db.cachedStatement(sql: "UPDATE webhook_endpoints SET failing_since = ?, last_success_at = ? WHERE id = ?").execute(
                arguments: [decision.health.failingSince, decision.health.lastSuccessAt, attempt.endpointID])
            if let reason = decision.disableEndpoint {
                try tx.db.execute(
                    sql: "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                    arguments: [reason.description, tx.now, attempt.endpointID])
                try WebhookEndpointCommands.cancelPending(tx, endpoint: WebhookEndpointID(trusted: attempt.endpointID), reason: reason.description)
                try tx.audit(
                    write.communityID, actor: .system, action: "webhook.endpoint_disabled", targetType: "webhook_endpoint",
                    targetID: attempt.endpointID, reason: reason.description)
            }
            if let reason = decision.raiseEndpointFailing {
                try tx.emit(
                    write.communityID, type: OutboundEvent.Kind.endpointFailing, subject: "endpoint:\(attempt.endpointID)",
                    payload: EndpointFailingPayload(
                        endpointID: attempt.endpointID, messageID: write.messageID.rawValue, reasonCode: reason.code,
                        reason: reason.detail, disabled: decision.disableEndpoint != nil))
            }
        }
    }

    /// Cancels messages whose endpoint disappeared or was disabled.
    public static func cancel(_ tx: Transaction, messageIDs: [String], reason: String) throws {
        for id in messageIDs {
            try tx.db.execute(
                sql: """
                    UPDATE webhook_messages SET status = 'cancelled', next_attempt_at = NULL, finished_at = ?,
                        last_failure_code = 'endpoint.disabled', last_failure_detail = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [tx.now, reason, id])
        }
    }

    /// Queue health for metrics: pending messages and the age of the oldest due one.
    public static func health(_ db: Database, now: Date) throws -> (pending: Int, oldestPendingSeconds: Double) {
        let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_messages WHERE status = 'pending'") ?? 0
        let oldest = try Date.fetchOne(db, sql: "SELECT MIN(created_at) FROM webhook_messages WHERE status = 'pending'")
        return (pending, oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    static func outboundEvent(_ row: Row, decoder: JSONDecoder) -> OutboundEvent {
        let payload = (try? decoder.decode(JSONValue.self, from: Data((row["payload_json"] as String).utf8))) ?? .object([:])
        return OutboundEvent(
            id: row["id"], type: row["event_type"], communityID: row["community_id"], subject: row["subject"],
            occurredAt: row["occurred_at"], payload: payload)
    }
}

/// The data of an `endpoint.failing` event (what organizers' other endpoints receive).
struct EndpointFailingPayload: Encodable {
    let endpointID: String
    let messageID: String
    let reasonCode: String
    let reason: String
    let disabled: Bool

    enum CodingKeys: String, CodingKey {
        case endpointID = "endpoint_id", messageID = "message_id", reasonCode = "reason_code", reason, disabled
    }
}
