import Foundation

/// Evaluates a candidate rule set against the current one over a community's live listings.
/// Points are computed on the allocation-free path; breakdowns are built only for listings whose
/// points changed, to find the step that drove each change.
public enum RuleSetDiff {
    /// - Parameters:
    ///   - context: what the listings are valued in under the current rules (time, demand and supply).
    ///   - candidateContext: the same under the candidate, when it counts demand and supply over
    ///     another window (`scarcity.window_days`); nil: `context`. A changed window is a change
    ///     the report must show, not one it may hide by counting once for both.
    public static func compare(
        current: CompiledRuleSet, candidate: CompiledRuleSet, listings: [DiffListing], context: ValuationContext,
        candidateContext: ValuationContext? = nil, topMoverCount: Int = 10
    ) -> RuleSetDiffReport {
        let candidateContext = candidateContext ?? context
        var report = RuleSetDiffReport(
            currentVersion: current.header.version, candidateVersion: candidate.header.version,
            currentHash: current.header.contentHash, candidateHash: candidate.header.contentHash,
            total: listings.count, up: 0, down: 0, unchanged: 0, pointsBefore: 0, pointsAfter: 0,
            distribution: [], drivers: [], topMovers: [], newlyCapped: [], failures: [],
            policyChanges: RulePolicyDiff.changes(
                current: current.ruleSet, candidate: candidate.ruleSet, valuationBefore: current.valuationValues,
                valuationAfter: candidate.valuationValues))
        var fromStored = listings.contains { $0.stored != nil }
            ? RuleSetDiffReport.FromStored(up: 0, down: 0, unchanged: 0, pointsStored: 0, pointsAfter: 0, topMovers: []) : nil
        var storedMovers: [RuleSetDiffReport.StoredMover] = []
        var bands = Array(repeating: 0, count: bandLabels.count)
        var driverCounts: [PipelineStep: Int] = [:]
        var movers: [RuleSetDiffReport.Mover] = []
        for listing in listings {
            let context = context.excluding(listing.ownScarcity, category: listing.input.category, area: listing.input.area)
            let candidateContext = candidateContext.excluding(
                listing.ownScarcityUnderCandidate, category: listing.input.category, area: listing.input.area)
            let before: ValuationProgram.Outcome?
            let after: ValuationProgram.Outcome
            do {
                var silent = SilentRecorder()
                before = try current.program.run(listing.input, context, &silent)
            } catch {
                report.failures.append(failure(listing, error, underCandidate: false))
                before = nil
            }
            do {
                var silent = SilentRecorder()
                after = try candidate.program.run(listing.input, candidateContext, &silent)
            } catch {
                // Said once: a listing neither file can value is the current file's to explain.
                if before != nil { report.failures.append(failure(listing, error, underCandidate: true)) }
                continue
            }
            // From the stored points even when the rules in force cannot value the listing (a
            // candidate bringing back a category they dropped), and not for one stored under the
            // candidate already, which a revaluation leaves alone (helper 123).
            if let stored = listing.stored, listing.storedHash != candidate.header.contentHash {
                let moved = after.points - stored
                fromStored?.pointsStored += stored
                fromStored?.pointsAfter += after.points
                if moved > 0 { fromStored?.up += 1 } else if moved < 0 { fromStored?.down += 1 } else { fromStored?.unchanged += 1 }
                if moved != 0 {
                    storedMovers.append(.init(
                        listingID: listing.id, kind: listing.input.kind, category: listing.input.category, stored: stored,
                        after: after.points, delta: moved))
                }
            }
            guard let before else { continue }
            report.pointsBefore += before.points
            report.pointsAfter += after.points
            let delta = after.points - before.points
            if delta > 0 { report.up += 1 } else if delta < 0 { report.down += 1 } else { report.unchanged += 1 }
            bands[band(before: before.points, after: after.points)] += 1
            if let cap = after.cappedBy, before.cappedBy != cap {
                report.newlyCapped.append(.init(listingID: listing.id, cap: cap, before: before.points, after: after.points))
            }
            if delta != 0 {
                let driver = drivingStep(listing.input, context, candidateContext, current, candidate)
                driverCounts[driver, default: 0] += 1
                movers.append(.init(listingID: listing.id, kind: listing.input.kind, category: listing.input.category,
                                    before: before.points, after: after.points, delta: delta, drivenBy: driver))
            }
        }
        report.distribution = zip(bandLabels, bands).map { .init(label: $0, count: $1) }
        report.drivers = PipelineStep.allCases.compactMap { step in driverCounts[step].map { .init(step: step, count: $0) } }
        report.topMovers = Array(movers.sorted {
            ($0.delta.magnitude, $1.listingID) > ($1.delta.magnitude, $0.listingID)
        }.prefix(topMoverCount))
        fromStored?.topMovers = Array(storedMovers.sorted {
            ($0.delta.magnitude, $1.listingID) > ($1.delta.magnitude, $0.listingID)
        }.prefix(topMoverCount))
        report.fromStored = fromStored
        return report
    }

