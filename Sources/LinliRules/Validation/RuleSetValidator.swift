/// Checks that need the whole file: references to categories, reachability of time-slot windows,
/// and the worst case the pipeline could produce against the caps.
struct RuleSetValidator {
    let sink: DiagnosticSink

    func validate(_ rules: ValuationRules, _ ruleSet: RuleSet) {
        let known = Set(ruleSet.categories.map(\.id))
        func check(_ reference: Located<String>, in path: String) {
            Self.checkCategory(reference, in: path, known: known, sink: sink)
        }
        rules.scarcity?.exemptCategories.forEach { check($0, in: "valuation.scarcity.exempt_categories") }
        rules.depreciation?.byCategory.forEach { check($0.category, in: "valuation.depreciation.by_category") }
        rules.categoryWeight?.weights.forEach { check($0.category, in: "valuation.category_weight.weights") }
        // An entry for a category none of whose kinds the step applies to is dead text: tutoring's
        // depreciation, a household weight when the weights apply to time only (helper 160 #6).
        let kindsOf = Dictionary(ruleSet.categories.map { ($0.id, $0.kinds) }, uniquingKeysWith: { first, _ in first })
        func checkUsed(_ reference: Located<String>, step: KindSet, in path: String) {
            guard let kinds = kindsOf[reference.value], kinds.intersection(step).isEmpty else { return }
            let names = (kinds.kinds.map(\.rawValue).joined(separator: ", "), step.kinds.map(\.rawValue).joined(separator: ", "))
            sink.report(.entryNeverUsed, at: reference.location, severity: .warning,
                        en: "\(path): category \"\(reference.value)\" is for \(names.0), and this step applies to \(names.1) only: the entry is never used",
                        zh: "\(path)：分类“\(reference.value)”用于 \(names.0)，而这一步只用于 \(names.1)：这一项不会生效")
        }
        if let scarcity = rules.scarcity {
            scarcity.exemptCategories.forEach { checkUsed($0, step: scarcity.kinds, in: "valuation.scarcity.exempt_categories") }
        }
        if let depreciation = rules.depreciation {
            depreciation.byCategory.forEach { checkUsed($0.category, step: depreciation.kinds, in: "valuation.depreciation.by_category") }
        }
        if let weights = rules.categoryWeight {
            weights.weights.forEach { checkUsed($0.category, step: weights.kinds, in: "valuation.category_weight.weights") }
        }
        if let slots = rules.timeSlots {
            checkReachability(slots, hasHolidays: !ruleSet.holidays.isEmpty)
            checkHolidayYear(slots, ruleSet)
        }
        checkWorstCase(rules, ruleSet)
    }

    /// `rules.unknown_category` at `reference` unless it is one of the file's categories, with
    /// the closest id as a hint.
    static func checkCategory(_ reference: Located<String>, in path: String, known: Set<String>, sink: DiagnosticSink) {
        guard !known.contains(reference.value) else { return }
        let hint = MappingReader.closest(to: reference.value, in: known)
        sink.report(.unknownCategory, at: reference.location,
                    en: "\(path): category \"\(reference.value)\" is not defined in categories" + (hint.map { "; did you mean \"\($0)\"?" } ?? ""),
                    zh: "\(path)：分类“\(reference.value)”未在 categories 中定义" + (hint.map { "；是否想写“\($0)”？" } ?? ""))
    }

