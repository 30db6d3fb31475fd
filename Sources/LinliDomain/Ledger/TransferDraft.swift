/// A transfer that has been checked and is ready to post: balanced legs of an allowed shape, a
/// reason, and an idempotency key. It cannot be constructed otherwise, so an unbalanced or
/// mis-shaped transfer can never reach the database.
public struct TransferDraft: Hashable, Sendable {
    public let kind: TransferKind
    /// Debits first, then credits, each account once.
    public let legs: [Leg]
    /// Why the points moved, in words a resident understands (shown on statements).
    public let reason: String
    /// A machine-readable sub-kind, e.g. the reward `community_cleaning`.
    public let category: String?
    /// Free notes (e.g. what a donor gave).
    public let memo: String?
    /// What the transfer belongs to outside the ledger, e.g. `exchange:exc_…` or a donor's name.
    public let reference: String?
    /// Unique per community: posting the same key again returns the first transfer.
    public let idempotencyKey: String
    public let reversesID: TransferID?
    public let holdID: HoldID?
    public let settlement: Settlement?

    /// Checks and builds a draft.
    ///
    /// - Throws: `ledger.unbalanced` if the legs do not sum to zero, `ledger.invalid_shape` if the
    ///   accounts do not fit the kind, `ledger.amount_out_of_range` for zero or oversized amounts,
    ///   `validation_failed` for an empty reason or a bad key.
    public init(
        kind: TransferKind, legs: [Leg], reason: String, category: String? = nil, memo: String? = nil,
        reference: String? = nil, idempotencyKey: String, reversesID: TransferID? = nil, holdID: HoldID? = nil,
        settlement: Settlement? = nil, maxAmount: Int = LedgerLimits.standard.maxTransferAmount
    ) throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        check.text(category, at: "/category", required: false, max: LedgerTextLimits.category)
        check.text(memo, at: "/memo", required: false, max: LedgerTextLimits.memo)
        check.text(reference, at: "/reference", required: false, max: LedgerTextLimits.reference)
        if !(1...LedgerTextLimits.idempotencyKey).contains(idempotencyKey.utf8.count) {
            check.add(FieldIssue("/idempotency_key", .outOfRange, ["min": "1", "max": String(LedgerTextLimits.idempotencyKey)]))
        }
        try check.finish()
        self.legs = try Self.checkedLegs(kind: kind, legs: legs, maxAmount: maxAmount)
        try Self.checkSettlement(settlement, kind: kind, legs: self.legs)
        if kind == .reversal, reversesID == nil {
            throw DomainError.ledgerInvalidShape(kind: kind, detail: "a reversal names the transfer it reverses")
        }
        if (kind == .hold || kind == .release), holdID == nil {
            throw DomainError.ledgerInvalidShape(kind: kind, detail: "hold transfers name their hold")
        }
        self.kind = kind
        self.reason = reason
        self.category = category
        self.memo = memo
        self.reference = reference
        self.idempotencyKey = idempotencyKey
        self.reversesID = reversesID
        self.holdID = holdID
        self.settlement = settlement
    }

    /// The total moved (the sum of the credits).
    public var amount: Int { legs.reduce(0) { $0 + max(0, $1.amount) } }

    /// Balanced, bounded, distinct accounts, allowed shape; returned debits first.
    static func checkedLegs(kind: TransferKind, legs: [Leg], maxAmount: Int) throws(DomainError) -> [Leg] {
        guard legs.count >= 2, legs.count <= LedgerTextLimits.maxLegs else {
            throw DomainError.ledgerInvalidShape(kind: kind, detail: "a transfer has 2 to \(LedgerTextLimits.maxLegs) legs")
        }
        var sum = 0
        for leg in legs {
            guard leg.amount != 0, leg.amount.magnitude <= UInt(maxAmount) else {
                throw DomainError.ledgerAmountOutOfRange(amount: leg.amount, max: maxAmount)
            }
            sum += leg.amount  // bounded by maxLegs × maxAmount: cannot overflow
        }
        guard sum == 0 else { throw DomainError.ledgerUnbalanced(sum: sum) }
        guard Set(legs.map(\.account)).count == legs.count else {
            throw DomainError.ledgerInvalidShape(kind: kind, detail: "each account appears once")
        }
        if let shapes = kind.allowedShapes {
            guard legs.count == 2, let debit = legs.first(where: { $0.amount < 0 }), let credit = legs.first(where: { $0.amount > 0 }),
                shapes.contains(where: { $0.debit == debit.account.kind && $0.credit == credit.account.kind })
            else {
                let allowed = shapes.map { "\($0.debit.rawValue)→\($0.credit.rawValue)" }.joined(separator: ", ")
                throw DomainError.ledgerInvalidShape(kind: kind, detail: "allowed: \(allowed)")
            }
        }
        return legs.filter { $0.amount < 0 } + legs.filter { $0.amount > 0 }
    }

    /// A settlement belongs only to exchange-settling transfers, and must agree with the legs.
    static func checkSettlement(_ settlement: Settlement?, kind: TransferKind, legs: [Leg]) throws(DomainError) {
        guard let settlement else { return }
        let credited = legs.first { $0.amount > 0 }
        let debited = legs.first { $0.amount < 0 }
        var consistent = settlement.points > 0 && (settlement.minutes ?? 0) >= 0 && settlement.payer != settlement.payee
        switch kind {
        case .exchange:
            consistent = consistent && debited?.account == .member(settlement.payer)
                && credited?.account == .member(settlement.payee) && credited?.amount == settlement.points
        case .release:
            consistent = consistent && credited?.account == .member(settlement.payee) && credited?.amount == settlement.points
        case .reversal:
            // The mirror of an exchange: the payee gives the points back to the payer.
            consistent = consistent && debited?.account == .member(settlement.payee)
                && credited?.account == .member(settlement.payer) && credited?.amount == settlement.points
        default:
            consistent = false
        }
        guard consistent else {
            throw DomainError.ledgerInvalidShape(kind: kind, detail: "the settlement does not match the postings")
        }
    }
}

/// Size limits of ledger text fields (characters) and of transfers.
public enum LedgerTextLimits {
    public static let reason = 500
    public static let category = 40
    public static let memo = 500
    public static let reference = 120
    public static let idempotencyKey = 200
    /// Two legs suffice for every kind today; the bound keeps a corrupted request from posting
    /// thousands of lines.
    public static let maxLegs = 8
}
