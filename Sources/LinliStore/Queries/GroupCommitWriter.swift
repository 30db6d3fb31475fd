import Foundation
import GRDB
import LinliDomain

/// Funnels write use cases through one thread that runs every use case waiting at that moment in
/// one SQLite transaction, each inside its own savepoint (group commit).
///
/// Why: a commit has a fixed cost (WAL frame headers, locks, the commit record) that dominates a
/// small use case, and SQLite admits one writer at a time anyway; the design notes measured
/// ~5–9k async writes/s when every request commits alone. Grouping keeps each use case atomic —
/// its savepoint is rolled back if it throws, so a refused spend leaves nothing, not even its
/// audit entry or outbox event — while the group shares one commit. Callers are resumed only
/// after the group has committed, so nothing is acknowledged before it is durable, and a failed
/// commit fails every use case of the group. With one caller at a time a group is one use case:
/// latency does not grow, only throughput under concurrency does.
///
/// Use cases see each other's effects in order (they run sequentially on one connection), which
/// is exactly the serialisation the ledger's balance checks rely on.
///
/// The writer owns a thread until `shutdown()` is called; call it before closing the database.
public final class GroupCommitWriter: @unchecked Sendable {
    /// A use case waiting for the writer thread.
    private struct Pending {
        let body: (Transaction) throws -> any Sendable
        let resume: (Result<any Sendable, any Error>) -> Void
    }

    private let store: Store
    private let maxGroup: Int
    private let condition = NSCondition()
    private var pending: [Pending] = []
    private var stopping = false
    private var running = true

    /// - Parameter maxGroup: most use cases in one transaction (bounds the time one commit holds
    ///   the write lock, and the work lost to a failed commit).
    public init(store: Store, maxGroup: Int = 64) {
        self.store = store
        self.maxGroup = max(1, maxGroup)
        let thread = Thread { [self] in self.loop() }
        thread.name = "linli-group-commit"
        thread.start()
    }

    /// Runs `body` in a savepoint of the next group transaction and returns its result once the
    /// group has committed.
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
            defer { condition.unlock() }
            guard !stopping else {
                item.resume(.failure(StoreError.writerStopped))
                return
            }
            pending.append(item)
            condition.signal()
        }
    }

    /// Finishes the use cases already submitted, then stops the thread. Later writes fail.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopping { condition.wait() }
            if pending.isEmpty {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let group = Array(pending.prefix(maxGroup))
            pending.removeFirst(group.count)
            condition.unlock()
            let results = run(group)
            for (item, result) in zip(group, results) { item.resume(result) }
        }
    }

    private func run(_ group: [Pending]) -> [Result<any Sendable, any Error>] {
        let clock = store.clock
        let ids = store.ids
        do {
            return try store.database.writeSync { db in
                var results: [Result<any Sendable, any Error>] = []
                results.reserveCapacity(group.count)
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
                return results
            }
        } catch {
            return group.map { _ in .failure(error) }
        }
    }
}
