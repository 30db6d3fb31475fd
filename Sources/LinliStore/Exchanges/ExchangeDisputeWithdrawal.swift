import Foundation
import GRDB
import LinliDomain

/// Taking a dispute back. Kept apart from `ExchangeIncidentCommands` because it undoes an
/// incident rather than recording one: nothing moves in the ledger, the hold is only unfrozen.
public enum ExchangeDisputeWithdrawal {
    /// The member who opened the dispute (or station staff acting for them) withdraws it before a
    /// moderator resolves it: the exchange is `accepted` again, its hold is held (unfrozen), and
    /// automatic confirmation resumes — at the original moment if it is still ahead, otherwise
    /// `exchange.dispute_withdrawal_grace_hours` from now. The other party cannot withdraw a
    /// dispute they did not open (403 `exchange.not_dispute_opener`): it is not theirs to drop.
    public static func withdraw(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeReasonInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        try input.validate(required: false)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .withdrawDispute)
        var exchange = access.exchange
        let member = access.actingFor ?? principal.memberID
        guard exchange.disputedBy == member else {
            throw DomainError(
                code: "exchange.not_dispute_opener", category: .forbidden,
                parameters: ["disputed_by": exchange.disputedBy?.rawValue ?? "-"])
        }
        let acting = access.actor(actor)
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try LedgerHoldCommands.unfreeze(
            tx, community: exchange.communityID, hold: try ExchangeLedger.holdID(exchange), reason: reason ?? "撤回纠纷", actor: acting)
        let rules = try services.rules(tx.db, for: exchange, at: tx.now)
        let before = exchange.state
        let withdrawnReason = exchange.disputeReason
        exchange.state = next
        exchange.autoConfirmResumeAt = exchange.resumeAfterWithdrawal(
            now: tx.now, afterHours: rules.autoConfirmAfterHours, graceHours: rules.disputeWithdrawalGraceHours)
        // The row describes the exchange as it stands; the audit entry keeps the dispute's history.
        exchange.disputeReason = nil
        exchange.disputedBy = nil
        exchange.disputedAt = nil
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.dispute_withdrawn", actor: acting, before: before, reason: reason,
            extra: [
                "dispute_reason": withdrawnReason,
                "auto_confirm_at": AuditTimestamp.iso(exchange.autoConfirmAt(afterHours: rules.autoConfirmAfterHours)),
            ])
        // Accepted again: a fraud-signal case opened on either side during the dispute must hold
        // this one too, as it would a new acceptance (a case that froze the disputed exchange
        // holds it already; the freeze rows are per exchange, so nothing is added twice).
        try ExchangeFreezes.freezeIfHeld(tx, exchange)
        // The other side was told of the dispute and promised the decision (`exchange_disputed`):
        // they hear that there will be none (helper 105).
        // Whether it goes on at once or stays frozen by a case (helper 168 #6: "can be completed as
        // usual" was told while a case had just frozen it, and to a provider, who cannot complete).
        if let other = exchange.counterpart(of: member) {
            var told = ["exchange_id": exchange.id.rawValue]
            told["case_id"] = try ExchangeFreezes.frozenBy(tx.db, community: exchange.communityID, exchange: exchange.id)?.rawValue
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: other, kind: .exchangeDisputeWithdrawn, subject: "exchange:\(exchange.id)",
                parameters: told)
        }
        // Staff withdrew it in her name: she was told of the dispute, and would otherwise wait for
        // a decision while automatic confirmation pays her points (helper 140).
        try ExchangeCommands.tellOfStepForYou(
            tx, exchange, staff: principal, resident: access.actingFor, step: "dispute_withdrawn", points: exchange.points)
        return ExchangeOutcome(exchange: exchange)
    }
}
