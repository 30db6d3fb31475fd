import LinliDomain
import LinliStore
import Logging

/// Runs the incremental fraud check (`FraudCheckCommands`) for every community whose ledger has
/// moved since its bookmark, one short transaction per community and batch, until each is caught
/// up. Run by a `PeriodicTask` every few seconds, so a settled exchange is judged within seconds
/// of its commit without the completing request waiting for it.
public struct FraudChecker: Sendable {
    let store: Store
    let rules: ActiveRules
    let logger: Logger

    public init(store: Store, rules: ActiveRules, logger: Logger) {
        self.store = store
        self.rules = rules
        self.logger = logger
    }

    /// One round; returns how many settled exchanges were judged.
    @discardableResult
    public func runOnce(batch: Int = 500) async throws -> Int {
        var checked = 0
        for community in try await store.read({ db in try FraudCheckCommands.pending(db) }) {
            var cursor: Int64 = -1
            while true {
                let rules = self.rules
                let now = store.clock.now()
                let judged = try await store.read { db in
                    try FraudCheckCommands.evaluate(db, community: community, rules: rules, now: now, batch: batch)
                }
                let outcome = try await store.transaction { tx in try FraudCheckCommands.apply(tx, judged) }
                checked += outcome.exchangesChecked
                if !outcome.signalsRaised.isEmpty {
                    logger.notice(
                        "fraud signals raised",
                        metadata: [
                            "community_id": .string(community.rawValue), "count": .stringConvertible(outcome.signalsRaised.count),
                            "freezing_cases": .string(outcome.freezingCases.map(\.rawValue).joined(separator: ",")),
                        ])
                }
                // Caught up (or another checker moved the bookmark: the next round reads again).
                if outcome.cursor == cursor || outcome.cursor != judged.toCursor { break }
                cursor = outcome.cursor
            }
        }
        return checked
    }
}
