/// Receives each pipeline step as it happens. The pipeline is generic over it, so the points-only
/// path (`SilentRecorder`) compiles to straight-line arithmetic with no allocation, while
/// `BreakdownRecorder` builds the stored explanation from the very same code.
protocol StepRecorder {
    mutating func record(
        _ step: PipelineStep, factor: RuleDecimal?, value: ExactValue, at location: SourceLocation,
        detail: @autoclosure () -> StepDetail)
}

/// Records nothing: the hot path.
struct SilentRecorder: StepRecorder {
    @inline(__always)
    mutating func record(
        _ step: PipelineStep, factor: RuleDecimal?, value: ExactValue, at location: SourceLocation,
        detail: @autoclosure () -> StepDetail
    ) {}
}

/// Records every step with its bilingual detail. Each value is shown so that rounding it by the
/// rule file's mode gives what rounding the exact one gives (`displayDecimal(roundingLike:)`).
struct BreakdownRecorder: StepRecorder {
    var steps: [ValuationStep] = []
    let rounding: RoundingMode

    mutating func record(
        _ step: PipelineStep, factor: RuleDecimal?, value: ExactValue, at location: SourceLocation,
        detail: @autoclosure () -> StepDetail
    ) {
        let text = detail()
        steps.append(ValuationStep(
            step: step, factor: factor, value: value.displayDecimal(roundingLike: rounding), line: location.line, column: location.column,
            detailEN: text.english, detailZH: text.chinese))
    }
}
