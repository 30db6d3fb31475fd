import Foundation

/// The valuation pipeline compiled into flat tables: every factor a reduced fraction, every
/// half-life curve pre-tabulated per month of age, category lookups resolved to indexes. Built once
/// per rule-set version; `run` then does integer arithmetic and table lookups only.
struct ValuationProgram: Sendable {
    /// Ages beyond this many months use the last tabulated factor.
    static let maximumTabulatedAge = 1200
    /// The longest schedule a time or skill valuation accepts (one week), which bounds slot work.
    static let maximumScheduleSeconds = 7 * 86_400

    struct Factor: Sendable {
        let fraction: Fraction
        let decimal: RuleDecimal
        let location: SourceLocation

        init(_ decimal: RuleDecimal, at location: SourceLocation) {
            self.fraction = Fraction(decimal)
            self.decimal = decimal
            self.location = location
        }

        init(_ located: Located<RuleDecimal>) { self.init(located.value, at: located.location) }
    }

    /// Per-category data the pipeline reads; plain values only (no strings), so reading one costs
    /// no reference counting. Names live in `categoryNames`.
    struct Category: Sendable {
        let kinds: KindSet
        let weight: Factor
        let weightIsDefault: Bool
        /// Index into `depreciationCurves`.
        let depreciationCurve: Int
        let scarcityExempt: Bool
    }

    /// Depreciation factor for each month of age 0…maximumTabulatedAge.
    struct DepreciationCurve: Sendable {
        let factors: [Factor]
        let halfLifeMonths: Int?
    }

    struct Hourly: Sendable {
        let perHour: Factor
        let granularityMinutes: Int
        let minimumMinutes: Int
    }

    struct Scarcity: Sendable {
        let kinds: KindSet
        let minEvents: Int
        let ratios: [Int64]
        let factors: [Int64]
        let clampMin: Int64
        let clampMax: Int64
        let location: SourceLocation
    }

    struct Slots: Sendable {
        let kinds: KindSet
        let defaultFactor: Factor
        let windows: [TimeWindow]
        /// The windows' matching data as plain arrays (no strings) for the hot path.
        let days: [UInt8]
        let from: [Int]
        let to: [Int]
        let factorUnits: [Int64]
        /// Sorted distinct window edges in seconds after midnight, always ending with 86,400.
        let boundaries: [Int]
        let location: SourceLocation
    }

    struct Caps: Sendable {
        var minimum: Factor?
        var maximum: Factor?
        var perHourMaximum: Factor?
        /// `caps.<kind>` in the file, when the file has the kind's caps.
        var location: SourceLocation?
    }

    let rounding: RoundingMode
    let clock: LocalClock
    let holidayDays: Set<Int>
    let categoryIndex: [String: Int]
    let categories: [Category]
    let categoryNames: [(id: String, zh: String, en: String)]
    let itemRate: Factor
    let itemMinimum: Factor
    let hourly: [Hourly]  // [time, skill]
    let conditionKinds: KindSet
    let condition: [Factor]  // by ItemCondition.allCases order
    let conditionLocation: SourceLocation
    let depreciationKinds: KindSet
    let depreciationCurves: [DepreciationCurve]
    let depreciationLocation: SourceLocation
    let scarcity: Scarcity?
    let slots: Slots?
    let intensityKinds: KindSet
    let intensity: [Factor]
    let certificationKinds: KindSet
    let certification: [Factor]
    let levelKinds: KindSet
    let level: [Factor]
    let categoryWeightKinds: KindSet
    let caps: [Caps]  // by ListingKind.index
    let capsLocation: SourceLocation

