/// Reads the `valuation:` section into `ValuationRules`, checking each step's local meaning
/// (curves monotone, clamps ordered, windows non-empty, steps limited to kinds they can apply to).
/// Checks that need the whole file (categories exist, slots reachable, worst case vs caps) live in
/// `RuleSetValidator`.
struct ValuationRulesParser {
    let sink: DiagnosticSink
    /// Factors outside 0…100 are certainly typos; the bound also keeps exact products in range.
    static let factorRange = RuleDecimal.zero...RuleDecimal(integer: 100)
    static let amountRange = RuleDecimal.zero...RuleDecimal(integer: 10_000_000)

    func parse(_ reader: MappingReader) -> ValuationRules? {
        let baseReader = reader.child("base", required: true)
        let itemBase = baseReader?.child("item", required: true).flatMap(parseItemBase)
        let timeBase = baseReader?.child("time", required: true).flatMap(parseHourlyBase)
        let skillBase = baseReader?.child("skill", required: true).flatMap(parseHourlyBase)
        baseReader?.finish()

        let condition = reader.child("condition").flatMap {
            parseTable($0, as: ItemCondition.self, defaultKinds: .item, allowed: .item)
        }
        let depreciation = reader.child("depreciation").flatMap(parseDepreciation)
        let scarcity = reader.child("scarcity").flatMap(parseScarcity)
        let timeSlots = reader.child("time_slots").flatMap(parseTimeSlots)
        let intensity = reader.child("intensity").flatMap {
            parseTable($0, as: TimeIntensity.self, defaultKinds: .time, allowed: .time)
        }
        let certification = reader.child("certification").flatMap {
            parseTable($0, as: SkillCertification.self, defaultKinds: .skill, allowed: .skill)
        }
        let level = reader.child("level").flatMap {
            parseTable($0, as: SkillLevel.self, defaultKinds: .skill, allowed: .skill)
        }
        let categoryWeight = reader.child("category_weight").flatMap(parseCategoryWeight)
        var caps: [ListingKind: ValuationRules.KindCaps] = [:]
        let capsReader = reader.child("caps")
        if let capsReader {
            for kind in ListingKind.allCases {
                if let kindReader = capsReader.child(kind.rawValue) { caps[kind] = parseCaps(kindReader, kind: kind) }
            }
            capsReader.finish()
        }
        reader.finish()
        guard let itemBase, let timeBase, let skillBase else { return nil }
        return ValuationRules(
            itemBase: itemBase, timeBase: timeBase, skillBase: skillBase, condition: condition,
            depreciation: depreciation, scarcity: scarcity, timeSlots: timeSlots, intensity: intensity,
            certification: certification, level: level, categoryWeight: categoryWeight, caps: caps,
            capsLocation: capsReader?.location ?? reader.location)
    }

    // MARK: Steps

    private func parseItemBase(_ r: MappingReader) -> ValuationRules.ItemBase? {
        let rate = r.decimal("rate", required: true, in: Self.factorRange)
        let minimum = r.decimal("minimum", default: .zero, in: Self.amountRange)
        r.finish()
        guard let rate else { return nil }
        return .init(rate: rate, minimum: minimum)
    }

    private func parseHourlyBase(_ r: MappingReader) -> ValuationRules.HourlyBase? {
        let perHour = r.decimal("per_hour", required: true, in: Self.amountRange)
        let granularity = r.integer("granularity_minutes", default: 15, in: 1...240)
        let minimum = r.integer("minimum_minutes", default: 0, in: 0...1440)
        r.finish()
        guard let perHour else { return nil }
        return .init(perHour: perHour, granularityMinutes: granularity, minimumMinutes: minimum, location: r.location)
    }

    /// `kinds:` of a step; a kind the step cannot apply to is an error.
    private func parseKinds(_ r: MappingReader, default defaultKinds: KindSet, allowed: KindSet) -> KindSet {
        guard let items = r.list("kinds", nonEmpty: true) else { return defaultKinds }
        var set: KindSet = []
        for item in items {
            guard let kind = MappingReader.enumeration(item, path: "\(r.path).kinds", as: ListingKind.self, sink: sink) else { continue }
            if !allowed.contains(kind.value) {
                sink.report(.kindNotApplicable, at: kind.location,
                            en: "\(r.path) cannot apply to \(kind.value.rawValue) listings (allowed: \(allowed.kinds.map(\.rawValue).joined(separator: ", ")))",
                            zh: "\(r.path) 不能用于 \(kind.value.rawValue) 类发布（可用：\(allowed.kinds.map(\.rawValue).joined(separator: "、"))）")
            }
            set.insert(KindSet(kind.value))
        }
        return set
    }