    /// A window is unreachable when, for every combination of weekday, holiday-today and
    /// holiday-yesterday and every elementary interval between window edges, an earlier window
    /// already matches. Such a window is dead text that misleads readers, so it is an error.
    private func checkReachability(_ slots: TimeSlotRules, hasHolidays: Bool) {
        var edges = Set([0, 86_400])
        for window in slots.windows {
            edges.insert(window.from)
            edges.insert(window.to % 86_400)
        }
        let points = edges.sorted().filter { $0 < 86_400 }
        var reached = Array(repeating: false, count: slots.windows.count)
        // For a later window: the first earlier one that takes some of its time at a lower factor.
        var shadowedBy: [Int: Int] = [:]
        let holidayOptions: [UInt8] = hasHolidays ? [0, TimeWindow.holidayBit] : [0]
        for weekday in 0..<7 {
            for todayHoliday in holidayOptions {
                for yesterdayHoliday in holidayOptions {
                    let today = UInt8(1 << weekday) | todayHoliday
                    let yesterday = UInt8(1 << ((weekday + 6) % 7)) | yesterdayHoliday
                    for second in points {
                        let matching = slots.windows.indices.filter { slots.windows[$0].covers(second: second, today: today, yesterday: yesterday) }
                        guard let first = matching.first else { continue }
                        reached[first] = true
                        for later in matching.dropFirst() where shadowedBy[later] == nil
                            && slots.windows[later].factor.value > slots.windows[first].factor.value {
                            shadowedBy[later] = first
                        }
                    }
                }
            }
        }
        // A higher factor given way to a lower one listed earlier: the shipped file paid a night on
        // a public holiday less than an ordinary night (helper 114). Often unintended, sometimes
        // not (a flat holiday rate), so a warning.
        for (later, earlier) in shadowedBy.sorted(by: { $0.key < $1.key }) where reached[later] {
            let (window, first) = (slots.windows[later], slots.windows[earlier])
            sink.report(.slotShadowed, at: window.location, severity: .warning,
                        en: "where \"\(first.name)\" (listed earlier, ×\(first.factor.value)) also matches, \"\(window.name)\" gives way with its higher ×\(window.factor.value): the first matching window wins; list \"\(window.name)\" first if its factor should apply there",
                        zh: "在“\(first.name)”（排在前面，×\(first.factor.value)）同样适用的时间里，“\(window.name)”较高的 ×\(window.factor.value) 不会生效：按顺序取第一个匹配的时段；如应按较高系数计，请把“\(window.name)”排到前面")
        }
        for (index, window) in slots.windows.enumerated() where !reached[index] {
            let why = window.days == TimeWindow.holidayBit && !hasHolidays
                ? (" (it only lists holiday and the file has no holidays)", "（它只适用于节假日，但文件中没有 holidays）")
                : (" (earlier windows cover all of its time)", "（前面的时段已覆盖它的全部时间）")
            sink.report(.slotUnreachable, at: window.location,
                        en: "time slot \"\(window.name)\" can never match" + why.0,
                        zh: "时段“\(window.name)”永远不会被匹配" + why.1)
        }
    }

    /// A window for holidays in a file whose holidays do not reach the time it takes effect at
    /// (`HolidayCalendar` on its `effective_from` date: the year under way, or in December the
    /// coming one): every such holiday would be paid as an ordinary day, silently (the shipped
    /// file listed 2026 only). A warning: the year's notice may not be out yet, and an upload
    /// before it is better than none. The service reminds organizers hourly too (the version in
    /// force, and a version activated later without the dates, is told again).
    private func checkHolidayYear(_ slots: TimeSlotRules, _ ruleSet: RuleSet) {
        guard let window = slots.windows.first(where: { $0.days & TimeWindow.holidayBit != 0 }),
              let start = LocalDate(parsing: ruleSet.header.effectiveFromLocal.prefix(10)),
              let gap = HolidayCalendar.gap(holidays: ruleSet.holidays, holidayWindows: [window.name], today: start) else { return }
        let last = ruleSet.holidays.max()?.description
        let (whenEN, whenZH) = gap.stage == .missing
            ? ("the year this version takes effect", "本版本生效的")
            : ("the year after this version takes effect in December", "本版本 12 月生效，紧接着的")
        sink.report(.holidaysYearMissing, at: window.location, severity: .warning,
                    en: "time slot \"\(window.name)\" is for holidays, but holidays lists no date of \(gap.year), \(whenEN)"
                        + (last.map { " (the last listed is \($0))" } ?? "")
                        + ": it would match no day of \(gap.year); add the year's dates from the State Council's notice",
                    zh: "时段“\(window.name)”适用于节假日，但 holidays 没有列出\(whenZH) \(gap.year) 年的任何日期"
                        + (last.map { "（最后列出的是 \($0)）" } ?? "")
                        + "：它在 \(gap.year) 年不会匹配任何一天；请按国务院办公厅通知补上该年的节假日")
    }