    init(rules: ValuationRules, ruleSet: RuleSet, clock: LocalClock) {
        rounding = ruleSet.rounding
        self.clock = clock
        holidayDays = Set(ruleSet.holidays.map(\.daysSinceEpoch))
        itemRate = Factor(rules.itemBase.rate)
        itemMinimum = Factor(rules.itemBase.minimum)
        hourly = [rules.timeBase, rules.skillBase].map {
            Hourly(perHour: Factor($0.perHour), granularityMinutes: $0.granularityMinutes, minimumMinutes: $0.minimumMinutes)
        }
        func table<K: CaseIterable & Hashable & Sendable>(_ step: ValuationRules.TableStep<K>?) -> (KindSet, [Factor]) {
            guard let step else { return ([], []) }
            return (step.kinds, K.allCases.map { Factor(step.factors[$0]!) })
        }
        (conditionKinds, condition) = table(rules.condition)
        conditionLocation = rules.condition?.location ?? .wholeFile
        (intensityKinds, intensity) = table(rules.intensity)
        (certificationKinds, certification) = table(rules.certification)
        (levelKinds, level) = table(rules.level)

        var curves: [DepreciationCurve] = []
        var curveByCategory: [String: Int] = [:]
        if let depreciation = rules.depreciation {
            depreciationKinds = depreciation.kinds
            depreciationLocation = depreciation.location
            curves.append(Self.tabulate(depreciation.standard))
            for (category, model) in depreciation.byCategory {
                curveByCategory[category.value] = curves.count
                curves.append(Self.tabulate(model))
            }
        } else {
            depreciationKinds = []
            depreciationLocation = .wholeFile
        }
        depreciationCurves = curves

        let weights = Dictionary(rules.categoryWeight?.weights.map { ($0.category.value, $0.factor) } ?? [],
                                 uniquingKeysWith: { first, _ in first })
        let standardWeight = rules.categoryWeight?.standard ?? Located(.one, at: .wholeFile)
        categoryWeightKinds = rules.categoryWeight?.kinds ?? []
        let exempt = Set(rules.scarcity?.exemptCategories.map(\.value) ?? [])
        categories = ruleSet.categories.map { definition in
            let weight = weights[definition.id]
            return Category(
                kinds: definition.kinds,
                weight: Factor(weight ?? standardWeight), weightIsDefault: weight == nil,
                depreciationCurve: curveByCategory[definition.id] ?? 0, scarcityExempt: exempt.contains(definition.id))
        }
        categoryNames = ruleSet.categories.map { ($0.id, $0.nameZH, $0.nameEN) }
        categoryIndex = Dictionary(uniqueKeysWithValues: ruleSet.categories.enumerated().map { ($1.id, $0) })

        scarcity = rules.scarcity.map {
            Scarcity(kinds: $0.kinds, minEvents: $0.minEvents, ratios: $0.curve.map(\.ratio.units),
                     factors: $0.curve.map(\.factor.units), clampMin: $0.clampMin.value.units,
                     clampMax: $0.clampMax.value.units, location: $0.location)
        }
        slots = rules.timeSlots.map { slotRules in
            var edges = Set([86_400])
            for window in slotRules.windows {
                edges.insert(window.from)
                edges.insert(window.to)
            }
            edges.remove(0)
            return Slots(kinds: slotRules.kinds, defaultFactor: Factor(slotRules.defaultFactor),
                         windows: slotRules.windows, days: slotRules.windows.map(\.days), from: slotRules.windows.map(\.from),
                         to: slotRules.windows.map(\.to), factorUnits: slotRules.windows.map(\.factor.value.units),
                         boundaries: edges.sorted(), location: slotRules.location)
        }
        caps = ListingKind.allCases.map { kind in
            let c = rules.caps[kind]
            return Caps(minimum: c?.minimum.map(Factor.init), maximum: c?.maximum.map(Factor.init),
                        perHourMaximum: c?.perHourMaximum.map(Factor.init), location: c?.location)
        }
        capsLocation = rules.capsLocation
    }

    /// Pre-computes a depreciation model for every month of age, so evaluation never calls `pow`.
    /// Half-life factors are 0.5^(age/half-life) taken to four decimal places (half-even), then
    /// raised to the floor: that four-digit number is the factor the breakdown shows.
    static func tabulate(_ model: ValuationRules.DepreciationModel) -> DepreciationCurve {
        switch model {
        case .halfLife(let months, let floor):
            let factors = (0...maximumTabulatedAge).map { age -> Factor in
                let exact = pow(0.5, Double(age) / Double(months.value)) * Double(RuleDecimal.scale)
                let units = max(Int64(exact.rounded(.toNearestOrEven)), floor.value.units)
                return Factor(RuleDecimal(units: units), at: units == floor.value.units && age > 0 ? floor.location : months.location)
            }
            return DepreciationCurve(factors: factors, halfLifeMonths: months.value)
        case .table(let rows):
            let factors = (0...maximumTabulatedAge).map { age -> Factor in
                let row = rows.first { age < $0.upToMonths } ?? rows[rows.count - 1]
                return Factor(row.factor)
            }
            return DepreciationCurve(factors: factors, halfLifeMonths: nil)
        }
    }

    /// Day bits (Monday = bit 0 … Sunday = bit 6, holiday = bit 7) of a local day number.
    @inline(__always)
    func dayBits(_ day: Int) -> UInt8 {
        let weekday = ((day % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday (index 3)
        var bits: UInt8 = 1 << UInt8(weekday)
        if !holidayDays.isEmpty, holidayDays.contains(day) { bits |= TimeWindow.holidayBit }
        return bits
    }
}
