import GRDB
import LinliDomain

/// Posts one transfer: the single place where ledger rows are written.
///
/// Everything happens inside the caller's write transaction: the idempotency lookup, the balance
/// updates with their credit checks, the chain link and the inserts. SQLite admits one writer at a
/// time (GRDB opens write transactions `IMMEDIATE`), so two concurrent spends from one account are
/// serialised and the second sees the first's balance: no double spend. A refused check throws,
/// and the caller's transaction rolls back whatever this transfer had already touched.
public enum LedgerPoster {
    /// What posting produced.
    public struct Result: Sendable, Equatable {
        public let transfer: Transfer
        /// True when the idempotency key had already been used for this same transfer: nothing new
        /// was written and `transfer` is the original.
        public let replayed: Bool
        /// E.g. a member's balance is now near the credit limit.
        public let warnings: [LedgerWarning]
    }

    /// Posts `draft` in `community`, or returns the transfer already posted under its key.
    ///
    /// Member debits of a voluntary kind (exchange, hold) are refused below the credit limit;
    /// other debits of members are imposed and only warned about. Pools never go below zero.
    ///
    /// - Throws: `ledger.idempotency_conflict` if the key was used for different content,
    ///   `ledger.credit_limit_exceeded`, `ledger.pool_insufficient`.
    ///
    /// - Parameter enforcement: how member debits are checked; nil decides by the transfer's kind.
    public static func post(
        _ tx: Transaction, community: CommunityID, draft: TransferDraft, actor: AuditActor, limits: LedgerLimits,
        keyAlreadyChecked: Bool = false, enforcement: CreditCheck.Enforcement? = nil
    ) throws -> Result {
        if !keyAlreadyChecked, let existing = try replay(tx.db, community: community, draft: draft) {
            return Result(transfer: existing, replayed: true, warnings: [])
        }
        let head = try LedgerTransfers.head(tx.db, community: community)
        let seq = head.seq + 1
        let time = LedgerTimestamp(tx.now)
        let enforcement = enforcement ?? (draft.kind.isVoluntarySpend ? .spend : .imposed)
        var postings: [Posting] = []
        var warnings: [LedgerWarning] = []
        /// Warnings for a member whose balance crossed the threshold with this transfer: told in
        /// her inbox, once per crossing, whoever moved her points.
        var crossed: [LedgerWarning] = []
        for (index, leg) in draft.legs.enumerated() {
            let after = try LedgerAccounts.apply(tx.db, community: community, account: leg.account, amount: leg.amount, seq: seq, at: time)
            if leg.amount < 0 {
                switch CreditCheck.evaluate(
                    account: leg.account, balanceBefore: after - leg.amount, amount: -leg.amount, limits: limits,
                    enforcement: enforcement)
                {
                case .allowed: break
                case .allowedWithWarning(let warning):
                    warnings.append(warning)
                    if after - leg.amount > -limits.warningThreshold { crossed.append(warning) }
                case .refused(let error): throw error
                }
            }
            postings.append(Posting(leg: index, account: leg.account, amount: leg.amount, balanceAfter: after))
        }
        if let settlement = draft.settlement {
            try LedgerAccounts.count(tx.db, community: community, settlement: settlement, sign: draft.kind == .reversal ? -1 : 1)
        }
        let unhashed = Transfer(
            id: tx.ids.next(), communityID: community, seq: seq, kind: draft.kind, reason: draft.reason,
            category: draft.category, memo: draft.memo, reference: draft.reference, actorID: actor.memberID,
            actorLabel: actor.label, onBehalfOf: actor.onBehalfOf, idempotencyKey: draft.idempotencyKey,
            reversesID: draft.reversesID, holdID: draft.holdID, settlement: draft.settlement, createdAt: time,
            postings: postings, previousHash: head.hash, hash: "")
        let transfer = unhashed.withHash(LedgerHasher.hash(of: unhashed))
        try insert(tx.db, transfer)
        for warning in warnings {
            try tx.emit(community, type: "ledger.near_credit_limit", subject: "member:\(warning.member)",
                        payload: LedgerWarningPayload(warning, transfer: transfer))
        }
        // The warning in an answer reaches only the caller (`LedgerWarningAudience`); a payer whose
        // points the other side moved (an owner accepting her request, a penalty, staff) never saw
        // it (helper 112). Her inbox says it when her balance first reaches the threshold.
        for warning in crossed {
            try MemberNotifications.notify(
                tx, community: community, member: warning.member, kind: .nearCreditLimit, subject: "transfer:\(transfer.id)",
                parameters: warning.parameters.merging(["transfer_id": transfer.id.rawValue]) { $1 })
        }
        return Result(transfer: transfer, replayed: false, warnings: warnings)
    }

