import Foundation

/// The fixed pipeline: base → condition → depreciation → scarcity → time slot → intensity →
/// certification → level → category weight → caps → round. Exact until the one rounding.
extension ValuationProgram {
    struct Outcome {
        var points: Int
        var unrounded: ExactValue
        var cappedBy: CapKind?
    }

    @inline(__always)
    func run<R: StepRecorder>(
        _ input: ValuationInput, _ context: ValuationContext, _ recorder: inout R
    ) throws(RuleEvaluationError) -> Outcome {
        guard let categoryIndex = categoryIndex[input.category] else {
            throw RuleEvaluationError(.unknownCategory, field: "category")
        }
        let category = categories[categoryIndex]
        let kind = input.kind
        guard category.kinds.contains(kind) else { throw RuleEvaluationError(.kindNotInCategory, field: "kind") }

        // Overflow can only come from absurd magnitudes; blame the input that sets the magnitude.
        let magnitudeField: StaticString = kind == .item ? "declared_cost" : "duration_minutes"

        // Base
        var value: ExactValue
        var billedMinutes = 0
        var scheduledSeconds: (start: Int, end: Int)?
        if kind == .item {
            guard let cost = input.declaredCost else { throw RuleEvaluationError(.missingField, field: "declared_cost") }
            guard cost.units >= 0 else { throw RuleEvaluationError(.outOfRange, field: "declared_cost") }
            guard input.quantity >= 1, input.quantity <= 10_000 else { throw RuleEvaluationError(.outOfRange, field: "quantity") }
            value = ExactValue(numerator: Int128(cost.units) * Int128(input.quantity), denominator: Int128(RuleDecimal.scale))
            guard value.multiply(by: itemRate.fraction), !value.exceedsPipelineLimit else {
                throw RuleEvaluationError(.outOfRange, field: "declared_cost")
            }
            let belowMinimum = value.compare(to: itemMinimum.decimal) < 0
            if belowMinimum { value = ExactValue(itemMinimum.decimal) }
            recorder.record(.base, factor: nil, value: value, at: belowMinimum ? itemMinimum.location : itemRate.location,
                            detail: .itemBase(cost: cost, quantity: input.quantity, rate: itemRate.decimal,
                                              minimum: itemMinimum.decimal, minimumApplied: belowMinimum))
        } else {
            let rates = hourly[kind == .time ? 0 : 1]
            let actualMinutes: Int
            if let start = input.start, let end = input.end {
                // Local times at the start's UTC offset (as documented), so a job across a
                // daylight-saving change lasts and is billed its real minutes, not the wall
                // clock's difference (an hour more or less).
                let from = clock.localSeconds(start)
                let to = from + Int(end.timeIntervalSince1970.rounded(.down)) - Int(start.timeIntervalSince1970.rounded(.down))
                guard to > from else { throw RuleEvaluationError(.invalidField, field: "end") }
                guard to - from <= Self.maximumScheduleSeconds else { throw RuleEvaluationError(.outOfRange, field: "end") }
                scheduledSeconds = (from, to)
                actualMinutes = (to - from + 59) / 60
            } else if let minutes = input.durationMinutes {
                // Compared in minutes: `minutes * 60` traps for a client's absurd value (Int.max).
                guard minutes > 0, minutes <= Self.maximumScheduleSeconds / 60 else {
                    throw RuleEvaluationError(.outOfRange, field: "duration_minutes")
                }
                actualMinutes = minutes
            } else {
                throw RuleEvaluationError(.missingField, field: "duration_minutes")
            }
            let g = rates.granularityMinutes
            let roundedUp = (actualMinutes + g - 1) / g * g
            billedMinutes = max(roundedUp, rates.minimumMinutes)
            value = ExactValue(numerator: Int128(rates.perHour.decimal.units) * Int128(billedMinutes),
                               denominator: Int128(RuleDecimal.scale) * 60)
            recorder.record(.base, factor: nil, value: value, at: rates.perHour.location,
                            detail: .hourlyBase(actualMinutes: actualMinutes, billedMinutes: billedMinutes,
                                                granularity: g, perHour: rates.perHour.decimal,
                                                minimum: roundedUp < rates.minimumMinutes ? rates.minimumMinutes : nil))
        }

        // Condition
        if conditionKinds.contains(kind) {
            guard let condition = input.condition else { throw RuleEvaluationError(.missingField, field: "condition") }
            let factor = self.condition[condition.tableIndex]
            try apply(field: magnitudeField, factor, to: &value)
            recorder.record(.condition, factor: factor.decimal, value: value, at: factor.location, detail: .condition(condition))
        }

        // Depreciation
        if depreciationKinds.contains(kind) {
            let age: Int
            if let purchased = input.purchaseDate {
                let today = LocalDate(daysSinceEpoch: clock.localDay(context.valuedAt))
                age = purchased.wholeMonths(until: today)
            } else if let months = input.ageMonths {
                guard months >= 0 else { throw RuleEvaluationError(.outOfRange, field: "age_months") }
                age = months
            } else {
                throw RuleEvaluationError(.missingField, field: "purchase_date")
            }
            let curve = depreciationCurves[category.depreciationCurve]
            let factor = curve.factors[min(age, Self.maximumTabulatedAge)]
            try apply(field: magnitudeField, factor, to: &value)
            recorder.record(.depreciation, factor: factor.decimal, value: value, at: factor.location,
                            detail: .depreciation(ageMonths: age, halfLifeMonths: curve.halfLifeMonths))
        }

        // Scarcity
        if let scarcity, scarcity.kinds.contains(kind) {
            if category.scarcityExempt {
                recorder.record(.scarcity, factor: .one, value: value, at: scarcity.location,
                                detail: .scarcityExempt(category: input.category))
            } else {
                let given = context.counts(category: input.category, area: input.area)
                let counts = given ?? ScarcityCounts(demand: 0, supply: 0)
                let events = counts.demand + counts.supply
                if given == nil {
                    // Nothing was counted for this valuation (a check or an explanation on its own):
                    // said so, not "none recorded", which a reader takes for the community's
                    // figures (helper 160 #4).
                    recorder.record(.scarcity, factor: .one, value: value, at: scarcity.location, detail: .scarcityNotGiven)
                } else if events < scarcity.minEvents || events == 0 {
                    recorder.record(.scarcity, factor: .one, value: value, at: scarcity.location,
                                    detail: .scarcityTooFewEvents(events: events, minimum: scarcity.minEvents))
                } else {
                    let (units, clamped) = scarcity.factorUnits(demand: counts.demand, supply: counts.supply)
                    let decimal = RuleDecimal(units: units)
                    guard value.multiply(by: Fraction(decimal)), !value.exceedsPipelineLimit else {
                        throw RuleEvaluationError(.outOfRange, field: magnitudeField)
                    }
                    recorder.record(.scarcity, factor: decimal, value: value, at: scarcity.location,
                                    detail: .scarcityRatio(demand: counts.demand, supply: counts.supply, clamped: clamped))
                }
            }
        }

        // Time slot
        if let slots, slots.kinds.contains(kind) {
            if let (from, to) = scheduledSeconds {
                let weighted = slotWeightedUnits(slots, from: from, to: to)
                let seconds = Int128(to - from)
                guard value.multiply(numerator: weighted, denominator: seconds * Int128(RuleDecimal.scale)),
                    !value.exceedsPipelineLimit
                else {
                    throw RuleEvaluationError(.outOfRange, field: "end")
                }
                let exact = ExactValue(numerator: weighted, denominator: seconds * Int128(RuleDecimal.scale))
                let average = exact.displayDecimal
                recorder.record(.timeSlot, factor: average, value: value, at: slots.location,
                                detail: .slotSchedule(segments: slotSegments(slots, from: from, to: to), rounded: exact.compare(to: average) != 0))
            } else {
                try apply(field: magnitudeField, slots.defaultFactor, to: &value)
                recorder.record(.timeSlot, factor: slots.defaultFactor.decimal, value: value,
                                at: slots.defaultFactor.location, detail: .slotUnscheduled)
            }
        }

        // Intensity, certification, level
        if intensityKinds.contains(kind) {
            guard let intensity = input.intensity else { throw RuleEvaluationError(.missingField, field: "intensity") }
            let factor = self.intensity[intensity.tableIndex]
            try apply(field: magnitudeField, factor, to: &value)
            recorder.record(.intensity, factor: factor.decimal, value: value, at: factor.location, detail: .intensity(intensity))
        }
        if certificationKinds.contains(kind) {
            guard let certification = input.certification else { throw RuleEvaluationError(.missingField, field: "certification") }
            let factor = self.certification[certification.tableIndex]
            try apply(field: magnitudeField, factor, to: &value)
            recorder.record(.certification, factor: factor.decimal, value: value, at: factor.location,
                            detail: .certification(certification))
        }
        if levelKinds.contains(kind) {
            guard let level = input.level else { throw RuleEvaluationError(.missingField, field: "level") }
            let factor = self.level[level.tableIndex]
            try apply(field: magnitudeField, factor, to: &value)
            recorder.record(.level, factor: factor.decimal, value: value, at: factor.location, detail: .level(level))
        }

        // Category weight
        if categoryWeightKinds.contains(kind) {
            try apply(field: magnitudeField, category.weight, to: &value)
            recorder.record(.categoryWeight, factor: category.weight.decimal, value: value, at: category.weight.location,
                            detail: .categoryWeight(nameZH: categoryNames[categoryIndex].zh,
                                                    nameEN: categoryNames[categoryIndex].en,
                                                    isDefault: category.weightIsDefault))
        }

        // Caps: per-hour maximum, then per-listing maximum, then minimum.
        let cap = caps[kind.index]
        var cappedBy: CapKind?
        var capLocation = cap.location ?? capsLocation
        var capLimit = RuleDecimal.zero
        if let perHour = cap.perHourMaximum, kind != .item {
            let limit = ExactValue(numerator: Int128(perHour.decimal.units) * Int128(billedMinutes),
                                   denominator: Int128(RuleDecimal.scale) * 60)
            if value.compare(to: limit) > 0 {
                value = limit
                cappedBy = .perHourMaximum
                capLocation = perHour.location
                capLimit = perHour.decimal
            }
        }
        if let maximum = cap.maximum, value.compare(to: maximum.decimal) > 0 {
            value = ExactValue(maximum.decimal)
            cappedBy = .maximum
            capLocation = maximum.location
            capLimit = maximum.decimal
        }
        if let minimum = cap.minimum, value.compare(to: minimum.decimal) < 0 {
            value = ExactValue(minimum.decimal)
            cappedBy = .minimum
            capLocation = minimum.location
            capLimit = minimum.decimal
        }
        if cap.minimum != nil || cap.maximum != nil || cap.perHourMaximum != nil {
            recorder.record(.caps, factor: nil, value: value, at: capLocation,
                            detail: cappedBy.map { .capped($0, limit: capLimit) } ?? .uncapped)
        }

        // Every step kept the value within `pipelineLimit`, and a cap only lowers it or sets a
        // minimum (at most 10,000,000): rounding cannot trap.
        let points = value.rounded(rounding)
        recorder.record(.round, factor: nil, value: ExactValue(RuleDecimal(integer: Int64(points))), at: .wholeFile,
                        detail: .round(rounding))
        return Outcome(points: points, unrounded: value, cappedBy: cappedBy)
    }

