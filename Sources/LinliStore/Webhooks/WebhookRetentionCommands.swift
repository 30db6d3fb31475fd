import Foundation
import GRDB
import LinliDomain

/// Forgets finished webhook messages and their attempts once they are older than the operator's
/// retention period (`webhooks.retention_days`).
///
/// Why: every event makes one message per subscribed endpoint and every send an attempt row, so
/// without a limit the delivery log outgrows everything else in a community's database within a
/// year. Only finished messages go (delivered, failed or cancelled, counted from `finished_at`):
/// a pending message is never touched, and a failed or cancelled one can be recovered
/// (`POST …/recover`) for as long as it is kept. The events themselves (`outbox_events`) stay.
public enum WebhookRetentionCommands {
    /// Messages considered per write transaction: short enough not to hold up the delivery worker.
    public static let batchSize = 500

    /// Finished messages older than `cutoff`, oldest first (the table's insertion order), at most
    /// `limit`. Read outside the write transaction; `purge` checks each again.
    public static func candidates(_ db: Database, finishedBefore cutoff: Date, limit: Int = batchSize) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT id FROM webhook_messages
                WHERE status <> 'pending' AND finished_at IS NOT NULL AND finished_at < ?
                ORDER BY rowid LIMIT ?
                """,
            arguments: [cutoff, limit])
    }

    /// Deletes those of `ids` that are still finished before `cutoff` (a message resent or
    /// recovered since it was read is pending again and stays), attempts first. Returns how many
    /// messages went.
    @discardableResult
    public static func purge(_ tx: Transaction, ids: [String], finishedBefore cutoff: Date) throws -> Int {
        var removed = 0
        for id in ids {
            guard let row = try Row.fetchOne(
                tx.db.cachedStatement(sql: "SELECT community_id, status, finished_at FROM webhook_messages WHERE id = ?"),
                arguments: [id])
            else { continue }
            let status: String = row["status"]
            let finished: Date? = row["finished_at"]
            guard status != "pending", let finished, finished < cutoff else { continue }
            try tx.db.execute(
                sql: "DELETE FROM webhook_attempts WHERE community_id = ? AND message_id = ?",
                arguments: [row["community_id"] as String, id])
            try tx.db.execute(sql: "DELETE FROM webhook_messages WHERE id = ?", arguments: [id])
            removed += 1
        }
        return removed
    }
}
