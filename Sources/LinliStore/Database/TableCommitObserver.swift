import GRDB

/// Calls back after every committed transaction that wrote to any of `tables`: the outbox (so the
/// delivery worker starts on an event milliseconds after its commit instead of at its next poll)
/// and tokens and members (so cached principals are dropped, see `AuthGeneration`).
///
/// GRDB only calls an observer for statements on the tables it observes (found by SQLite's
/// authorizer), so other writes pay nothing, and only the first change of a transaction is looked
/// at. Rolled-back changes call nothing at commit.
final class TableCommitObserver: TransactionObserver, @unchecked Sendable {
    // Mutated only on the writer's serial queue, as GRDB guarantees for transaction observers.
    private var touched = false
    private let tables: Set<String>
    private let onFirstChange: @Sendable () -> Void
    private let onCommit: @Sendable () -> Void

    /// - Parameter onFirstChange: runs at the transaction's first change of these tables, before
    ///   it commits (or rolls back).
    init(tables: Set<String>, onFirstChange: @escaping @Sendable () -> Void = {}, onCommit: @escaping @Sendable () -> Void) {
        self.tables = tables
        self.onFirstChange = onFirstChange
        self.onCommit = onCommit
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        tables.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        touched = true
        onFirstChange()
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        guard touched else { return }
        touched = false
        onCommit()
    }

    func databaseDidRollback(_ db: Database) {
        touched = false
    }
}
