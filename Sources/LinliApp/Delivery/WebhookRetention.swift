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
            let deleted = try await store.transaction { tx in
                try WebhookRetentionCommands.purge(tx, ids: ids, finishedBefore: cutoff)
            }
            removed += deleted
            // Every candidate changed since it was read (resent or recovered): nothing more to do
            // this round, and reading them again would loop.
            if deleted == 0 || ids.count < WebhookRetentionCommands.batchSize { break }
        }
        return removed
    }
}
