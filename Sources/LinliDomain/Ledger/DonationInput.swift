/// Body of "convert a donation" (organizers and admins): a business or institution gave goods or
/// money, and the community credits the agreed points to its donations pool.
public struct DonationInput: Decodable, Sendable, Equatable {
    /// Who gave, e.g. 幸福超市.
    public var donor: String
    public var points: Int
    public var reason: String
    /// What was given, e.g. 20 箱矿泉水.
    public var memo: String?

    public enum CodingKeys: String, CodingKey, CaseIterable { case donor, points, reason, memo }

    public init(donor: String, points: Int, reason: String, memo: String? = nil) {
        self.donor = donor
        self.points = points
        self.reason = reason
        self.memo = memo
    }

    public func validate(limits: LedgerLimits) throws(DomainError) {
        var check = FieldValidator()
        check.text(donor, at: "/donor", max: LedgerTextLimits.reference)
        check.points(points, at: "/points", max: limits.maxTransferAmount)
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        check.text(memo, at: "/memo", required: false, max: LedgerTextLimits.memo)
        try check.finish()
    }
}