    private func parseTable<Key: RawRepresentable & Hashable & CaseIterable & Sendable>(
        _ r: MappingReader, as: Key.Type, defaultKinds: KindSet, allowed: KindSet
    ) -> ValuationRules.TableStep<Key>? where Key.RawValue == String {
        let kinds = parseKinds(r, default: defaultKinds, allowed: allowed)
        var factors: [Key: Located<RuleDecimal>] = [:]
        if let table = r.child("factors", required: true) {
            for key in Key.allCases {
                if let factor = table.decimal(key.rawValue, required: true, in: Self.factorRange) { factors[key] = factor }
            }
            table.finish()
        }
        r.finish()
        guard factors.count == Key.allCases.count else { return nil }
        return .init(kinds: kinds, factors: factors, location: r.location)
    }

    private func parseDepreciationModel(_ r: MappingReader) -> ValuationRules.DepreciationModel? {
        let hasHalfLife = r.has("half_life_months"), hasTable = r.has("table")
        let halfLife = r.integer("half_life_months", in: 1...1200)
        let floor = r.decimal("floor", default: .zero, in: RuleDecimal.zero...RuleDecimal.one)
        let rows = r.list("table", nonEmpty: true)
        // Taken without a word, a floor beside a table would read as a promise the table does not
        // keep: the table's last factor is what the oldest items get.
        if hasTable, !hasHalfLife, let key = r.keys.first(where: { $0.value == "floor" }) {
            sink.report(.unknownKey, at: key.location,
                        en: "\(r.path).floor applies only with half_life_months; with a table, the last row's factor is what the oldest items get",
                        zh: "\(r.path).floor 只能与 half_life_months 一起使用；使用 table 时，最后一行的系数就是最旧物品的系数")
        }
        guard hasHalfLife != hasTable else {
            sink.report(.missingKey, at: r.location,
                        en: "\(r.path) needs exactly one of half_life_months or table",
                        zh: "\(r.path) 需要且只能有 half_life_months 或 table 之一")
            return nil
        }
        if hasHalfLife {
            // An invalid value was reported by the getter.
            return halfLife.map { .halfLife(months: $0, floor: floor) }
        }
        guard let rows else { return nil }
        var parsed: [(upToMonths: Int, factor: Located<RuleDecimal>)] = []
        for row in rows {
            guard let entry = MappingReader(row, path: "\(r.path).table[]", sink: sink) else { continue }
            let upTo = entry.integer("up_to_months", required: true, in: 1...1200)
            let factor = entry.decimal("factor", required: true, in: RuleDecimal.zero...RuleDecimal.one)
            entry.finish()
            guard let upTo, let factor else { continue }
            if let last = parsed.last {
                if upTo.value <= last.upToMonths {
                    sink.report(.curveNotMonotone, at: upTo.location,
                                en: "\(r.path).table: up_to_months must increase (\(upTo.value) after \(last.upToMonths))",
                                zh: "\(r.path).table：up_to_months 必须递增（\(last.upToMonths) 之后是 \(upTo.value)）")
                }
                if factor.value > last.factor.value {
                    sink.report(.curveNotMonotone, at: factor.location,
                                en: "\(r.path).table: an older item cannot be worth more (\(factor.value) after \(last.factor.value))",
                                zh: "\(r.path).table：物品越旧系数不能越高（\(last.factor.value) 之后是 \(factor.value)）")
                }
            }
            parsed.append((upTo.value, factor))
        }
        return parsed.isEmpty ? nil : .table(parsed)
    }

    private func parseDepreciation(_ r: MappingReader) -> ValuationRules.Depreciation? {
        let kinds = parseKinds(r, default: .item, allowed: .item)
        let standard = parseDepreciationModel(r)
        var byCategory: [(category: Located<String>, model: ValuationRules.DepreciationModel)] = []
        if let categories = r.child("by_category") {
            for key in categories.keys {
                categories.accept([key.value])
                guard let node = categories.node(key.value),
                      let entry = MappingReader(node, path: "\(categories.path).\(key.value)", sink: sink) else { continue }
                if let model = parseDepreciationModel(entry) { byCategory.append((key, model)) }
                entry.finish()
            }
            categories.finish()
        }
        r.finish()
        guard let standard else { return nil }
        return .init(kinds: kinds, standard: standard, byCategory: byCategory, location: r.location)
    }

