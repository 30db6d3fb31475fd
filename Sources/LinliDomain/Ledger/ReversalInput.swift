/// Body of "reverse a transfer" (admins only). The reason is mandatory: a reversal is how a
/// mistake is corrected in an append-only ledger, and the next reader must learn why.
public struct ReversalInput: Decodable, Sendable, Equatable {
    public var reason: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }

    public init(reason: String) {
        self.reason = reason
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        try check.finish()
    }
}
