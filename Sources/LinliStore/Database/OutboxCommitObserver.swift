import GRDB

/// Raises `signal` after every committed transaction that wrote to the outbox, so the delivery
/// worker starts on an event milliseconds after its commit instead of at its next poll. GRDB only
/// calls this for statements that touch `outbox_events` (found by SQLite's authorizer), so other
/// writes pay nothing for it. Rolled-back events never wake anyone.
final class OutboxCommitObserver: TransactionObserver, @unchecked Sendable {
    // Mutated only on the writer's serial queue, as GRDB guarantees for transaction observers.
    private var touched = false
    private let signal: ActivitySignal

    init(signal: ActivitySignal) {
        self.signal = signal
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "outbox_events"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        touched = true
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        guard touched else { return }
        touched = false
        signal.notify()
    }

    func databaseDidRollback(_ db: Database) {
        touched = false
    }
}
