import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// A message as listed by the API.
public struct WebhookMessageView: Sendable, Codable, Equatable {
    public let id: String
    public let endpointId: String
    /// The `webhook-id` receivers see (the event id): the same on every attempt.
    public let eventId: String
    public let eventType: String
    public let subject: String
    public let status: String
    public let attempts: Int
    public let nextAttemptAt: Date?
    public let lastFailureCode: String?
    public let lastFailureDetail: String?
    public let createdAt: Date
    public let finishedAt: Date?
}

/// An attempt as listed by the API (already masked when recorded).
public struct WebhookAttemptView: Sendable, Codable, Equatable {
    public let id: String
    public let number: Int
    public let part: Int
    public let startedAt: Date
    public let durationMs: Double
    public let statusCode: Int?
    public let outcome: String
    public let failureCode: String?
    public let failureDetail: String?
    public let responseExcerpt: String
}

/// Reading messages and attempts, resending one message, recovering an endpoint's failures.
public enum WebhookMessageCommands {
    public static func list(
        _ db: Database, principal: Principal, endpoint: WebhookEndpointID, status: MessageStatus?, page: PageRequest
    ) throws -> Page<WebhookMessageView> {
        // A deleted endpoint's history is kept, and read here too.
        try WebhookEndpointCommands.checkHistoryReadable(db, principal: principal, id: endpoint.rawValue)
        var sql = """
            SELECT m.*, e.event_type FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
            WHERE m.community_id = ? AND m.endpoint_id = ? AND m.id > ?
            """
        var arguments: StatementArguments = [principal.communityID.rawValue, endpoint.rawValue, page.after ?? ""]
        if let status { sql += " AND m.status = ?"; arguments += [status.rawValue] }
        let hidden = WebhookEndpointCommands.typesBeyondRole(principal)
        if !hidden.isEmpty {
            sql += " AND e.event_type NOT IN (\(Array(repeating: "?", count: hidden.count).joined(separator: ", ")))"
            arguments += StatementArguments(hidden)
        }
        sql += " ORDER BY m.id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments).map(view)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id }
    }

    public static func fetch(_ db: Database, principal: Principal, id: WebhookMessageID) throws -> WebhookMessageView {
        try principal.require(.webhooksManage)
        guard let row = try Row.fetchOne(
            db,
            sql: """
                SELECT m.*, e.event_type FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
                WHERE m.community_id = ? AND m.id = ?
                """,
            arguments: [principal.communityID.rawValue, id.rawValue])
        else { throw DomainError.notFound("webhook_message", id: id.rawValue) }
        try WebhookEndpointCommands.checkHistoryReadable(db, principal: principal, id: row["endpoint_id"])
        let type: String = row["event_type"]
        if WebhookEndpointCommands.typesBeyondRole(principal).contains(type) {
            throw DomainError(code: "webhook.events_beyond_role", category: .forbidden, parameters: ["events": type])
        }
        return view(row)
    }

