import GRDB
import LinliDomain

/// Member-to-member movements of the exchange life cycle that do not go through a hold: a direct
/// exchange payment, a no-show penalty, and the compensation a moderator orders after a dispute.
/// The exchange module decides when; these make each one a balanced, chained, idempotent transfer.
public enum LedgerSettlementCommands {
    /// The payer pays the payee directly (refused below the payer's credit limit). `minutes` is
    /// the actual duration of a time exchange.
    ///
    /// - Parameter settlingHold: the payment replaces a larger hold of the payer's that was just
    ///   refunded (a time exchange re-priced down). The payer then ends above where the hold had
    ///   put them, so the payment is not refused below the credit limit (only warned about), or a
    ///   payer pushed down by a penalty meanwhile could never be settled.
    public static func payExchange(
        _ tx: Transaction, community: CommunityID, payer: MemberID, payee: MemberID, points: Int, minutes: Int?,
        reason: String, reference: String?, idempotencyKey: String, actor: AuditActor, limits: LedgerLimits,
        settlingHold: Bool = false
    ) throws -> LedgerPoster.Result {
        var legs = PostingBuilder()
        legs.move(points, from: .member(payer), to: .member(payee))
        let draft = try TransferDraft(
            kind: .exchange, legs: legs.legs, reason: reason, reference: reference, idempotencyKey: idempotencyKey,
            settlement: Settlement(payer: payer, payee: payee, points: points, minutes: minutes), maxAmount: limits.maxTransferAmount)
        let posted = try LedgerPoster.post(
            tx, community: community, draft: draft, actor: actor, limits: limits, enforcement: settlingHold ? .imposed : nil)
        if !posted.replayed {
            try tx.emit(community, type: "ledger.exchange_paid", subject: "member:\(payer)", payload: LedgerTransferPayload(posted.transfer))
        }
        return posted
    }

    /// Takes a penalty from a member into the penalties account. Imposed: applied even below the
    /// credit limit (with a warning), or a member near the limit could never be penalised.
    public static func chargePenalty(
        _ tx: Transaction, community: CommunityID, member: MemberID, points: Int, reason: String, reference: String?,
        idempotencyKey: String, actor: AuditActor, limits: LedgerLimits
    ) throws -> LedgerPoster.Result {
        var legs = PostingBuilder()
        legs.move(points, from: .member(member), to: .penalties)
        let draft = try TransferDraft(
            kind: .penalty, legs: legs.legs, reason: reason, reference: reference, idempotencyKey: idempotencyKey,
            maxAmount: limits.maxTransferAmount)
        let posted = try LedgerPoster.post(tx, community: community, draft: draft, actor: actor, limits: limits)
        if !posted.replayed {
            try tx.audit(
                community, actor: actor, action: "ledger.penalty_charged", targetType: "member", targetID: member.rawValue,
                reason: reason, after: ["points": String(points), "transfer_id": posted.transfer.id.rawValue])
            try tx.emit(community, type: "ledger.penalty_charged", subject: "member:\(member)", payload: LedgerTransferPayload(posted.transfer))
        }
        return posted
    }

    /// One member compensates another, as a moderator ordered (a dispute's defect that does not
    /// affect use, or a case's victim). The audit entry's target is the member who pays;
    /// `recipient_id` names who is paid (it said `payer_id`, the exchange's payer, which read as the
    /// member paying). A case's compensation is not announced (`LedgerCorrectionCommands.isUnannounced`):
    /// its victim is often the case's reporter.
    public static func compensate(
        _ tx: Transaction, community: CommunityID, from provider: MemberID, to recipient: MemberID, points: Int, reason: String,
        auditReason: String? = nil, reference: String?, idempotencyKey: String, actor: AuditActor, limits: LedgerLimits
    ) throws -> LedgerPoster.Result {
        var legs = PostingBuilder()
        legs.move(points, from: .member(provider), to: .member(recipient))
        let draft = try TransferDraft(
            kind: .compensation, legs: legs.legs, reason: reason, reference: reference, idempotencyKey: idempotencyKey,
            maxAmount: limits.maxTransferAmount)
        let posted = try LedgerPoster.post(tx, community: community, draft: draft, actor: actor, limits: limits)
        if !posted.replayed {
            try tx.audit(
                community, actor: actor, action: "ledger.compensation_ordered", targetType: "member", targetID: provider.rawValue,
                reason: auditReason ?? reason, after: ["recipient_id": recipient.rawValue, "points": String(points), "transfer_id": posted.transfer.id.rawValue])
            if !LedgerCorrectionCommands.isUnannounced(posted.transfer) {
                try tx.emit(
                    community, type: "ledger.compensation_paid", subject: "member:\(recipient)", payload: LedgerTransferPayload(posted.transfer))
            }
        }
        return posted
    }
}
