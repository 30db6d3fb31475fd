import Foundation

/// Reads the file's `tests:` list. Inputs use the same keys as `ValuationInput` JSON; times are
/// local (`"2026-05-02 09:00"`) in the file's time zone, so authors write what residents see.
struct GoldenTestParser {
    let sink: DiagnosticSink
    let clock: LocalClock?
    let defaultValuedAt: Date
    /// The file's category ids: a scarcity context naming another is a typo that would make the
    /// test run without the scarcity it claims to cover.
    var categories: Set<String> = []

    func parse(_ items: [RuleNode]) -> [GoldenTest] {
        var tests: [GoldenTest] = []
        var names: Set<String> = []
        for item in items {
            guard let entry = MappingReader(item, path: "tests[]", sink: sink) else { continue }
            let name = entry.string("name", required: true)
            let expect = entry.integer("expect_points", required: true, in: 0...100_000_000)
            let input = entry.child("input", required: true).flatMap(parseInput)
            let context = parseContext(entry.child("context"))
            entry.finish()
            if let name, !names.insert(name.value).inserted {
                sink.report(.duplicateEntry, at: name.location, en: "test name \"\(name.value)\" is used twice",
                            zh: "测试名称“\(name.value)”重复")
            }
            guard let name, let expect, let input, let context else { continue }
            tests.append(GoldenTest(name: name.value, input: input.0, context: context, expectedPoints: expect.value,
                                    location: item.location, categoryLocation: input.categoryAt))
        }
        return tests
    }

    private func parseInput(_ r: MappingReader) -> (ValuationInput, categoryAt: SourceLocation)? {
        let kind = r.enumeration("kind", as: ListingKind.self, required: true)
        let direction = r.enumeration("direction", as: ListingDirection.self)?.value ?? .offer
        let category = r.string("category", required: true)
        var input = ValuationInput(kind: kind?.value ?? .item, direction: direction, category: category?.value ?? "")
        input.declaredCost = r.decimal("declared_cost", in: RuleDecimal.zero...RuleDecimal(integer: 10_000_000))?.value
        if let text = r.string("purchase_date") {
            input.purchaseDate = LocalDate(parsing: text.value)
            if input.purchaseDate == nil { reportDate(text, path: "\(r.path).purchase_date", withTime: false) }
        }
        input.ageMonths = r.integer("age_months", in: 0...1200)?.value
        input.condition = r.enumeration("condition", as: ItemCondition.self)?.value
        input.quantity = r.integer("quantity", default: 1, in: 1...10_000)
        let startText = r.string("start"), endText = r.string("end")
        input.start = localInstant(startText, path: "\(r.path).start")
        input.end = localInstant(endText, path: "\(r.path).end")
        if let lone = (startText == nil) != (endText == nil) ? (startText ?? endText) : nil {
            // Only a start and an end together are a schedule: one alone is ignored, and a
            // "night" test so written is valued at the default slot (helper 160 #6).
            sink.report(.goldenTestInputIgnored, at: lone.location, severity: .warning,
                        en: "\(r.path): start and end go together; one alone is ignored and the test is valued without a time of day",
                        zh: "\(r.path)：start 与 end 需同时给出；只写一个会被忽略，测试按无具体时间计算")
        }
        input.durationMinutes = r.integer("duration_minutes", in: 1...(7 * 24 * 60))?.value
        input.intensity = r.enumeration("intensity", as: TimeIntensity.self)?.value
        input.certification = r.enumeration("certification", as: SkillCertification.self)?.value
        input.level = r.enumeration("level", as: SkillLevel.self)?.value
        input.area = r.string("area")?.value
        r.finish()
        guard kind != nil, let category else { return nil }
        return (input, category.location)
    }

    private func parseContext(_ r: MappingReader?) -> ValuationContext? {
        guard let r else { return ValuationContext(valuedAt: defaultValuedAt) }
        var context = ValuationContext(valuedAt: localInstant(r.string("valued_at"), path: "\(r.path).valued_at") ?? defaultValuedAt)
        if let scarcity = r.child("scarcity") {
            for key in scarcity.keys {
                RuleSetValidator.checkCategory(key, in: scarcity.path, known: categories, sink: sink)
                guard let counts = scarcity.child(key.value) else { continue }
                let demand = counts.integer("demand", required: true, in: 0...10_000_000)
                let supply = counts.integer("supply", required: true, in: 0...10_000_000)
                let area = counts.string("area")?.value
                counts.finish()
                if let demand, let supply {
                    context.scarcity[ScarcityKey(category: key.value, area: area)] = ScarcityCounts(demand: demand.value, supply: supply.value)
                }
            }
            scarcity.finish()
        }
        r.finish()
        return context
    }

    private func localInstant(_ text: Located<String>?, path: String) -> Date? {
        guard let text, let clock else { return nil }
        guard let date = clock.instant(parsing: text.value) else {
            reportDate(text, path: path, withTime: true)
            return nil
        }
        return date
    }

    private func reportDate(_ text: Located<String>, path: String, withTime: Bool) {
        let format = withTime ? "\"YYYY-MM-DD HH:MM\"" : "\"YYYY-MM-DD\""
        let why = DateSpelling.clause(text.value)
        sink.report(.invalidDate, at: text.location,
                    en: why.en.isEmpty ? "\(path): \"\(text.value)\" is not a valid date; write \(format)" : "\(path): \"\(text.value)\" is not a valid date\(why.en)",
                    zh: why.zh.isEmpty ? "\(path)：“\(text.value)”不是有效日期，请写成 \(format)" : "\(path)：“\(text.value)”不是有效日期\(why.zh)")
    }
}
