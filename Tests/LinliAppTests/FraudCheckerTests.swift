import Foundation
import GRDB
import LinliApp
import LinliDomain
import LinliStore
import Logging
import Testing

/// The incremental fraud check as the server runs it, over the demo community: every settled
/// exchange judged once, across batches, and nothing judged again.
@Suite struct FraudCheckerTests {
    @Test func judgesEverySettledExchangeOnce() async throws {
        let database = try AppDatabase()
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["database.path": ":memory:"])
        let clock = ManualWallClock()
        let environment = try LinliEnvironment(configuration: configuration, database: database, logger: Logger(label: "test"), clock: clock)
        _ = try DemoSeeder.seed(environment.store, rules: environment.defaultRules)
        let checker = FraudChecker(store: environment.store, rules: environment.listings.rules, logger: Logger(label: "test"))
        let settled = try database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transfers WHERE kind IN ('exchange', 'release') AND payer_member_id IS NOT NULL AND payee_member_id IS NOT NULL") ?? 0
        }
        #expect(settled > 0, "the demo community has completed exchanges")
        // Batches of one transfer: the checker keeps going until the community is caught up.
        #expect(try await checker.runOnce(batch: 1) == settled)
        #expect(try await checker.runOnce() == 0)
        let caughtUp = try database.readSync { db in
            try Bool.fetchOne(db, sql: """
                SELECT (SELECT last_seq FROM fraud_check_cursors) = (SELECT MAX(seq) FROM ledger_transfers)
                """) ?? false
        }
        #expect(caughtUp)
    }
}
