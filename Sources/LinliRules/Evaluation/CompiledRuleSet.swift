import Foundation

/// A checked, compiled rule-set version: the policies other capabilities read (`ruleSet`) and the
/// evaluator for listing values. Immutable and `Sendable`: compile once per version, share freely
/// across requests.
public struct CompiledRuleSet: Sendable {
    public let ruleSet: RuleSet
    /// Findings that do not block activation (e.g. a cap the worst case would exceed).
    public let warnings: [RuleDiagnostic]
    /// The names of the time slots that list `holiday` (in file order): they need the year's
    /// dates in `holidays:` (`HolidayCalendar`).
    public let holidayWindows: [String]
    let program: ValuationProgram
    /// The `valuation:` section as written, by dotted key (`ValuationSourceValues`), for `rules diff`.
    let valuationValues: [String: String]

    init(
        ruleSet: RuleSet, program: ValuationProgram, warnings: [RuleDiagnostic], holidayWindows: [String],
        valuationValues: [String: String] = [:]
    ) {
        self.ruleSet = ruleSet
        self.program = program
        self.warnings = warnings
        self.holidayWindows = holidayWindows
        self.valuationValues = valuationValues
    }

    public var header: RuleSetHeader { ruleSet.header }

    /// The file's local date at `date` (in its `timezone`).
    public func localDate(_ date: Date) -> LocalDate {
        LocalDate(daysSinceEpoch: program.clock.localDay(date))
    }

    /// The instant the file's local date `day` begins.
    public func start(of day: LocalDate) -> Date {
        program.clock.instant(localSeconds: day.daysSinceEpoch * 86_400)
    }

    /// What the holidays lack at `date`, read in the file's time zone (`HolidayCalendar`).
    public func holidayGap(at date: Date) -> HolidayCalendarGap? {
        HolidayCalendar.gap(holidays: ruleSet.holidays, holidayWindows: holidayWindows, today: localDate(date))
    }

    /// Points only: the hot path (no allocation). Use for previews, search ranking, benchmarks.
    public func points(for input: ValuationInput, in context: ValuationContext) throws(RuleEvaluationError) -> Int {
        var recorder = SilentRecorder()
        return try program.run(input, context, &recorder).points
    }

    /// `held` scaled by how these rules value `actual` against `scheduled` (one listing at two
    /// durations, at one moment with the same counts): `held × value(actual) ÷ value(scheduled)`
    /// on the exact values, rounded once with the file's mode. The ratio of the two rounded
    /// values rounded three times and always half up: a 30-minute errand worth 4.5 against a held
    /// 45 minutes worth 6.75 (7) paid 4 where the exact share is 4.67 → 5 (helper 160 #7). Nil
    /// when `scheduled` is worth nothing, or the arithmetic leaves the pipeline's range.
    public func scale(
        _ held: Int, actual: ValuationInput, scheduled: ValuationInput, in context: ValuationContext
    ) throws(RuleEvaluationError) -> Int? {
        var recorder = SilentRecorder()
        let base = try program.run(scheduled, context, &recorder).unrounded
        var value = try program.run(actual, context, &recorder).unrounded
        guard held >= 0, base.numerator > 0,
              value.multiply(numerator: Int128(held), denominator: 1),
              value.multiply(numerator: base.denominator, denominator: base.numerator),
              !value.exceedsPipelineLimit
        else { return nil }
        return value.rounded(program.rounding)
    }

    /// The full valuation with its breakdown, to be stored with the listing.
    public func valuate(_ input: ValuationInput, in context: ValuationContext) throws(RuleEvaluationError) -> Valuation {
        var recorder = BreakdownRecorder(rounding: program.rounding)
        let outcome = try program.run(input, context, &recorder)
        return Valuation(
            points: outcome.points, community: ruleSet.header.community, ruleVersion: ruleSet.header.version,
            contentHash: ruleSet.header.contentHash, rounding: program.rounding,
            unroundedValue: outcome.unrounded.displayDecimal(roundingLike: program.rounding), cappedBy: outcome.cappedBy, steps: recorder.steps,
            input: input)
    }
}
