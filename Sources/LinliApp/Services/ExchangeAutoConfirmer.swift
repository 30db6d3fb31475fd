import LinliDomain
import LinliStore
import Logging

/// Completes accepted exchanges whose confirmation period (`exchange.auto_confirm_after_hours`
/// after the scheduled end) has passed without a dispute, and declines requests whose requested
/// time ended without an answer. Run by a `PeriodicTask`.
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

    /// One round: confirms every due exchange and returns how many completed. Candidates are read
    /// a page of `batch` at a time and the round walks every page, so candidates that are not due
    /// yet (a community with a longer confirmation period) or that fail cannot fill the first page
    /// and starve the due ones behind them.
    @discardableResult
    public func runOnce(batch: Int = 200) async throws -> Int {
        let now = store.clock.now()
        var completed = 0
        var cursor: ExchangeCandidateCursor?
        repeat {
            let after = cursor
            let page = try await store.read { [services] db in
                try ExchangeCompletionCommands.candidatePage(db, now: now, after: after, limit: batch, services: services)
            }
            for (community, id) in page.items where try await confirm(community, id) { completed += 1 }
            cursor = page.next
        } while cursor != nil
        if completed > 0 { logger.info("exchanges confirmed automatically", metadata: ["count": .stringConvertible(completed)]) }
        return completed
    }

    /// Declines the requests whose requested time has ended, in batches of `batch`, and returns
    /// how many (`ExchangeCommands.declineStaleRequests`).
    @discardableResult
    public func declineStaleRequests(batch: Int = 200) async throws -> Int {
        var declined = 0
        while true {
            let count = try await store.transaction { tx in try ExchangeCommands.declineStaleRequests(tx, limit: batch) }
            declined += count
            if count < batch { break }
        }
        if declined > 0 { logger.info("stale exchange requests declined", metadata: ["count": .stringConvertible(declined)]) }
        return declined
    }

    /// Confirms one candidate in its own transaction; false when it was not due or failed (logged).
    /// Only cancellation (shutdown) ends the round.
    private func confirm(_ community: CommunityID, _ id: ExchangeID) async throws -> Bool {
        do {
            let services = self.services
            return try await store.transaction { tx in
                try ExchangeCompletionCommands.autoConfirm(tx, community: community, id: id, services: services)
            } != nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.error("automatic confirmation failed", metadata: ["exchange": .string(id.rawValue), "error": .string("\(error)")])
            return false
        }
    }
}
