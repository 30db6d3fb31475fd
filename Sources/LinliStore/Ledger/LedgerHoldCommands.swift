import GRDB
import LinliDomain

/// Holding points for an exchange and settling the hold: the ledger half of the exchange life
/// cycle (accepted → completed / cancelled / disputed). The exchange module decides *when*; these
/// commands make each step one balanced, chained, idempotent transfer plus the hold's new state.
///
/// Each step's idempotency key is the caller's (e.g. `exchange:exc_…:accept`), so a retried
/// accept or completion — after a timeout, or a crash before the response — applies once.
public enum LedgerHoldCommands {
    /// The hold after the step, the transfer that moved the points (nil for freeze/unfreeze),
    /// whether this was a replay of an earlier identical request, and any warnings for the payer.
    public struct Outcome: Sendable, Equatable {
        public let hold: Hold
        public let transfer: Transfer?
        public let replayed: Bool
        public let warnings: [LedgerWarning]
    }

    /// Takes `amount` points from the payer into escrow, refusing below the payer's credit limit.
    ///
    /// - Parameter audit: true when staff act (e.g. station staff for an elderly resident); a
    ///   resident's own accept is recorded by the transfer and its event alone.
    public static func place(
        _ tx: Transaction, community: CommunityID, payer: MemberID, amount: Int, reason: String, reference: String?,
        idempotencyKey: String, actor: AuditActor, limits: LedgerLimits, audit: Bool = false
    ) throws -> Outcome {
        let existing = try LedgerTransfers.fetch(tx.db, community: community, idempotencyKey: idempotencyKey)
        let holdID: HoldID = existing?.holdID ?? tx.ids.next()
        var legs = PostingBuilder()
        legs.move(amount, from: .member(payer), to: .escrow)
        let draft = try TransferDraft(
            kind: .hold, legs: legs.legs, reason: reason, reference: reference, idempotencyKey: idempotencyKey,
            holdID: holdID, maxAmount: limits.maxTransferAmount)
        if let existing {
            guard existing.hasSameContent(as: draft) else {
                throw DomainError.ledgerIdempotencyConflict(key: idempotencyKey, transfer: existing.id)
            }
            let hold = try LedgerHolds.fetch(tx.db, community: community, id: holdID)
            return Outcome(hold: hold, transfer: existing, replayed: true, warnings: [])
        }
        let posted = try LedgerPoster.post(
            tx, community: community, draft: draft, actor: actor, limits: limits, keyAlreadyChecked: true)
        let hold = Hold(
            id: holdID, communityID: community, payer: payer, amount: amount, state: .held, reference: reference,
            holdTransferID: posted.transfer.id, settleTransferID: nil, recipient: nil, createdAt: posted.transfer.createdAt,
            updatedAt: posted.transfer.createdAt, version: 1)
        try LedgerHolds.insert(tx.db, hold)
        try tx.emit(community, type: "ledger.hold_placed", subject: "member:\(payer)", payload: LedgerHoldPayload(hold, transfer: posted.transfer.id))
        if audit {
            try tx.audit(
                community, actor: actor, action: "ledger.hold_placed", targetType: "hold", targetID: holdID.rawValue,
                reason: reason, after: ["state": hold.state.rawValue, "amount": String(amount), "payer_id": payer.rawValue])
        }
        return Outcome(hold: hold, transfer: posted.transfer, replayed: false, warnings: posted.warnings)
    }

    /// Pays the held points to the provider (the exchange completed). `minutes` is the actual
    /// duration of a time exchange, counted as hours served and received.
    public static func release(
        _ tx: Transaction, community: CommunityID, hold id: HoldID, to provider: MemberID, minutes: Int?, reason: String,
        idempotencyKey: String, actor: AuditActor, limits: LedgerLimits, audit: Bool = false
    ) throws -> Outcome {
        let hold = try LedgerHolds.fetch(tx.db, community: community, id: id)
        guard provider != hold.payer else {
            throw DomainError.ledgerInvalidShape(kind: .release, detail: "a release to the payer is a refund")
        }
        if let minutes, minutes < 0 || minutes > 24 * 60 * 31 {
            throw DomainError.validation([FieldIssue("/minutes", .outOfRange, ["min": "0", "max": String(24 * 60 * 31)])])
        }
        let settlement = Settlement(payer: hold.payer, payee: provider, points: hold.amount, minutes: minutes)
        return try settle(
            tx, hold: hold, to: provider, state: .released, settlement: settlement, reason: reason,
            idempotencyKey: idempotencyKey, actor: actor, limits: limits, audit: audit)
    }

