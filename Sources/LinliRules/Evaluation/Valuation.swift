/// The result of valuing one listing: the points and everything needed to reproduce and explain
/// them. Stored as JSON with the listing; never recomputed silently.
public struct Valuation: Sendable, Hashable, Codable {
    /// Integer points after the single rounding.
    public let points: Int
    public let community: String
    public let ruleVersion: Int
    /// SHA-256 of the rule file that produced the value.
    public let contentHash: String
    public let rounding: RoundingMode
    /// The exact pre-rounding value to four decimal places (display only).
    public let unroundedValue: RuleDecimal
    /// Which cap bound the value, if any.
    public let cappedBy: CapKind?
    /// The breakdown, in pipeline order.
    public let steps: [ValuationStep]
    public let input: ValuationInput

    enum CodingKeys: String, CodingKey {
        case points, community
        case ruleVersion = "rule_version"
        case contentHash = "content_hash"
        case rounding
        case unroundedValue = "unrounded_value"
        case cappedBy = "capped_by"
        case steps, input
    }
}
