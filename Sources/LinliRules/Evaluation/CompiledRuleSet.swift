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

    init(ruleSet: RuleSet, program: ValuationProgram, warnings: [RuleDiagnostic], holidayWindows: [String]) {
        self.ruleSet = ruleSet
        self.program = program
        self.warnings = warnings
        self.holidayWindows = holidayWindows
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
