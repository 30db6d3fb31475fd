/// Body of "grant a reward" (organizers and admins): points from the rewards account to a member,
/// for a named kind of community work.
public struct RewardInput: Decodable, Sendable, Equatable {
    public var memberID: MemberID
    public var points: Int
    /// The reward kind, a slug such as `community_cleaning` (the rule file names them).
    public var category: String
    public var reason: String
    public var memo: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case memberID = "member_id", points, category, reason, memo
    }

    public init(memberID: MemberID, points: Int, category: String, reason: String, memo: String? = nil) {
        self.memberID = memberID
        self.points = points
        self.category = category
        self.reason = reason
        self.memo = memo
    }

    public func validate(limits: LedgerLimits) throws(DomainError) {
        var check = FieldValidator()
        check.points(points, at: "/points", max: limits.maxTransferAmount)
        check.slug(category, at: "/category")
        check.text(reason, at: "/reason", max: LedgerTextLimits.reason)
        check.text(memo, at: "/memo", required: false, max: LedgerTextLimits.memo)
        try check.finish()
    }
}

extension FieldValidator {
    /// A positive whole number of points, at most `max`.
    public mutating func points(_ value: Int, at pointer: String, max: Int) {
        if value < 1 || value > max { add(FieldIssue(pointer, .outOfRange, ["min": "1", "max": String(max)])) }
    }

    /// A lower-case slug (`a-z`, `0-9`, `_`), 1–40 characters.
    public mutating func slug(_ value: String, at pointer: String) {
        let valid = (1...LedgerTextLimits.category).contains(value.utf8.count)
            && value.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        if !valid { add(FieldIssue(pointer, .invalidFormat, ["reason": "ledger.category_format", "max": String(LedgerTextLimits.category)])) }
    }
}
