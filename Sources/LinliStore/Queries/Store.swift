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

    public init(database: AppDatabase, clock: any WallClock, ids: any IDGenerator) {
        self.database = database
        self.clock = clock
        self.ids = ids
    }

    /// Runs `body` in one write transaction with a `Transaction` context.
    public func transaction<T: Sendable>(_ body: @Sendable @escaping (Transaction) throws -> T) async throws -> T {
        let clock = self.clock
        let ids = self.ids
        return try await database.write { db in try body(Transaction(db: db, now: clock.now(), ids: ids)) }
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
