import Foundation
import LinliApp
import LinliDomain
import LinliStore
import Logging
import Testing

/// The automatic confirmation service against the demo community, driven by a manual clock.
@Suite struct ExchangeAutoConfirmerTests {
    /// A service environment over a fresh in-memory database, on a manual clock.
    static func demoEnvironment() throws -> (database: AppDatabase, clock: ManualWallClock, environment: LinliEnvironment) {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let clock = ManualWallClock()
        let environment = try LinliEnvironment(configuration: configuration, database: database, logger: Logger(label: "test"), clock: clock)
        return (database, clock, environment)
    }

    @Test func confirmsOnlyDueUndisputedExchanges() async throws {
        let (database, clock, environment) = try Self.demoEnvironment()
        _ = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        let confirmer = ExchangeAutoConfirmer(store: environment.store, services: environment.exchanges, logger: Logger(label: "test"))
        func states() throws -> [ExchangeState] {
            try database.readSync { db in
                try String.fetchAll(db, sql: "SELECT state FROM exchanges ORDER BY id").compactMap(ExchangeState.init(rawValue:))
            }
        }
        let before = try states()
        // Nothing is due yet: the accepted stroller hand-over is in three days.
        #expect(try await confirmer.runOnce() == 0)
        clock.advance(by: 3 * 86_400 + 3600 + 71 * 3600)
        #expect(try await confirmer.runOnce() == 0)
        clock.advance(by: 2 * 3600)
        #expect(try await confirmer.runOnce() == 1)
        let after = try states()
        #expect(before.filter { $0 == .accepted }.count == 1 && after.filter { $0 == .accepted }.isEmpty)
        #expect(after.filter { $0 == .completed }.count == 2)
        #expect(after.contains(.disputed), "a disputed exchange waits for the moderator")
        #expect(try await confirmer.runOnce() == 0)
        #expect(try database.readSync { db in try LedgerVerifier().verify(db) }.isClean)
    }

    /// The demo's unanswered rice-cooker request (in two days) is declined once its time has passed.
    @Test func declinesStaleRequests() async throws {
        let (database, clock, environment) = try Self.demoEnvironment()
        _ = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        let confirmer = ExchangeAutoConfirmer(store: environment.store, services: environment.exchanges, logger: Logger(label: "test"))
        let requested = { try database.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exchanges WHERE state = 'requested'") } }
        #expect(try requested() == 1)
        #expect(try await confirmer.declineStaleRequests() == 0)
        clock.advance(by: 3 * 86_400)
        #expect(try await confirmer.declineStaleRequests(batch: 1) == 1)
        #expect(try requested() == 0)
    }

    /// A candidate that cannot settle, ahead of a due one in the scheduler's order, does not hold
    /// it back: a round walks every page of candidates (pages of one here).
    @Test func aFailingCandidateDoesNotStarveTheOthers() async throws {
        let (database, clock, environment) = try Self.demoEnvironment()
        let demo = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        // 张伟 accepts 王秀英's waiting request for his rice cooker (in two days, before the
        // stroller hand-over in three).
        let zhang = try #require(demo.logins.first { $0.member.displayName == "张伟" }).member
        let owner = Principal(communityID: demo.community.id, memberID: zhang.id, role: zhang.role, tokenID: TokenID(trusted: "tok_00000000000000000000000000"))
        let cooker = try #require(try database.readSync { db in
            try String.fetchOne(db, sql: "SELECT id FROM exchanges WHERE state = 'requested' AND owner_id = ?", arguments: [zhang.id.rawValue])
        })
        _ = try environment.store.transactionSync { tx in
            try ExchangeCommands.accept(
                tx, principal: owner, id: ExchangeID(trusted: cooker), expectedVersion: nil, services: environment.exchanges,
                actor: .member(owner, requestID: nil))
        }
        // The cooker's exchange cannot settle (its hold's amount was raised behind the service's
        // back beyond what one transfer may move, so paying it out is refused), and comes first.
        try database.writeSync { db in
            try db.execute(
                sql: "UPDATE ledger_holds SET amount = 1000000000 WHERE id = (SELECT hold_id FROM exchanges WHERE id = ?)", arguments: [cooker])
        }
        clock.advance(by: 4 * 86_400 + 80 * 3600)
        let confirmer = ExchangeAutoConfirmer(store: environment.store, services: environment.exchanges, logger: Logger(label: "test"))
        #expect(try await confirmer.runOnce(batch: 1) == 1)
        let states = try database.readSync { db in
            try String.fetchAll(db, sql: "SELECT state FROM exchanges WHERE state IN ('accepted', 'completed') ORDER BY scheduled_end")
        }
        #expect(states.filter { $0 == "accepted" }.count == 1)  // the broken one, still waiting
        #expect(states.filter { $0 == "completed" }.count == 2)  // the demo's walk and the stroller
    }
}
