import Foundation
import LinliApp
import LinliDomain
import LinliStore
import Logging
import Testing

/// The automatic confirmation service against the demo community, driven by a manual clock.
@Suite struct ExchangeAutoConfirmerTests {
    @Test func confirmsOnlyDueUndisputedExchanges() async throws {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let clock = ManualWallClock()
        let environment = try LinliEnvironment(configuration: configuration, database: database, logger: Logger(label: "test"), clock: clock)
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
}
