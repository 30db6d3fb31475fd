import LinliDomain
import LinliStore
import Logging

/// Completes accepted exchanges whose confirmation period (`exchange.auto_confirm_after_hours`
/// after the scheduled end) has passed without a dispute. Run by a `PeriodicTask`.
///
/// Each exchange is its own transaction, so one that cannot settle (logged) never holds back the
/// others; the time comes from the store's clock, so tests drive it with a fixed clock.
public struct ExchangeAutoConfirmer: Sendable {
    let store: Store
    let services: ExchangeServices
    let logger: Logger

    public init(store: Store, services: ExchangeServices, logger: Logger) {
        self.store = store
        self.services = services
        self.logger = logger
    }

    /// One round: confirms every due exchange (in batches) and returns how many completed.
    @discardableResult
    public func runOnce(batch: Int = 200) async throws -> Int {
        let now = store.clock.now()
        let candidates = try await store.read { db in try ExchangeCompletionCommands.candidates(db, now: now, limit: batch) }
        var completed = 0
        for (community, id) in candidates {
            do {
                let services = self.services
                let outcome = try await store.transaction { tx in
                    try ExchangeCompletionCommands.autoConfirm(tx, community: community, id: id, services: services)
                }
                if outcome != nil { completed += 1 }
            } catch {
                logger.error("automatic confirmation failed", metadata: ["exchange": .string(id.rawValue), "error": .string("\(error)")])
            }
        }
        if completed > 0 { logger.info("exchanges confirmed automatically", metadata: ["count": .stringConvertible(completed)]) }
        return completed
    }
}
