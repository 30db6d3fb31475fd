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