    private func parseScarcity(_ r: MappingReader) -> ValuationRules.Scarcity? {
        let kinds = parseKinds(r, default: .all, allowed: .all)
        let windowDays = r.integer("window_days", default: 30, in: 1...365)
        let minEvents = r.integer("min_events", default: 0, in: 0...100_000)
        var curve: [ValuationRules.ScarcityPoint] = []
        for point in r.list("curve", required: true) ?? [] {
            guard let entry = MappingReader(point, path: "\(r.path).curve[]", sink: sink) else { continue }
            let ratio = entry.decimal("ratio", required: true, in: RuleDecimal.zero...RuleDecimal(integer: 10_000))
            let factor = entry.decimal("factor", required: true, in: Self.factorRange)
            entry.finish()
            guard let ratio, let factor else { continue }
            if let last = curve.last {
                if ratio.value <= last.ratio {
                    sink.report(.curveNotMonotone, at: ratio.location,
                                en: "\(r.path).curve: ratios must strictly increase (\(ratio.value) after \(last.ratio))",
                                zh: "\(r.path).curve：ratio 必须严格递增（\(last.ratio) 之后是 \(ratio.value)）")
                }
                if factor.value < last.factor {
                    sink.report(.curveNotMonotone, at: factor.location,
                                en: "\(r.path).curve: more demand cannot lower the factor (\(factor.value) after \(last.factor))",
                                zh: "\(r.path).curve：需求越高系数不能越低（\(last.factor) 之后是 \(factor.value)）")
                }
            }
            curve.append(.init(ratio: ratio.value, factor: factor.value, location: point.location))
        }
        if curve.isEmpty, r.has("curve") {
            sink.report(.missingKey, at: r.location, en: "\(r.path).curve needs at least one point",
                        zh: "\(r.path).curve 至少需要一个点")
        }
        var clampMin = Located(RuleDecimal.zero, at: r.location)
        var clampMax = Located(RuleDecimal(integer: 100), at: r.location)
        if let clamp = r.child("clamp") {
            clampMin = clamp.decimal("min", default: clampMin.value, in: Self.factorRange)
            clampMax = clamp.decimal("max", default: clampMax.value, in: Self.factorRange)
            clamp.finish()
            if clampMin.value > clampMax.value {
                sink.report(.clampOrder, at: clampMax.location,
                            en: "\(r.path).clamp: max (\(clampMax.value)) is below min (\(clampMin.value))",
                            zh: "\(r.path).clamp：max（\(clampMax.value)）小于 min（\(clampMin.value)）")
            }
        }
        let exempt = r.stringList("exempt_categories") ?? []
        r.finish()
        guard !curve.isEmpty else { return nil }
        return .init(kinds: kinds, windowDays: windowDays, minEvents: minEvents, curve: curve, clampMin: clampMin,
                     clampMax: clampMax, exemptCategories: exempt, location: r.location)
    }

    private func parseCategoryWeight(_ r: MappingReader) -> ValuationRules.CategoryWeight? {
        let kinds = parseKinds(r, default: .all, allowed: .all)
        let standard = r.decimal("default", default: .one, in: Self.factorRange)
        var weights: [(category: Located<String>, factor: Located<RuleDecimal>)] = []
        if let table = r.child("weights") {
            for key in table.keys {
                if let factor = table.decimal(key.value, in: Self.factorRange) { weights.append((key, factor)) }
            }
            table.finish()
        }
        r.finish()
        return .init(kinds: kinds, standard: standard, weights: weights, location: r.location)
    }

    private func parseCaps(_ r: MappingReader, kind: ListingKind) -> ValuationRules.KindCaps {
        let minimum = r.decimal("minimum", in: Self.amountRange)
        let maximum = r.decimal("maximum", in: Self.amountRange)
        let perHour = kind == .item ? nil : r.decimal("per_hour_maximum", in: Self.amountRange)
        r.finish()
        if let minimum, let maximum, minimum.value > maximum.value {
            sink.report(.capOrder, at: maximum.location,
                        en: "\(r.path): maximum (\(maximum.value)) is below minimum (\(minimum.value))",
                        zh: "\(r.path)：maximum（\(maximum.value)）小于 minimum（\(minimum.value)）")
        }
        return .init(minimum: minimum, maximum: maximum, perHourMaximum: perHour, location: r.location)
    }

