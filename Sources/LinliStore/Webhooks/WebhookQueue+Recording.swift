import Foundation
import GRDB
import LinliDelivery
import LinliDomain

extension WebhookQueue {
    /// Writes attempts, message states and endpoint health; disables endpoints and raises
    /// `endpoint.failing` events as decided. One transaction for a whole batch of results.
    ///
    /// Hot path (one message and one attempt row per delivery): cached statements, dates bound in
    /// their stored text form (GRDB's own Date encoding goes through a DateFormatter per value),
    /// and an endpoint's health written once per batch, as its last result left it, instead of
    /// once per result.
    public static func record(_ tx: Transaction, _ writes: [DeliveryWrite]) throws {
        let updateMessage = try tx.db.cachedStatement(sql: """
            UPDATE webhook_messages SET status = ?, attempts = ?, consecutive_failures = ?, next_attempt_at = ?,
                parts_delivered = ?, last_failure_code = ?, last_failure_detail = ?, finished_at = ?
            WHERE id = ?
            """)
        let insertAttempt = try tx.db.cachedStatement(sql: """
            INSERT INTO webhook_attempts (id, community_id, message_id, endpoint_id, number, part, started_at, duration_ms,
                status_code, outcome, failure_code, failure_detail, response_excerpt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var health: [String: EndpointHealth] = [:]
        for write in writes {
            let decision = write.decision
            let message = decision.message
            try updateMessage.execute(arguments: [
                message.status.rawValue, message.attempts, message.consecutiveFailures, text(message.nextAttemptAt),
                message.partsDelivered, message.lastFailure?.code, message.lastFailure?.detail, text(message.finishedAt),
                write.messageID.rawValue,
            ])
            let attempt = decision.attempt
            let attemptID: WebhookAttemptID = tx.ids.next()
            let milliseconds = Double(attempt.duration.components.seconds) * 1000 + Double(attempt.duration.components.attoseconds) / 1e15
            try insertAttempt.execute(arguments: [
                attemptID.rawValue, write.communityID.rawValue, write.messageID.rawValue, attempt.endpointID, attempt.number,
                attempt.part, text(attempt.startedAt), milliseconds, attempt.statusCode, attempt.outcome, attempt.failure?.code,
                attempt.failure?.detail, attempt.responseExcerpt,
            ])
            health[attempt.endpointID] = decision.health
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
        let updateHealth = try tx.db.cachedStatement(sql: "UPDATE webhook_endpoints SET failing_since = ?, last_success_at = ? WHERE id = ?")
        for (endpointID, health) in health {
            try updateHealth.execute(arguments: [text(health.failingSince), text(health.lastSuccessAt), endpointID])
        }
    }

    /// A date in the text form GRDB stores and reads back (`2026-01-01 08:30:00.250`, UTC).
    private static func text(_ date: Date?) -> String? {
        date.map { LedgerTimestamp($0).text }
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
