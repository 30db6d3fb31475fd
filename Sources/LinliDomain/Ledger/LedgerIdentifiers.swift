/// Identifier spaces of the ledger. Transfers and holds get prefixed, time-ordered ids like every
/// other object, so a support request quoting `trf_…` or `hold_…` can never be confused with a member.
public enum TransferIdentifierKind: IdentifierKind { public static let prefix = "trf" }
public enum HoldIdentifierKind: IdentifierKind { public static let prefix = "hold" }

public typealias TransferID = Identifier<TransferIdentifierKind>
public typealias HoldID = Identifier<HoldIdentifierKind>
