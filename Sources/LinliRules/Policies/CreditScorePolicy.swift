/// Weights of the explainable credit score (issue 6). Section `credit_score:`.
///
/// score = base
///   + completed_exchange × min(completed exchanges, completed_exchange_cap), where exchanges with
///     one counterparty (their household counting as one) count at most
///     completed_exchange_per_counterparty_cap times when the file sets it
///   + rating × Σ over ratings of (stars − 3) × rater standing (0…1)
///   + upheld_report × upheld reports against the member   (a negative weight)
///   + upheld_report × standing `deduct_credit` case actions within `moderation.strike_window_days`
///   + no_show × no-shows                                  (negative)
///   + lost_dispute × lost disputes                        (negative)
///   + account_age_per_month × min(months, account_age_cap_months)
///   + real_name_verified if verified
/// clamped to minimum…maximum. Weights are decimals so small contributions can be expressed.
public struct CreditScorePolicy: Sendable, Hashable, Codable {
    public var base: RuleDecimal = RuleDecimal(integer: 60)
    public var minimum: RuleDecimal = .zero
    public var maximum: RuleDecimal = RuleDecimal(integer: 100)
    public var completedExchange: RuleDecimal = RuleDecimal(units: 5_000)
    public var completedExchangeCap: Int = 40
    /// Completed exchanges with one counterparty — a member, or all members of one household —
    /// that count (`completed_exchange_per_counterparty_cap`); `nil` (the key absent): no such cap.
    ///
    /// Why: without it two friends trading 1-point favours forty times each reach the total cap,
    /// while the score is meant to say how many neighbours found a member reliable. Absent means
    /// uncapped, not a default number, so a rule file already in force keeps meaning what its
    /// norm-revision group adopted; the shipped preset sets it.
    public var completedExchangePerCounterpartyCap: Int?
    public var rating: RuleDecimal = RuleDecimal(units: 10_000)
    public var upheldReport: RuleDecimal = RuleDecimal(integer: -8)
    public var noShow: RuleDecimal = RuleDecimal(integer: -5)
    public var lostDispute: RuleDecimal = RuleDecimal(integer: -6)
    public var accountAgePerMonth: RuleDecimal = RuleDecimal(units: 5_000)
    public var accountAgeCapMonths: Int = 24
    public var realNameVerified: RuleDecimal = RuleDecimal(integer: 10)
    /// Levels by minimum score, ascending (`levels: [{level: 1, min_score: "0"}, …]`).
    public var levels: [Level] = [
        Level(level: 1, minScore: .zero), Level(level: 2, minScore: RuleDecimal(integer: 60)),
        Level(level: 3, minScore: RuleDecimal(integer: 75)), Level(level: 4, minScore: RuleDecimal(integer: 90)),
    ]

    public struct Level: Sendable, Hashable, Codable {
        public var level: Int
        public var minScore: RuleDecimal
    }

    public init() {}

    /// The highest level whose minimum the score reaches.
    public func level(forScore score: RuleDecimal) -> Int {
        levels.last { score >= $0.minScore }?.level ?? 0
    }

    init(reading reader: MappingReader?) {
        guard let reader else { return }
        let range = RuleDecimal(integer: -1000)...RuleDecimal(integer: 1000)
        let baseValue = reader.decimal("base", default: base, in: range)
        base = baseValue.value
        minimum = reader.decimal("minimum", default: minimum, in: range).value
        let maximumValue = reader.decimal("maximum", default: maximum, in: range)
        maximum = maximumValue.value
        if maximum <= minimum {
            reader.sink.report(.clampOrder, at: maximumValue.location,
                               en: "credit_score.maximum (\(maximum)) must be above minimum (\(minimum))",
                               zh: "credit_score.maximum（\(maximum)）必须大于 minimum（\(minimum)）")
        } else if base >= maximum {
            // A rating counts by its rater's standing, measured from `base` up to `maximum`: with
            // no room above the base, every rating weighs nothing, without a word (session 28
            // review). A warning: a file in force with it must stay readable.
            reader.sink.report(.clampOrder, at: baseValue.location, severity: .warning,
                               en: "credit_score.base (\(base)) should be below maximum (\(maximum)); otherwise ratings weigh nothing",
                               zh: "credit_score.base（\(base)）应小于 maximum（\(maximum)），否则评价不起作用")
        }
        if let weights = reader.child("weights") {
            // A weight of the wrong sign (a dropped minus) rewards upheld reports or no-shows, or
            // costs members for their exchanges (helper 160 #6): a warning, since a file in force
            // with one must stay readable.
            func weight(_ key: String, _ current: RuleDecimal, penalty: Bool) -> RuleDecimal {
                let read = weights.decimal(key, default: current, in: range)
                if penalty ? read.value > .zero : read.value < .zero {
                    weights.sink.report(
                        .weightSign, at: read.location, severity: .warning,
                        en: "credit_score.weights.\(key) is \(read.value): " + (penalty
                            ? "a positive weight raises the score for it; write it below 0 (e.g. \"-\(read.value)\")"
                            : "a negative weight lowers the score for it; write it at 0 or above"),
                        zh: "credit_score.weights.\(key) 为 \(read.value)：" + (penalty
                            ? "正数会让它加分；请写成负数（如 \"-\(read.value)\"）" : "负数会让它扣分；请写成 0 或正数"))
                }
                return read.value
            }
            completedExchange = weight("completed_exchange", completedExchange, penalty: false)
            rating = weight("rating", rating, penalty: false)
            upheldReport = weight("upheld_report", upheldReport, penalty: true)
            noShow = weight("no_show", noShow, penalty: true)
            lostDispute = weight("lost_dispute", lostDispute, penalty: true)
            accountAgePerMonth = weight("account_age_per_month", accountAgePerMonth, penalty: false)
            realNameVerified = weight("real_name_verified", realNameVerified, penalty: false)
            weights.finish()
        }
        completedExchangeCap = reader.integer("completed_exchange_cap", default: completedExchangeCap, in: 0...100_000)
        completedExchangePerCounterpartyCap = reader.integer("completed_exchange_per_counterparty_cap", in: 1...100_000)?.value
        accountAgeCapMonths = reader.integer("account_age_cap_months", default: accountAgeCapMonths, in: 0...1200)
        if let items = reader.list("levels", nonEmpty: true) {
            var parsed: [Level] = []
            for item in items {
                guard let entry = MappingReader(item, path: "credit_score.levels[]", sink: reader.sink) else { continue }
                let level = entry.integer("level", required: true, in: 1...100)
                let minScore = entry.decimal("min_score", required: true, in: range)
                entry.finish()
                guard let level, let minScore else { continue }
                if let last = parsed.last, level.value <= last.level || minScore.value <= last.minScore {
                    reader.sink.report(.thresholdOrder, at: item.location,
                                       en: "credit_score.levels must rise in both level and min_score",
                                       zh: "credit_score.levels 中等级和 min_score 都必须递增")
                }
                if minScore.value > maximum {
                    // No score reaches it: a category asking for this level can never be served
                    // (helper 160 #6). A warning, as a file in force with it must stay readable.
                    reader.sink.report(.thresholdOrder, at: minScore.location, severity: .warning,
                                       en: "credit_score.levels: level \(level.value) needs \(minScore.value), above the maximum score \(maximum): no member can reach it",
                                       zh: "credit_score.levels：等级 \(level.value) 需要 \(minScore.value) 分，高于最高分 \(maximum)，没有人能达到")
                }
                parsed.append(Level(level: level.value, minScore: minScore.value))
            }
            if !parsed.isEmpty { levels = parsed }
        }
        reader.finish()
    }
}