    static var bandLabels: [String] {
        ["≤ -50%", "-50%…-20%", "-20%…-5%", "-5%…0%", "0%", "0%…5%", "5%…20%", "20%…50%", "≥ 50%"]
    }

    /// Index into `bandLabels` for a change, compared in exact integers (points are never
    /// negative, so `before` > 0 below).
    static func band(before: Int, after: Int) -> Int {
        if after == before { return 4 }
        if before == 0 { return 8 }
        let change = 100 * (after - before)
        if change < 0 {
            if change <= -50 * before { return 0 }
            if change <= -20 * before { return 1 }
            if change <= -5 * before { return 2 }
            return 3
        }
        if change >= 50 * before { return 8 }
        if change >= 20 * before { return 7 }
        if change >= 5 * before { return 6 }
        return 5
    }

    /// The step whose effect changed most between the versions, measured as the log of the ratio
    /// of its multiplicative effect (base: the base value; caps: value after ÷ before).
    static func drivingStep(
        _ input: ValuationInput, _ context: ValuationContext, _ candidateContext: ValuationContext, _ current: CompiledRuleSet,
        _ candidate: CompiledRuleSet
    ) -> PipelineStep {
        guard let a = try? current.valuate(input, in: context), let b = try? candidate.valuate(input, in: candidateContext) else {
            return .base
        }
        let effectsA = effects(a.steps), effectsB = effects(b.steps)
        // No step's effect changed, yet the points did: the rounding made the difference (a new
        // `rounding` mode taking 22.50 to 23, not 22). It was put down to `base` (helper 121).
        var best: (PipelineStep, Double) = (.round, 1e-12)
        for step in PipelineStep.allCases where step != .round {
            let ea = effectsA[step] ?? 1, eb = effectsB[step] ?? 1
            let change: Double
            if ea <= 0 || eb <= 0 { change = ea == eb ? 0 : .infinity } else { change = abs(log(eb / ea)) }
            if change > best.1 { best = (step, change) }
        }
        return best.0
    }

    private static func effects(_ steps: [ValuationStep]) -> [PipelineStep: Double] {
        var result: [PipelineStep: Double] = [:]
        var previous = 0.0
        for step in steps {
            let value = Double(step.value.units) / Double(RuleDecimal.scale)
            switch step.step {
            case .base: result[.base] = value
            case .caps: result[.caps] = previous > 0 ? value / previous : 1
            case .round: break
            default: result[step.step] = step.factor.map { Double($0.units) / Double(RuleDecimal.scale) } ?? 1
            }
            previous = value
        }
        return result
    }

    private static func failure(_ listing: DiffListing, _ error: RuleEvaluationError, underCandidate: Bool) -> RuleSetDiffReport.Failure {
        .init(listingID: listing.id, underCandidate: underCandidate, code: error.code.rawValue,
              messageEN: error.messageEN, messageZH: error.messageZH)
    }
}