    /// Gives the held points back to the payer (the exchange was cancelled, or a dispute found the
    /// item unusable).
    public static func refund(
        _ tx: Transaction, community: CommunityID, hold id: HoldID, reason: String, idempotencyKey: String,
        actor: AuditActor, limits: LedgerLimits, audit: Bool = false
    ) throws -> Outcome {
        let hold = try LedgerHolds.fetch(tx.db, community: community, id: id)
        return try settle(
            tx, hold: hold, to: hold.payer, state: .refunded, settlement: nil, reason: reason,
            idempotencyKey: idempotencyKey, actor: actor, limits: limits, audit: audit)
    }

    /// Freezes a hold while a dispute is open: a side of the exchange (or staff acting for one)
    /// opens it, and the hold can then only be released or refunded by a moderator's resolution,
    /// or unfrozen when the dispute is withdrawn. Always audited, whoever caused it.
    public static func freeze(_ tx: Transaction, community: CommunityID, hold id: HoldID, reason: String, actor: AuditActor) throws -> Outcome {
        try changeState(tx, community: community, hold: id, to: .frozen, action: "frozen", reason: reason, actor: actor)
    }

    /// Lifts a freeze (the dispute was withdrawn). Always audited.
    public static func unfreeze(_ tx: Transaction, community: CommunityID, hold id: HoldID, reason: String, actor: AuditActor) throws -> Outcome {
        try changeState(tx, community: community, hold: id, to: .held, action: "unfrozen", reason: reason, actor: actor)
    }

    // MARK: steps

    static func settle(
        _ tx: Transaction, hold: Hold, to recipient: MemberID, state: HoldState, settlement: Settlement?, reason: String,
        idempotencyKey: String, actor: AuditActor, limits: LedgerLimits, audit: Bool
    ) throws -> Outcome {
        var legs = PostingBuilder()
        legs.move(hold.amount, from: .escrow, to: .member(recipient))
        let draft = try TransferDraft(
            kind: .release, legs: legs.legs, reason: reason, reference: hold.reference, idempotencyKey: idempotencyKey,
            holdID: hold.id, settlement: settlement, maxAmount: limits.maxTransferAmount)
        if let existing = try LedgerPoster.replay(tx.db, community: hold.communityID, draft: draft) {
            return Outcome(hold: hold, transfer: existing, replayed: true, warnings: [])
        }
        guard hold.state.canTransition(to: state) else {
            throw DomainError.ledgerHoldState(hold.id, state: hold.state, action: state == .released ? "released" : "refunded")
        }
        let posted = try LedgerPoster.post(
            tx, community: hold.communityID, draft: draft, actor: actor, limits: limits, keyAlreadyChecked: true)
        var settled = hold
        settled.state = state
        settled.settleTransferID = posted.transfer.id
        settled.recipient = recipient
        settled.updatedAt = posted.transfer.createdAt
        settled.version += 1
        try LedgerHolds.save(tx.db, settled, expectedVersion: hold.version)
        let event = state == .released ? "ledger.hold_released" : "ledger.hold_refunded"
        try tx.emit(
            hold.communityID, type: event, subject: "member:\(hold.payer)", payload: LedgerHoldPayload(settled, transfer: posted.transfer.id))
        if audit {
            try tx.audit(
                hold.communityID, actor: actor, action: event, targetType: "hold", targetID: hold.id.rawValue, reason: reason,
                before: ["state": hold.state.rawValue], after: ["state": state.rawValue, "recipient_id": recipient.rawValue])
        }
        return Outcome(hold: settled, transfer: posted.transfer, replayed: false, warnings: posted.warnings)
    }

    static func changeState(
        _ tx: Transaction, community: CommunityID, hold id: HoldID, to state: HoldState, action: String, reason: String,
        actor: AuditActor
    ) throws -> Outcome {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        try check.finish()
        let hold = try LedgerHolds.fetch(tx.db, community: community, id: id)
        guard hold.state.canTransition(to: state) else {
            throw DomainError.ledgerHoldState(id, state: hold.state, action: action)
        }
        var changed = hold
        changed.state = state
        changed.updatedAt = LedgerTimestamp(tx.now)
        changed.version += 1
        try LedgerHolds.save(tx.db, changed, expectedVersion: hold.version)
        let event = state == .frozen ? "ledger.hold_frozen" : "ledger.hold_unfrozen"
        try tx.emit(community, type: event, subject: "member:\(hold.payer)", payload: LedgerHoldPayload(changed, transfer: nil))
        try tx.audit(
            community, actor: actor, action: event, targetType: "hold", targetID: id.rawValue, reason: reason,
            before: ["state": hold.state.rawValue], after: ["state": state.rawValue])
        return Outcome(hold: changed, transfer: nil, replayed: false, warnings: [])
    }
}
