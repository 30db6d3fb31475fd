import LinliDomain

/// An exchange after a step, with any ledger warnings for the payer (near the credit limit).
public struct ExchangeOutcome: Sendable, Equatable {
    public let exchange: Exchange
    public let warnings: [LedgerWarning]
    /// The resident the caller acted for in this step (station staff for a resident,
    /// `ExchangeAccess.actingFor`), so the answer can carry that resident's warnings: the
    /// caller's token does not say it, proxying is decided per exchange.
    public let actingFor: MemberID?

    public init(exchange: Exchange, warnings: [LedgerWarning] = [], actingFor: MemberID? = nil) {
        self.exchange = exchange
        self.warnings = warnings
        self.actingFor = actingFor
    }
}
