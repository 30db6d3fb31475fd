import Foundation
import LinliStore

/// Sets the webhook queue gauges (`linli_webhook_queue_depth_messages`, the oldest pending
/// message's age) from the table, every few seconds from a periodic task.
///
/// Why not from the delivery worker: it holds only a window of each endpoint's backlog in memory
/// (`webhooks` queue window, 1,000 by default), so during a long outage — when operators look at
/// this gauge — it reported 1,000 whatever the backlog. Counting along `webhook_messages_pending`
/// costs one index range per observation.
public enum WebhookQueueGauge {
    public static func observe(store: Store, metrics: LinliMetrics) async throws {
        let now = store.clock.now()
        let health = try await store.read { db in try WebhookQueue.health(db, now: now) }
        metrics.queueObserved(pending: health.pending, oldestPendingSeconds: health.oldestPendingSeconds)
    }
}