    /// The transfer already posted under the draft's idempotency key, if it has the same content.
    ///
    /// - Throws: `ledger.idempotency_conflict` if the key was used for something else.
    public static func replay(_ db: Database, community: CommunityID, draft: TransferDraft) throws -> Transfer? {
        guard let existing = try LedgerTransfers.fetch(db, community: community, idempotencyKey: draft.idempotencyKey) else {
            return nil
        }
        guard existing.hasSameContent(as: draft) else {
            throw DomainError.ledgerIdempotencyConflict(key: draft.idempotencyKey, transfer: existing.id)
        }
        return existing
    }

    static func insert(_ db: Database, _ transfer: Transfer) throws {
        let community = transfer.communityID.rawValue
        let transferStatement = try db.cachedStatement(sql: """
            INSERT INTO ledger_transfers (id, community_id, seq, kind, reason, category, memo, reference, actor_id,
                actor_label, on_behalf_of, idempotency_key, reverses_id, hold_id, payer_member_id, payee_member_id,
                settled_points, service_minutes, created_at, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        // Bound by type (`RawBindings`): every exchange step posts a transfer, and the arrays of
        // existentials were a visible share of posting.
        try RawBindings.execute(transferStatement) { bind in
            bind.bind(transfer.id.rawValue)
            bind.bind(community)
            bind.bind(transfer.seq)
            bind.bind(transfer.kind.rawValue)
            bind.bind(transfer.reason)
            bind.bind(transfer.category)
            bind.bind(transfer.memo)
            bind.bind(transfer.reference)
            bind.bind(transfer.actorID?.rawValue)
            bind.bind(transfer.actorLabel)
            bind.bind(transfer.onBehalfOf?.rawValue)
            bind.bind(transfer.idempotencyKey)
            bind.bind(transfer.reversesID?.rawValue)
            bind.bind(transfer.holdID?.rawValue)
            bind.bind(transfer.settlement?.payer.rawValue)
            bind.bind(transfer.settlement?.payee.rawValue)
            bind.bind(transfer.settlement?.points)
            bind.bind(transfer.settlement?.minutes)
            bind.bind(transfer.createdAt.text)
            bind.bind(transfer.previousHash)
            bind.bind(transfer.hash)
        }
        let posting = try db.cachedStatement(sql: """
            INSERT INTO ledger_postings (community_id, transfer_seq, leg, account_id, amount, balance_after)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for line in transfer.postings {
            try RawBindings.execute(posting) { bind in
                bind.bind(community)
                bind.bind(transfer.seq)
                bind.bind(line.leg)
                bind.bind(line.account.rawValue)
                bind.bind(line.amount)
                bind.bind(line.balanceAfter)
            }
        }
    }
}

extension Transfer {
    /// The same transfer with its hash filled in.
    func withHash(_ hash: String) -> Transfer {
        Transfer(
            id: id, communityID: communityID, seq: seq, kind: kind, reason: reason, category: category, memo: memo,
            reference: reference, actorID: actorID, actorLabel: actorLabel, onBehalfOf: onBehalfOf,
            idempotencyKey: idempotencyKey, reversesID: reversesID, holdID: holdID, settlement: settlement,
            createdAt: createdAt, postings: postings, previousHash: previousHash, hash: hash)
    }
}