    public static func attempts(_ db: Database, principal: Principal, message: WebhookMessageID) throws -> [WebhookAttemptView] {
        _ = try fetch(db, principal: principal, id: message)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM webhook_attempts WHERE community_id = ? AND message_id = ? ORDER BY number, part, id",
            arguments: [principal.communityID.rawValue, message.rawValue]
        ).map { row in
            WebhookAttemptView(
                id: row["id"], number: row["number"], part: row["part"], startedAt: row["started_at"], durationMs: row["duration_ms"],
                statusCode: row["status_code"], outcome: row["outcome"], failureCode: row["failure_code"],
                failureDetail: row["failure_detail"], responseExcerpt: row["response_excerpt"])
        }
    }

    /// Sends a delivered, failed or cancelled message again, with the same webhook-id. Refused,
    /// like `recover`, while its endpoint is disabled or deleted: the worker would only cancel the
    /// message again, and the caller be told it was resent. Refused too when the endpoint no
    /// longer takes the message's event type (`webhook.event_not_subscribed`): a group whose text
    /// for it was removed would get the generic fallback, which names the member.
    ///
    /// A pending message waiting out a retry delay is sent now instead (helper 134: after mending
    /// a receiver, a message could sit hours in its back-off, and "resend" answered that it was
    /// still being delivered); its failure count stays, so the back-off goes on if it fails again.
    /// One due now or being sent is 409 `webhook.message_already_pending`.
    public static func resend(_ tx: Transaction, principal: Principal, id: WebhookMessageID, actor: AuditActor) throws -> WebhookMessageView {
        let message = try fetch(tx.db, principal: principal, id: id)
        let waiting = message.status == MessageStatus.pending.rawValue
        if waiting, (message.nextAttemptAt.map { $0 <= tx.now } ?? true) {
            throw DomainError(code: "webhook.message_already_pending", category: .conflict)
        }
        let state = try Row.fetchOne(
            tx.db, sql: "SELECT enabled = 1 AS enabled, deleted_at IS NOT NULL AS deleted FROM webhook_endpoints WHERE community_id = ? AND id = ?",
            arguments: [principal.communityID.rawValue, message.endpointId])
        // A deleted endpoint cannot be enabled again: "enable it first" sent the caller looking for
        // a switch that is not there (session 32 walk).
        if state == nil || state?["deleted"] == true {
            throw DomainError(code: "webhook.endpoint_deleted", category: .conflict, parameters: ["endpoint_id": message.endpointId])
        }
        guard state?["enabled"] == true else { throw DomainError(code: "webhook.endpoint_disabled", category: .conflict) }
        let endpoint = try WebhookEndpointCommands.fetch(tx.db, principal: principal, id: WebhookEndpointID(trusted: message.endpointId), now: tx.now)
        guard endpoint.endpoint.subscribes(to: message.eventType) else {
            throw DomainError(code: "webhook.event_not_subscribed", category: .conflict, parameters: ["event_type": message.eventType])
        }
        if waiting {
            try sendNow(tx, ids: [id.rawValue])
            try tx.audit(
                principal.communityID, actor: actor, action: "webhook.message_sent_now", targetType: "webhook_message", targetID: id.rawValue,
                before: ["next_attempt_at": message.nextAttemptAt.map { ISO8601DateFormatter().string(from: $0) }])
            return try fetch(tx.db, principal: principal, id: id)
        }
        try requeue(tx, ids: [id.rawValue])
        try tx.audit(principal.communityID, actor: actor, action: "webhook.message_resent", targetType: "webhook_message", targetID: id.rawValue)
        return try fetch(tx.db, principal: principal, id: id)
    }

    /// Requeues every failed message of an endpoint created since `since`, and every one cancelled
    /// because the endpoint was disabled (`last_failure_code = 'endpoint.disabled'`, the only code
    /// a cancellation records): disabling, by hand or after days of failures, cancels the backlog,
    /// and this is how it comes back once the endpoint is enabled again. Messages of types the
    /// endpoint no longer takes (its filter or chat texts changed since) stay as they are.
    /// Returns how many.
    public static func recover(
        _ tx: Transaction, principal: Principal, endpoint: WebhookEndpointID, since: Date, actor: AuditActor
    ) throws -> Int {
        let stored = try WebhookEndpointCommands.fetch(tx.db, principal: principal, id: endpoint, now: tx.now)
        try WebhookEndpointCommands.checkWithinRole(principal, stored.endpoint)
        guard stored.endpoint.enabled else { throw DomainError(code: "webhook.endpoint_disabled", category: .conflict) }
        let ids = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT m.id, e.event_type FROM webhook_messages m JOIN outbox_events e ON e.id = m.event_id
                WHERE m.community_id = ? AND m.endpoint_id = ? AND m.created_at >= ?
                    AND (m.status = 'failed' OR (m.status = 'cancelled' AND m.last_failure_code = 'endpoint.disabled'))
                ORDER BY m.event_seq
                """,
            arguments: [principal.communityID.rawValue, endpoint.rawValue, since]
        ).filter { stored.endpoint.subscribes(to: $0["event_type"] as String) }.map { $0["id"] as String }
        try requeue(tx, ids: ids)
        try tx.audit(
            principal.communityID, actor: actor, action: "webhook.messages_recovered", targetType: "webhook_endpoint",
            targetID: endpoint.rawValue, after: ["count": String(ids.count), "since": ISO8601DateFormatter().string(from: since)])
        return ids.count
    }

    /// Makes pending messages waiting out a retry delay due now. The sender of another process
    /// learns of it through the change counter (migration 0038), as of a message put back to
    /// pending; this process's sender through its change tracker.
    static func sendNow(_ tx: Transaction, ids: [String]) throws {
        var changed = 0
        for id in ids {
            try tx.db.execute(
                sql: "UPDATE webhook_messages SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at > ?",
                arguments: [tx.now, id, tx.now])
            changed += tx.db.changesCount
        }
        if changed > 0 { try tx.db.execute(sql: "UPDATE webhook_change_counter SET changes = changes + 1 WHERE id = 1") }
    }

    static func requeue(_ tx: Transaction, ids: [String]) throws {
        for id in ids {
            try tx.db.execute(
                sql: """
                    UPDATE webhook_messages SET status = 'pending', consecutive_failures = 0, next_attempt_at = ?,
                        parts_delivered = 0, finished_at = NULL
                    WHERE id = ?
                    """,
                arguments: [tx.now, id])
        }
    }

    static func view(_ row: Row) -> WebhookMessageView {
        WebhookMessageView(
            id: row["id"], endpointId: row["endpoint_id"], eventId: row["event_id"], eventType: row["event_type"],
            subject: row["subject"], status: row["status"], attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
            lastFailureCode: row["last_failure_code"], lastFailureDetail: row["last_failure_detail"], createdAt: row["created_at"],
            finishedAt: row["finished_at"])
    }
}
