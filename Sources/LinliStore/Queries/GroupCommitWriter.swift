import Foundation
import GRDB
import LinliDomain

/// Runs write use cases on GRDB's writer, every use case waiting at that moment in one SQLite
/// transaction, each inside its own savepoint (group commit). Every `Store.transaction` goes
/// through one of these.
///
/// Why: a commit has a fixed cost (WAL frames for every page touched, the FTS segment a
/// transaction flushes, locks, the commit record) that dominates a small use case, and SQLite
/// admits one writer at a time anyway. Under concurrent requests a group shares those costs:
/// index pages that several use cases touch are written once, and the full-text index gets one
/// segment per group instead of one per listing. Grouping keeps each use case atomic — its
/// savepoint is rolled back if it throws, so a refused spend leaves nothing, not even its audit
/// entry or outbox event — and callers are resumed only after the group has committed, so nothing
/// is acknowledged before it is durable; a failed commit fails every use case of the group. A use
/// case alone is a group of one and runs in a plain transaction, as before.
///
/// Use cases see each other's effects in order (they run one after another on one connection),
/// which is exactly the serialisation the ledger's balance checks rely on.
///
/// No thread of its own: the first use case to arrive queues a flush on GRDB's serial writer
/// queue, and the flush takes everything that has arrived by the time it runs; use cases arriving
/// during a flush queue the next one. So nothing waits for a timer, and there is nothing to stop:
/// `shutdown()` only refuses later writes and waits for the queued ones.
public final class GroupCommitWriter: @unchecked Sendable {
    /// A use case waiting for the writer.
    private struct Pending {
        let body: (Transaction) throws -> any Sendable
        let resume: (Result<any Sendable, any Error>) -> Void
    }

    private let database: AppDatabase
    private let clock: any WallClock
    private let ids: any IDGenerator
    private let maxGroup: Int
    private let condition = NSCondition()
    private var pending: [Pending] = []
    /// A flush is queued on the writer and has not taken its group yet.
    private var flushQueued = false
    /// Flushes queued or running.
    private var flushes = 0
    private var stopping = false

    /// - Parameter maxGroup: most use cases in one transaction (bounds the time one commit holds
    ///   the write lock, and the work lost to a failed commit).
    public init(database: AppDatabase, clock: any WallClock, ids: any IDGenerator, maxGroup: Int = 64) {
        self.database = database
        self.clock = clock
        self.ids = ids
        self.maxGroup = max(1, maxGroup)
    }

    /// A writer for the store's database, clock and ids.
    public convenience init(store: Store, maxGroup: Int = 64) {
        self.init(database: store.database, clock: store.clock, ids: store.ids, maxGroup: maxGroup)
    }

    /// Runs `body` in the next group transaction (in a savepoint when the group has others) and
    /// returns its result once the group has committed.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let item = Pending(
                body: { tx in try body(tx) },
                resume: { result in
                    switch result {
                    case .success(let value): continuation.resume(returning: value as! T)
                    case .failure(let error): continuation.resume(throwing: error)
                    }
                })
            condition.lock()
            guard !stopping else {
                condition.unlock()
                item.resume(.failure(StoreError.writerStopped))
                return
            }
            pending.append(item)
            let queue = !flushQueued
            if queue {
                flushQueued = true
                flushes += 1
            }
            condition.unlock()
            if queue { queueFlush() }
        }
    }

    /// Refuses later writes and waits until every write already submitted has finished. Never call
    /// it from inside a write.
    public func shutdown() {
        condition.lock()
        stopping = true
        while flushes > 0 { condition.wait() }
        condition.unlock()
    }

    private func queueFlush() {
        database.writer.asyncWriteWithoutTransaction { [self] db in flush(db) }
    }

    /// Takes the waiting use cases (up to `maxGroup`, queueing another flush for the rest) and
    /// runs them as one transaction.
    private func flush(_ db: Database) {
        condition.lock()
        let group = Array(pending.prefix(maxGroup))
        pending.removeFirst(group.count)
        flushQueued = !pending.isEmpty
        if flushQueued { flushes += 1 }
        let queueAnother = flushQueued
        condition.unlock()
        if queueAnother { queueFlush() }

        let start = ContinuousClock.now
        let results = run(group, db)
        database.observer.recordTransaction(kind: .write, duration: ContinuousClock.now - start)
        for (item, result) in zip(group, results) { item.resume(result) }

        condition.lock()
        flushes -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func run(_ group: [Pending], _ db: Database) -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(group.count)
        do {
            if group.count == 1 {
                var value: (any Sendable)?
                try db.inTransaction(.immediate) {
                    value = try group[0].body(Transaction(db: db, now: clock.now(), ids: ids))
                    return .commit
                }
                return [.success(value!)]
            }
            try db.inTransaction(.immediate) {
                for item in group {
                    let tx = Transaction(db: db, now: clock.now(), ids: ids)
                    do {
                        var value: (any Sendable)?
                        try db.inSavepoint {
                            value = try item.body(tx)
                            return .commit
                        }
                        results.append(.success(value!))
                    } catch {
                        results.append(.failure(error))
                    }
                }
                return .commit
            }
            return results
        } catch {
            return group.map { _ in .failure(error) }
        }
    }
}
