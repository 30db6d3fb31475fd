import Foundation
import LinliStore

/// One round of webhook-log retention: finished messages whose `finished_at` is more than `days`
/// ago go, with their attempts (`WebhookRetentionCommands`). Candidates are read outside the
/// writer and deleted in batches of `WebhookRetentionCommands.batchSize`, one short transaction
/// each, so deliveries and requests keep flowing while a large backlog is cleared.
public enum WebhookRetention {
    /// Returns how many messages were deleted.
    @discardableResult
    public static func runOnce(store: Store, days: Int) async throws -> Int {
        let cutoff = store.clock.now().addingTimeInterval(-Double(days) * 86_400)
        var removed = 0
        while true {
            let ids = try await store.read { db in try WebhookRetentionCommands.candidates(db, finishedBefore: cutoff) }
            if ids.isEmpty { break }
            // A transaction of its own, marked as not a change to the delivery worker's queue:
            // only finished messages go, and the worker holds pending ones alone. Counted as a
            // change, each batch made the worker stop sending until it had reloaded.
            let tracker = store.database.webhookChanges
            let deleted = try await store.soloTransaction { tx in
                tracker.claimCurrentTransaction()
                return try WebhookRetentionCommands.purge(tx, ids: ids, finishedBefore: cutoff)
            }
            removed += deleted
            // Every candidate changed since it was read (resent or recovered): nothing more to do
            // this round, and reading them again would loop.
            if deleted == 0 || ids.count < WebhookRetentionCommands.batchSize { break }
        }
        return removed
    }
}
