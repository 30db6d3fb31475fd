/// Identifier space of exchanges: `exc_…`, time-ordered like every other id, so idempotency keys
/// and ledger references (`exchange:exc_…`) read well in statements and support requests.
public enum ExchangeIDKind: IdentifierKind { public static let prefix = "exc" }

public typealias ExchangeID = Identifier<ExchangeIDKind>
