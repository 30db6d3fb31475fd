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

/// One line of the breakdown.
public struct ValuationStep: Sendable, Hashable, Codable {
    public let step: PipelineStep
    /// The multiplier applied (nil for the base, caps and rounding, which set a value).
    public let factor: RuleDecimal?
    /// The running value after this step, to four decimal places.
    public let value: RuleDecimal
    /// The rule-file line and column that produced the factor or amount.
    public let line: Int
    public let column: Int
    /// What happened, in plain words.
    public let detailEN: String
    public let detailZH: String

    enum CodingKeys: String, CodingKey {
        case step, factor, value, line, column
        case detailEN = "detail_en"
        case detailZH = "detail_zh"
    }
}

/// The fixed pipeline, in order.
public enum PipelineStep: String, Sendable, Hashable, Codable, CaseIterable {
    case base
    case condition
    case depreciation
    case scarcity
    case timeSlot = "time_slot"
    case intensity
    case certification
    case level
    case categoryWeight = "category_weight"
    case caps
    case round
}

/// The cap that bound a value.
public enum CapKind: String, Sendable, Hashable, Codable {
    case minimum
    case maximum
    case perHourMaximum = "per_hour_maximum"
}
