import GRDB
import Synchronization

/// Counts committed transactions that changed webhook endpoints or messages *other than the
/// delivery worker's own*, so the worker knows when its in-memory queue may be stale (a resend, a
/// recovery, an endpoint edited, disabled or deleted) and must be reloaded, without reading the
/// queue every round to find out.
///
/// The worker marks its own transactions with `claimCurrentTransaction()` from inside them. GRDB
/// runs write transactions and their observer callbacks one at a time on the writer's serial
/// queue, so "the current transaction" is well defined. Only statements touching the two tables
/// reach this observer (SQLite's authorizer tells GRDB which), and only the first change of a
/// transaction is looked at.
public final class WebhookChangeTracker: TransactionObserver, Sendable {
    private struct State {
        var touched = false
        var claimed = false
        var generation = 0
    }

    private let state = Mutex(State())
    /// Woken after such a commit, so the worker reacts at once instead of at its next poll.
    private let signal: ActivitySignal

    init(signal: ActivitySignal) {
        self.signal = signal
    }

    /// Bumped by every commit that changed webhook endpoints or messages and was not claimed.
    public var generation: Int { state.withLock { $0.generation } }

    /// Marks the transaction running now as the delivery worker's: its changes are already in the
    /// worker's memory. Call only from inside a write transaction.
    public func claimCurrentTransaction() {
        state.withLock { $0.claimed = true }
    }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "webhook_messages" || eventKind.tableName == "webhook_endpoints"
    }

    public func databaseDidChange(with event: DatabaseEvent) {
        state.withLock { $0.touched = true }
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    public func databaseDidCommit(_ db: Database) {
        let external = state.withLock { state -> Bool in
            defer {
                state.touched = false
                state.claimed = false
            }
            guard state.touched && !state.claimed else { return false }
            state.generation += 1
            return true
        }
        if external { signal.notify() }
    }

    public func databaseDidRollback(_ db: Database) {
        state.withLock { state in
            state.touched = false
            state.claimed = false
        }
    }
}
