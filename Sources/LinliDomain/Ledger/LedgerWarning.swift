/// Something the caller should tell the member although the transfer succeeded, e.g. that their
/// balance is close to the credit limit. Codes are stable and have zh-CN/en messages in
/// `ErrorCatalog`, like errors.
public struct LedgerWarning: Hashable, Sendable {
    public let code: String
    public let member: MemberID
    public let parameters: [String: String]

    public init(code: String, member: MemberID, parameters: [String: String]) {
        self.code = code
        self.member = member
        self.parameters = parameters
    }

    /// The member's balance is at or below the soft threshold.
    public static func nearCreditLimit(member: MemberID, balance: Int, limits: LedgerLimits) -> LedgerWarning {
        LedgerWarning(
            code: "ledger.near_credit_limit", member: member,
            parameters: [
                "balance": String(balance), "threshold": String(-limits.warningThreshold),
                "limit": String(-limits.creditLimit), "available": String(max(0, balance + limits.creditLimit)),
            ])
    }
}
