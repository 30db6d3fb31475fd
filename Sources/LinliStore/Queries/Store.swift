import Foundation
import GRDB
import LinliDomain

/// The use cases that read and change persistent state. Each public method is one database
/// transaction: domain checks, the change, its audit entry and outbox event commit together.
///
/// Async methods make exactly one `read` or `write` call (each async GRDB call costs ~100–200 µs
/// here, so a request never makes two when one will do).
public final class Store: Sendable {
    public let database: AppDatabase
    public let clock: any WallClock
    public let ids: any IDGenerator
    /// Every `transaction` goes through it: concurrent use cases share a commit.
    private let writer: GroupCommitWriter

    public init(database: AppDatabase, clock: any WallClock, ids: any IDGenerator) {
        self.database = database
        self.clock = clock
        self.ids = ids
        self.writer = GroupCommitWriter(database: database, clock: clock, ids: ids)
    }

    /// Runs `body` as one atomic unit with a `Transaction` context: its own transaction, or its
    /// own savepoint in a transaction shared with the use cases that arrived at the same moment
    /// (`GroupCommitWriter`). Either way it commits entirely or not at all, and returns only once
    /// committed.
    ///
    /// Inside a request that claimed an `Idempotency-Key` (`IdempotencyScope`), the claim is marked
    /// applied in the same unit, so it commits if and only if the change does.
    public func transaction<T: Sendable>(_ body: @Sendable @escaping (Transaction) throws -> T) async throws -> T {
        guard let claim = IdempotencyScope.current else { return try await writer.write(body) }
        return try await writer.write { tx in
            let value = try body(tx)
            try IdempotencyCommands.markApplied(tx.db, claim: claim, now: tx.now)
            return value
        }
    }

    /// Runs `body` in a SQLite transaction of its own, never grouped with other use cases. For the
    /// delivery worker: it marks the whole transaction as its own (`WebhookChangeTracker`), so in a
    /// group another use case's webhook change (a resend, an endpoint edit) would be taken for the
    /// worker's and its in-memory queue would miss it. Its transactions are large batches anyway,
    /// with nothing to gain from sharing a commit.
    public func soloTransaction<T: Sendable>(_ body: @Sendable @escaping (Transaction) throws -> T) async throws -> T {
        let clock = self.clock
        let ids = self.ids
        let claim = IdempotencyScope.current
        return try await database.write { db in
            let tx = Transaction(db: db, now: clock.now(), ids: ids)
            let value = try body(tx)
            if let claim { try IdempotencyCommands.markApplied(db, claim: claim, now: tx.now) }
            return value
        }
    }

    /// A write beside the request's own change that stands when that change failed (a refused
    /// attempt counted, `PhoneChangeRefusals`): like `transaction`, but never tied to the request's
    /// `Idempotency-Key`, whose claim is marked applied only with the change it was claimed for.
    public func transactionBeside<T: Sendable>(_ body: @Sendable @escaping (Transaction) throws -> T) async throws -> T {
        try await IdempotencyScope.$current.withValue(nil) { try await writer.write(body) }
    }

    /// Synchronous twin of `transaction` for the command line.
    public func transactionSync<T>(_ body: (Transaction) throws -> T) throws -> T {
        let now = clock.now()
        return try database.writeSync { db in try body(Transaction(db: db, now: now, ids: ids)) }
    }

    public func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await database.read(body)
    }
}
