import Foundation

/// A checked, compiled rule-set version: the policies other capabilities read (`ruleSet`) and the
/// evaluator for listing values. Immutable and `Sendable`: compile once per version, share freely
/// across requests.
public struct CompiledRuleSet: Sendable {
    public let ruleSet: RuleSet
    /// Findings that do not block activation (e.g. a cap the worst case would exceed).
    public let warnings: [RuleDiagnostic]
    let program: ValuationProgram

    init(ruleSet: RuleSet, program: ValuationProgram, warnings: [RuleDiagnostic]) {
        self.ruleSet = ruleSet
        self.program = program
        self.warnings = warnings
    }

    public var header: RuleSetHeader { ruleSet.header }

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
