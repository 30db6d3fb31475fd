/// What a payer's hold line tells her became of the points it took: the hold's own state
/// (`HoldState`), plus one case that only a statement needs to tell apart.
///
/// Why a type of its own: `HoldState` is the ledger's (the verifier checks each hold against its
/// exchange by it), and a hold that was refunded is refunded there, whatever followed. But when a
/// time exchange is settled by its actual minutes for less than was held (`ExchangeLedger.settle`,
/// `.refundAndPay`), or an overturned no-show pays the provider after all, the hold is refunded and
/// a separate exchange payment follows. Her hold line then read "since returned" although she
/// did pay, only less or later (helper 140).
public enum HoldOutcome: String, Sendable, CaseIterable, Codable {
    case held
    case frozen
    case released
    case refunded
    /// Refunded, and the same exchange then paid by its own transfer (the line after it, unless a
    /// filter hides it).
    case refundedThenPaid = "refunded_then_paid"

    public init(_ state: HoldState, paidSeparately: Bool = false) {
        switch state {
        case .held: self = .held
        case .frozen: self = .frozen
        case .released: self = .released
        case .refunded: self = paidSeparately ? .refundedThenPaid : .refunded
        }
    }
}
