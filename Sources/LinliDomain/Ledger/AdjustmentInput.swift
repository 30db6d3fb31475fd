/// Body of "adjust a balance" (admins only): a signed correction of a member's balance against
/// issuance (default) or the donations pool, always with a reason, always audited.
public struct AdjustmentInput: Decodable, Sendable, Equatable {
    /// Which system account the points come from or go to.
    public enum Source: String, Decodable, Sendable, CaseIterable {
        case issuance, donations

        public var account: AccountRef { self == .issuance ? .issuance : .donations }
    }

    public var memberID: MemberID
    /// Positive credits the member, negative debits them; never zero.
    public var amount: Int
    public var reason: String
    public var source: Source?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case memberID = "member_id", amount, reason, source
    }

    public init(memberID: MemberID, amount: Int, reason: String, source: Source? = nil) {
        self.memberID = memberID
        self.amount = amount
        self.reason = reason
        self.source = source
    }

    public func validate(limits: LedgerLimits) throws(DomainError) {
        var check = FieldValidator()
        if amount == 0 || amount.magnitude > UInt(limits.maxTransferAmount) {
            check.add(FieldIssue("/amount", .outOfRange, [
                "reason": "ledger.adjustment_amount", "min": "-\(limits.maxTransferAmount)", "max": "\(limits.maxTransferAmount)",
            ]))
        }
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        try check.finish()
    }
}
