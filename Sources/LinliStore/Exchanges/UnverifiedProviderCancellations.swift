import Foundation
import GRDB
import LinliDomain

/// The exchanges a member provides in a category that needs a verified provider (child pick-up),
/// called off when her real-name verification is revoked: requested or accepted, not yet begun.
///
/// The check ran only when a request was made and accepted, so an accepted pick-up stayed on
/// with a provider whose verification staff had just revoked (a false ID found, say), nobody
/// told, and from its start the payer could no longer cancel (helper 187 #2). Each is cancelled
/// as a side's cancellation is (a hold goes back to the payer, a reserved listing returns), and
/// both sides are told why (`exchange_cancelled`, `by: verification_revoked`). One already begun
/// is left to the sides and a moderator (a dispute, a no-show), as after a listing's removal, and
/// one whose points a fraud case holds frozen to that case.
enum UnverifiedProviderCancellations {
    static func cancel(_ tx: Transaction, provider: Member, services: ExchangeServices, actor: AuditActor) throws {
        let open = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: """
                SELECT * FROM exchanges WHERE community_id = ? AND provider_id = ? AND state IN ('requested', 'accepted')
                  AND scheduled_start > ? ORDER BY id
                """),
            arguments: [provider.communityID.rawValue, provider.id.rawValue, tx.now])
        for found in open {
            let listing = try ListingPersistence.fetch(tx.db, community: found.communityID, id: found.listingID)
            guard let category = try services.listings.category(
                tx.db, community: found.communityID, code: listing.content.categoryCode, at: tx.now),
                category.needsVerifiedProvider
            else { continue }
            // Points a fraud case holds frozen are the case's to release (helper 191 #1): left to
            // its moderator, as an exchange already begun is left to the sides.
            if try ExchangeFreezes.frozenBy(tx.db, community: found.communityID, exchange: found.id) != nil { continue }
            var exchange = found
            let refunded = exchange.state == .accepted ? exchange.points : nil
            if refunded != nil {
                try ExchangeLedger.refundAndRelease(
                    tx, exchange, step: "cancel", reason: "提供方实名认证已撤销，交换取消，退回预留积分", services: services, actor: actor)
            }
            let before = exchange.state
            exchange.state = .cancelled
            exchange.closedAt = tx.now
            exchange = try ExchangePersistence.save(tx, exchange)
            try ExchangePersistence.record(
                tx, exchange, event: "exchange.cancelled", actor: actor, before: before, reason: "provider verification revoked")
            var parameters = [
                "exchange_id": exchange.id.rawValue, "title": listing.content.title, "by": "verification_revoked",
                "starts_at": try ExchangePartyNotices.localStart(tx, exchange),
            ]
            if let refunded { parameters["refunded"] = String(refunded) }
            for member in [exchange.payer, exchange.provider] {
                try MemberNotifications.notify(
                    tx, community: exchange.communityID, member: member, kind: .exchangeCancelled, subject: "exchange:\(exchange.id)",
                    parameters: parameters.merging(["role": exchange.payer == member ? "payer" : "provider"]) { $1 })
            }
        }
    }
}
