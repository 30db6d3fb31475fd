import LinliDomain

/// An exchange after a step, with any ledger warnings for the payer (near the credit limit).
public struct ExchangeOutcome: Sendable, Equatable {
    public let exchange: Exchange
    public let warnings: [LedgerWarning]

    public init(exchange: Exchange, warnings: [LedgerWarning] = []) {
        self.exchange = exchange
        self.warnings = warnings
    }
}