    /// The largest value each kind could reach with every factor at its maximum, compared with
    /// the caps. A warning, not an error: caps exist precisely to bound such corners.
    private func checkWorstCase(_ rules: ValuationRules, _ ruleSet: RuleSet) {
        func maxFactor<K>(_ step: ValuationRules.TableStep<K>?, _ kind: ListingKind) -> RuleDecimal {
            guard let step, step.kinds.contains(kind) else { return .one }
            return step.factors.values.map(\.value).max() ?? .one
        }
        let exempt = Set(rules.scarcity?.exemptCategories.map(\.value) ?? [])
        for kind in ListingKind.allCases {
            // The worst category: its own weight, and scarcity unless it is exempt.
            var worst: ExactValue?
            for category in ruleSet.categories where category.kinds.contains(kind) {
                var product = ExactValue(.one)
                var factors: [RuleDecimal] = [maxFactor(rules.condition, kind), maxFactor(rules.intensity, kind),
                                              maxFactor(rules.certification, kind), maxFactor(rules.level, kind)]
                if let s = rules.scarcity, s.kinds.contains(kind), !exempt.contains(category.id) {
                    // The curve's highest point as clamped (a `min` above it lifts every ratio), or
                    // 1 when too few events leave the value unadjusted (helper 115: a clamp of
                    // 50–60 over a flat curve of 1 took items fifty-fold past the cap unwarned).
                    let curve = min(s.clampMax.value, max(s.clampMin.value, s.curve.map(\.factor).max() ?? .one))
                    factors.append(max(curve, .one))
                }
                if let t = rules.timeSlots, t.kinds.contains(kind) {
                    factors.append(max(t.defaultFactor.value, t.windows.map(\.factor.value).max() ?? .one))
                }
                if let w = rules.categoryWeight, w.kinds.contains(kind) {
                    factors.append(w.weights.first { $0.category.value == category.id }?.factor.value ?? w.standard.value)
                }
                for factor in factors { _ = product.multiply(by: Fraction(factor)) }
                if worst.map({ product.compare(to: $0) > 0 }) ?? true { worst = product }
            }
            guard let product = worst else { continue }
            let caps = rules.caps[kind]
            let multiplier = product.displayDecimal
            if kind == .item {
                var top = ExactValue(ruleSet.listing.maxDeclaredCost)
                _ = top.multiply(by: Fraction(rules.itemBase.rate.value))
                _ = top.multiply(by: Fraction(multiplier))
                if let maximum = caps?.maximum, top.compare(to: maximum.value) > 0 {
                    warn(kind, multiplier: multiplier, worst: top.displayDecimal, cap: maximum, unit: ("", ""))
                } else if caps?.maximum == nil, top.compare(to: Self.uncappedWarningPoints) > 0 {
                    warnUncapped(kind, multiplier: multiplier, worst: top.displayDecimal, at: rules.itemBase.rate.location)
                }
            } else {
                let base = kind == .time ? rules.timeBase : rules.skillBase
                var perHour = ExactValue(base.perHour.value)
                _ = perHour.multiply(by: Fraction(multiplier))
                if let limit = caps?.perHourMaximum, perHour.compare(to: limit.value) > 0 {
                    warn(kind, multiplier: multiplier, worst: perHour.displayDecimal, cap: limit, unit: (" per hour", "/小时"))
                    perHour = ExactValue(limit.value)
                }
                // The longest session the file allows, at that rate (after the hourly cap), against
                // the per-listing cap (session 27 review: only the hourly cap was compared).
                var session = perHour
                _ = session.multiply(numerator: Int128(ruleSet.listing.maxDurationMinutes), denominator: 60)
                if let maximum = caps?.maximum, session.compare(to: maximum.value) > 0 {
                    warn(
                        kind, multiplier: multiplier, worst: session.displayDecimal, cap: maximum,
                        unit: (" for a \(ruleSet.listing.maxDurationMinutes)-minute session", "（单次 \(ruleSet.listing.maxDurationMinutes) 分钟）"))
                } else if caps?.maximum == nil, session.compare(to: Self.uncappedWarningPoints) > 0 {
                    warnUncapped(kind, multiplier: multiplier, worst: session.displayDecimal, at: base.perHour.location)
                }
            }
        }
    }

    /// Above this, a listing's worst case with no `caps.<kind>.maximum` to bound it is warned
    /// about (helper 138: a file without caps valued one item at 100,000,000,000 points, "ok").
    static let uncappedWarningPoints = RuleDecimal(integer: 10_000)

    private func warnUncapped(_ kind: ListingKind, multiplier: RuleDecimal, worst: RuleDecimal, at location: SourceLocation) {
        sink.report(.worstCaseUncapped, at: location, severity: .warning,
                    en: "\(kind.rawValue) listings: no caps.\(kind.rawValue).maximum bounds them, and with every factor at its highest (×\(multiplier)) one listing could be valued at \(worst) points; add a cap",
                    zh: "\(kind.rawValue) 类发布：没有 caps.\(kind.rawValue).maximum 上限，各系数取最大（×\(multiplier)）时单条发布可达 \(worst) 积分；请设置上限")
    }

    private func warn(_ kind: ListingKind, multiplier: RuleDecimal, worst: RuleDecimal, cap: Located<RuleDecimal>, unit: (String, String)) {
        sink.report(.worstCaseAboveCap, at: cap.location, severity: .warning,
                    en: "\(kind.rawValue) listings: the combined worst-case multiplier ×\(multiplier) reaches \(worst)\(unit.0), above this cap of \(cap.value); the cap will bind",
                    zh: "\(kind.rawValue) 类发布：各系数最坏情况合计 ×\(multiplier)，可达 \(worst)\(unit.1)，超过此上限 \(cap.value)，上限将生效")
    }
}