    @inline(__always)
    private func apply(field: StaticString, _ factor: Factor, to value: inout ExactValue) throws(RuleEvaluationError) {
        guard value.multiply(by: factor.fraction), !value.exceedsPipelineLimit else { throw RuleEvaluationError(.outOfRange, field: field) }
    }
}

extension ValuationProgram.Scarcity {
    /// demand ÷ max(supply, 1) through the piecewise-linear curve, taken to four decimal places
    /// (half-even), then clamped. Flat before the first and after the last point.
    @inline(__always)
    func factorUnits(demand: Int, supply: Int) -> (units: Int64, clamped: Bool) {
        let s = Int128(Swift.max(supply, 1))
        let scaledDemand = Int128(demand) * Int128(RuleDecimal.scale)  // ratio × scale × s
        var units = factors[factors.count - 1]
        if scaledDemand <= Int128(ratios[0]) * s {
            units = factors[0]
        } else {
            for i in 1..<ratios.count where scaledDemand <= Int128(ratios[i]) * s {
                let x0 = Int128(ratios[i - 1]), x1 = Int128(ratios[i])
                let y0 = Int128(factors[i - 1]), y1 = Int128(factors[i])
                // y = y0 + (y1 − y0)(r − x0)/(x1 − x0), with r = scaledDemand / s
                let numerator = (y1 - y0) * (scaledDemand - x0 * s)
                let denominator = (x1 - x0) * s
                var q = numerator / denominator
                let r = numerator - q * denominator
                if r * 2 > denominator || (r * 2 == denominator && q & 1 == 1) { q += 1 }
                units = Int64(y0 + q)
                break
            }
        }
        let clamped = Swift.min(Swift.max(units, clampMin), clampMax)
        return (clamped, clamped != units)
    }
}

extension ItemCondition {
    @inline(__always) var tableIndex: Int {
        switch self {
        case .new: 0
        case .likeNew: 1
        case .good: 2
        case .fair: 3
        case .worn: 4
        case .forParts: 5
        }
    }
}

extension TimeIntensity {
    @inline(__always) var tableIndex: Int {
        switch self {
        case .light: 0
        case .moderate: 1
        case .heavy: 2
        }
    }
}

extension SkillCertification {
    @inline(__always) var tableIndex: Int {
        switch self {
        case .none: 0
        case .peerEndorsed: 1
        case .verifiedLicence: 2
        }
    }
}

extension SkillLevel {
    @inline(__always) var tableIndex: Int {
        switch self {
        case .beginner: 0
        case .intermediate: 1
        case .advanced: 2
        case .expert: 3
        }
    }
}
