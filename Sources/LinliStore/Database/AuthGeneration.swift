import GRDB
import Synchronization

/// A counter that moves whenever a committed transaction changed who may do what: a token issued
/// or revoked, a member's role or status changed (tables `access_tokens` and `members`).
///
/// The API caches authenticated principals for a few seconds (one database read less per
/// request); an entry is only good while the generation it was read under is current, so a
/// revocation or a suspension made by this process takes effect on the very next request. A
/// change made by another process (the CLI) is bounded by the cache's time to live.
public final class AuthGeneration: Sendable {
    private let value = Atomic<UInt64>(0)

    public init() {}

    public var current: UInt64 { value.load(ordering: .acquiring) }

    func bump() { value.add(1, ordering: .releasing) }
}

/// Moves `AuthGeneration` after each commit that touched `access_tokens` or `members`. Like
/// `OutboxCommitObserver`, GRDB calls it only for statements on those tables.
final class AuthCommitObserver: TransactionObserver, @unchecked Sendable {
    // Mutated only on the writer's serial queue, as GRDB guarantees for transaction observers.
    private var touched = false
    private let generation: AuthGeneration

    init(generation: AuthGeneration) {
        self.generation = generation
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "access_tokens" || eventKind.tableName == "members"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        touched = true
        // Bump before the commit as well: a reader that started before it and caches afterwards
        // holds the older generation and is refused (see `PrincipalCache`).
        generation.bump()
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        guard touched else { return }
        touched = false
        generation.bump()
    }

    func databaseDidRollback(_ db: Database) {
        touched = false
    }
}
