import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// A pending message with everything needed to send it.
public struct PendingDelivery: Sendable {
    public let queued: QueuedMessage
    public let event: OutboundEvent
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
        for row in rows {
            let event = try outboundEvent(row)
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
                try tx.db.execute(
                    sql: """
                        INSERT INTO webhook_messages (id, community_id, endpoint_id, event_id, event_seq, subject, status,
                            next_attempt_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                        """,
                    arguments: [id.rawValue, event.communityID, endpoint.id.rawValue, event.id, row["seq"] as Int64, event.subject, tx.now, tx.now])
            }
        }
        try tx.db.execute(sql: "UPDATE webhook_fanout_cursor SET last_seq = ? WHERE name = 'outbox'", arguments: [last["seq"] as Int64])
        return rows.count
    }

    /// Pending messages in outbox order (due or not: the planner needs the waiting ones to keep
    /// per-subject order), with their events, and the endpoints they belong to.
    public static func loadPending(_ db: Database, limit: Int, now: Date) throws -> (deliveries: [PendingDelivery], endpoints: [String: StoredEndpoint]) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.*, e.event_type, e.payload_json, e.occurred_at, e.community_id AS event_community
                FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
                WHERE m.status = 'pending' ORDER BY m.event_seq, m.id LIMIT ?
                """,
            arguments: [limit])
        var deliveries: [PendingDelivery] = []
        var endpointIDs: Set<String> = []
        for row in rows {
            let state = MessageState(
                status: .pending, attempts: row["attempts"], consecutiveFailures: row["consecutive_failures"],
                nextAttemptAt: row["next_attempt_at"], partsDelivered: row["parts_delivered"],
                lastFailure: (row["last_failure_code"] as String?).map { FailureReason(code: $0, detail: row["last_failure_detail"] ?? "") },
                finishedAt: nil)
            let queued = QueuedMessage(
                messageID: row["id"], endpointID: row["endpoint_id"], subject: row["subject"], sequence: row["event_seq"], state: state)
            let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data((row["payload_json"] as String).utf8))) ?? .object([:])
            let event = OutboundEvent(
                id: row["event_id"], type: row["event_type"], communityID: row["event_community"], subject: row["subject"],
                occurredAt: row["occurred_at"], payload: payload)
            deliveries.append(PendingDelivery(queued: queued, event: event))
            endpointIDs.insert(row["endpoint_id"])
        }
        var endpoints: [String: StoredEndpoint] = [:]
        if !endpointIDs.isEmpty {
            let placeholders = Array(repeating: "?", count: endpointIDs.count).joined(separator: ",")
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM webhook_endpoints WHERE id IN (\(placeholders))", arguments: StatementArguments(Array(endpointIDs)))
            {
                let endpoint = try StoredEndpoint(row: row, now: now)
                endpoints[endpoint.id.rawValue] = endpoint
            }
        }
        return (deliveries, endpoints)
    }

    /// Writes attempts, message states and endpoint health; disables endpoints and raises
    /// `endpoint.failing` events as decided. One transaction for a whole batch of results.
    public static func record(_ tx: Transaction, _ writes: [DeliveryWrite]) throws {
        for write in writes {
            let decision = write.decision
            let message = decision.message
            try tx.db.execute(
                sql: """
                    UPDATE webhook_messages SET status = ?, attempts = ?, consecutive_failures = ?, next_attempt_at = ?,
                        parts_delivered = ?, last_failure_code = ?, last_failure_detail = ?, finished_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    message.status.rawValue, message.attempts, message.consecutiveFailures, message.nextAttemptAt,
                    message.partsDelivered, message.lastFailure?.code, message.lastFailure?.detail, message.finishedAt,
                    write.messageID.rawValue,
                ])
            let attempt = decision.attempt
            let attemptID: WebhookAttemptID = tx.ids.next()
            let milliseconds = Double(attempt.duration.components.seconds) * 1000 + Double(attempt.duration.components.attoseconds) / 1e15
            try tx.db.execute(
                sql: """
                    INSERT INTO webhook_attempts (id, community_id, message_id, endpoint_id, number, part, started_at, duration_ms,
                        status_code, outcome, failure_code, failure_detail, response_excerpt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attemptID.rawValue, write.communityID.rawValue, write.messageID.rawValue, attempt.endpointID, attempt.number,
                    attempt.part, attempt.startedAt, milliseconds, attempt.statusCode, attempt.outcome, attempt.failure?.code,
                    attempt.failure?.detail, attempt.responseExcerpt,
                ])
            try tx.db.execute(
                sql: "UPDATE webhook_endpoints SET failing_since = ?, last_success_at = ? WHERE id = ?",
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

    static func outboundEvent(_ row: Row) throws -> OutboundEvent {
        let payload = (try? JSONDecoder().decode(JSONValue.self, from: Data((row["payload_json"] as String).utf8))) ?? .object([:])
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
