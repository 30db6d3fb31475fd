import Foundation
import GRDB
import LinliDomain
import Synchronization
import Testing

@testable import LinliStore

/// The partial index of migration 0015 serves the statement the code really runs.
///
/// SQLite uses a partial index only when a query's WHERE clause contains the index's condition as
/// written, so a harmless-looking edit (a bound parameter instead of `'published'`) would silently
/// turn an index lookup into a table scan. These tests run the real use cases with the writer's
/// statements traced, then ask SQLite for the plan of each traced statement.
@Suite struct PartialIndexPlanTests {
    /// The statements run on the writer connection while `body` runs.
    static func traced(_ database: AppDatabase, _ body: () throws -> Void) throws -> [String] {
        let statements = Mutex<[String]>([])
        try database.writer.writeWithoutTransaction { db in
            db.trace { event in
                if case .statement(let statement) = event { statements.withLock { $0.append(statement.sql) } }
            }
        }
        defer { try? database.writer.writeWithoutTransaction { db in db.trace(nil) } }
        try body()
        return statements.withLock { $0 }
    }

    /// The query plan of the first traced statement containing `fragment`.
    static func plan(_ database: AppDatabase, of statements: [String], containing fragment: String) throws -> String {
        let sql = try #require(statements.first { $0.contains(fragment) }, "no statement with \(fragment)")
        return try database.readSync { db in
            // The parameters stay unbound (NULL): the plan does not depend on their values.
            let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN \(sql)")
            statement.setUncheckedArguments(StatementArguments())
            return try Row.fetchAll(statement).map { $0["detail"] as String }.joined(separator: " | ")
        }
    }

    /// Expects the plan of the statement containing `fragment` to search `index`.
    static func expectIndex(
        _ database: AppDatabase, _ statements: [String], _ fragment: String, _ index: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let plan = try plan(database, of: statements, containing: fragment)
        #expect(plan.contains("INDEX \(index) "), "\(fragment): \(plan)", sourceLocation: sourceLocation)
    }

    @Test func exchangeQueriesUseThePartialIndex() throws {
        let fixture = try ExchangeFixture()
        let database = fixture.store.database
        _ = try fixture.accept(try fixture.request(try fixture.offer()))
        let statements = try Self.traced(database) {
            try database.writer.writeWithoutTransaction { db in
                _ = try ExchangeCompletionCommands.candidates(db, now: fixture.clock.now())
            }
        }
        try Self.expectIndex(database, statements, "scheduled_end <=", "exchanges_due")
    }

    /// Migration 0016: the scheduler finds stale requests through their partial index.
    @Test func staleRequestsUseThePartialIndex() throws {
        let fixture = try ExchangeFixture()
        let database = fixture.store.database
        _ = try fixture.request(try fixture.offer())
        let statements = try Self.traced(database) {
            _ = try fixture.store.transactionSync { tx in try ExchangeCommands.declineStaleRequests(tx) }
        }
        try Self.expectIndex(database, statements, "state = 'requested' AND scheduled_end <=", "exchanges_requested_until")
    }

    /// Migration 0040: a helper's other bookings are found through her partial index, not by
    /// searching every exchange of the community.
    @Test func aHelpersBookingsUseThePartialIndex() throws {
        let fixture = try ExchangeFixture()
        let database = fixture.store.database
        let offer = try fixture.timeListing()
        let statements = try Self.traced(database) { _ = try fixture.accept(try fixture.request(offer)) }
        try Self.expectIndex(database, statements, "listing_kind IN ('time', 'skill') AND id <>", "exchanges_helper_bookings")
    }
}