    // MARK: Time slots

    private func parseTimeSlots(_ r: MappingReader) -> TimeSlotRules? {
        let kinds = parseKinds(r, default: [.time, .skill], allowed: [.time, .skill])
        let defaultFactor = r.decimal("default_factor", default: .one, in: Self.factorRange)
        var windows: [TimeWindow] = []
        var names: Set<String> = []
        for item in r.list("windows", required: true, nonEmpty: true) ?? [] {
            guard let entry = MappingReader(item, path: "\(r.path).windows[]", sink: sink) else { continue }
            let name = entry.string("name", required: true)
            var days: UInt8 = 0
            let dayList = entry.stringList("days", required: true)
            if dayList?.isEmpty == true, let listed = entry.node("days", required: false), case .sequence(let listedDays) = listed.content,
               listedDays.isEmpty {
                // An empty list names no day: the window would silently apply nowhere.
                sink.report(.missingKey, at: listed.location,
                            en: "\(entry.path).days is empty; name at least one day (\(TimeWindow.dayNames.joined(separator: ", ")))",
                            zh: "\(entry.path).days 为空；请至少写一天（\(TimeWindow.dayNames.joined(separator: ", "))）")
            }
            for day in dayList ?? [] {
                guard let index = TimeWindow.dayNames.firstIndex(of: day.value) else {
                    sink.report(.invalidEnum, at: day.location,
                                en: "\(entry.path).days: \"\(day.value)\" is not one of \(TimeWindow.dayNames.joined(separator: ", "))",
                                zh: "\(entry.path).days：“\(day.value)”不在可选值 \(TimeWindow.dayNames.joined(separator: ", ")) 之中")
                    continue
                }
                days |= 1 << UInt8(index)
            }
            let from = entry.node("from", required: true).flatMap { clockTime($0, path: "\(entry.path).from", allowEndOfDay: false) }
            let to = entry.node("to", required: true).flatMap { clockTime($0, path: "\(entry.path).to", allowEndOfDay: true) }
            let factor = entry.decimal("factor", required: true, in: Self.factorRange)
            entry.finish()
            guard let name, let from, let to, let factor, days != 0 else { continue }
            if !names.insert(name.value).inserted {
                sink.report(.duplicateEntry, at: name.location,
                            en: "time slot name \"\(name.value)\" is used twice", zh: "时段名称“\(name.value)”重复")
            }
            if from == to {
                sink.report(.emptyWindow, at: item.location,
                            en: "window \"\(name.value)\" starts and ends at the same time; use \"00:00\" to \"24:00\" for a whole day",
                            zh: "时段“\(name.value)”开始和结束时间相同；全天请写 \"00:00\" 到 \"24:00\"")
                continue
            }
            windows.append(TimeWindow(name: name.value, days: days, from: from, to: to,
                                      factor: factor, location: item.location))
        }
        r.finish()
        return TimeSlotRules(kinds: kinds, defaultFactor: defaultFactor, windows: windows, location: r.location)
    }

    /// `"HH:MM"` → seconds after midnight. Must be quoted (plain 22:00 is a number in YAML 1.1).
    private func clockTime(_ node: RuleNode, path: String, allowEndOfDay: Bool) -> Int? {
        guard case .scalar(let text, let plain) = node.content else {
            sink.report(.wrongType, at: node.location, en: "\(path) must be a time such as \"08:30\"",
                        zh: "\(path) 应为时间，例如 \"08:30\"")
            return nil
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard !plain, parts.count == 2, parts[0].count == 2, parts[1].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
              (0...23).contains(hour) || (allowEndOfDay && hour == 24 && minute == 0) else {
            sink.report(.invalidTime, at: node.location,
                        en: "\(path): write a quoted 24-hour time such as \"08:30\"" + (allowEndOfDay ? " (or \"24:00\")" : "") + ", found \(text)",
                        zh: "\(path)：请写带引号的 24 小时制时间，例如 \"08:30\"" + (allowEndOfDay ? "（或 \"24:00\"）" : "") + "，实际为 \(text)")
            return nil
        }
        return hour * 3600 + minute * 60
    }
}
