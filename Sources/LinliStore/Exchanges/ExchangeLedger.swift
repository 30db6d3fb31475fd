import Foundation
import GRDB
import LinliDomain

/// The money and listing side of exchange steps that end an accepted exchange: each is a fixed
/// set of ledger transfers (keys derived from the exchange and the step) plus the listing's
/// matching transition, inside the caller's transaction.
enum ExchangeLedger {
    /// Gives the held points back to the payer and makes the listing available again.
    static func refundAndRelease(
        _ tx: Transaction, _ exchange: Exchange, step: String, reason: String, services: ExchangeServices, actor: AuditActor
    ) throws {
        let community = exchange.communityID
        _ = try LedgerHoldCommands.refund(
            tx, community: community, hold: try holdID(exchange), reason: reason, idempotencyKey: "\(exchange.reference):\(step)-refund",
            actor: actor, limits: (try services.ledgerLimits(tx.db, community, at: tx.now)), audit: actor.onBehalfOf != nil)
        _ = try ListingCommands.applyExchangeEvent(
            tx, community: community, id: exchange.listingID, event: .release, services: services.listings, actor: actor)
    }

    /// Pays the provider per `plan` (see `ExchangeSettlementPlan`) and returns the payer's warnings.
    static func settle(
        _ tx: Transaction, _ exchange: Exchange, plan: ExchangeSettlementPlan, minutes: Int?, step: String, reason: String,
        services: ExchangeServices, actor: AuditActor, audit: Bool
    ) throws -> [LedgerWarning] {
        let community = exchange.communityID
        let limits = (try services.ledgerLimits(tx.db, community, at: tx.now))
        let key = "\(exchange.reference):\(step)"
        switch plan {
        case .release:
            return try LedgerHoldCommands.release(
                tx, community: community, hold: try holdID(exchange), to: exchange.provider, minutes: minutes, reason: reason,
                idempotencyKey: key, actor: actor, limits: limits, audit: audit
            ).warnings
        case .refundAndPay(let points):
            _ = try LedgerHoldCommands.refund(
                tx, community: community, hold: try holdID(exchange), reason: "按实际时长结算，先退回预留积分", idempotencyKey: "\(key)-refund",
                actor: actor, limits: limits, audit: audit)
            return try LedgerSettlementCommands.payExchange(
                tx, community: community, payer: exchange.payer, payee: exchange.provider, points: points, minutes: minutes,
                reason: reason, reference: exchange.reference, idempotencyKey: "\(key)-pay", actor: actor, limits: limits,
                settlingHold: true
            ).warnings
        }
    }

    /// The idempotency key of an exchange's no-show penalty: the no-show posts it, a contest finds
    /// it again by it.
    static func noShowPenaltyKey(_ exchange: Exchange) -> String { "\(exchange.reference):no-show-penalty" }

    static func holdID(_ exchange: Exchange) throws -> HoldID {
        guard let id = exchange.holdID else {
            throw StoreError.corruptRow(table: "exchanges", id: exchange.id.rawValue, reason: "accepted without a hold")
        }
        return id
    }
}
