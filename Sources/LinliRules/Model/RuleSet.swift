/// A checked rule file: its identity and every policy other capabilities read. Obtained from
/// `RuleSetCompiler`; the valuation part lives, compiled, in `CompiledRuleSet`.
public struct RuleSet: Sendable {
    public let header: RuleSetHeader
    /// The name the file was checked under (used in diagnostics and breakdowns).
    public let fileName: String
    public let rounding: RoundingMode
    /// Public holidays (local dates) that time-slot windows listing `holiday` match.
    public let holidays: [LocalDate]
    public let categories: [CategoryDefinition]
    /// Days of demand/supply history the store should count for `ValuationContext.scarcity`
    /// (`valuation.scarcity.window_days`; 30 when the file has no scarcity step).
    public let scarcityWindowDays: Int
    public let listing: ListingPolicy
    public let review: ReviewPolicy
    public let ledger: LedgerPolicy
    public let exchange: ExchangePolicy
    public let moderation: ModerationPolicy
    public let creditScore: CreditScorePolicy
    public let fraud: FraudPolicy
    /// `events:`: household share, door and reminder of community events.
    public let events: EventPolicy

    /// The category with this slug.
    public func category(_ id: String) -> CategoryDefinition? { categories.first { $0.id == id } }
}
