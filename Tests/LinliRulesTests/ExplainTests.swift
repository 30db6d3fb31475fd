import Foundation
import Testing
@testable import LinliRules

/// The breakdown: one step per applicable pipeline stage, each citing its rule line, rendered in
/// both languages and round-tripping through JSON.
@Suite struct ExplainTests {
    let rules: CompiledRuleSet
    init() throws { rules = try RuleFixture.compiled() }

    @Test func itemBreakdownCitesEveryLine() throws {
        let context = ValuationContext(valuedAt: RuleFixture.context.valuedAt,
                                       scarcity: [ScarcityKey(category: "goods"): ScarcityCounts(demand: 4, supply: 2)])
        let valuation = try rules.valuate(RuleFixture.item("1000", condition: .good, age: 12), in: context)
        // 100 × 0.75 = 75 × 0.5 = 37.5 × 1.20 = 45 × 1.00 = 45
        #expect(valuation.points == 45)
        #expect(valuation.steps.map(\.step) == [.base, .condition, .depreciation, .scarcity, .categoryWeight, .caps, .round])
        #expect(valuation.steps.map(\.value) == ["100", "75", "37.5", "45", "45", "45", "45"].map { RuleDecimal(parsing: $0)! })
        #expect(valuation.steps.map(\.factor) == [nil, "0.75", "0.5", "1.2", "1", nil, nil].map { $0.flatMap { RuleDecimal(parsing: $0) } })
        let text = RuleFixture.text
        #expect(valuation.steps[0].line == RuleFixture.position(of: #"rate: "0.10""#, in: text).line)
        #expect(valuation.steps[1].line == RuleFixture.position(of: #"good: "0.75""#, in: text).line)
        #expect(valuation.steps[1].column == RuleFixture.position(of: #""0.75""#, in: text).column)
        #expect(valuation.steps[2].line == RuleFixture.position(of: "half_life_months: 12", in: text).line)
        #expect(valuation.steps[3].line == RuleFixture.position(of: "  scarcity:", in: text).line + 1)
        #expect(valuation.ruleVersion == 2)
        #expect(valuation.community == "test")
        #expect(valuation.contentHash == RuleSetCompiler.contentHash(of: text))
        #expect(valuation.cappedBy == nil)
    }

    @Test func humanTextInBothLanguages() throws {
        let valuation = try rules.valuate(RuleFixture.care("2026-03-02 21:00", "2026-03-02 23:00", intensity: .moderate),
                                          in: RuleFixture.context)
        // 20 × 1.25 (half night) × 1.20 × 1.20 = 36
        #expect(valuation.points == 36)
        let zh = ValuationExplainer.text(valuation, language: .zh, fileName: "fixture.yaml")
        let en = ValuationExplainer.text(valuation, language: .en, fileName: "fixture.yaml")
        #expect(zh.contains("估值：36 积分"))
        #expect(zh.contains("时段 ×1.25 → 25.00  按时段：default 60 分钟，night 60 分钟"))
        #expect(zh.contains("强度：中度"))
        #expect(zh.contains("分类“照料”"))
        #expect(zh.contains("（fixture.yaml:第 \(RuleFixture.position(of: "moderate: \"1.20\"", in: RuleFixture.text).line) 行）"))
        #expect(en.contains("rules v2"))
        #expect(en.contains(": 36 points"))
        #expect(en.contains("time slot ×1.25 → 25.00  by time slot: default 60 min, night 60 min"))
        #expect(en.contains("120 min billed as 120 min (rounded up to 15 min) × 10.00 per hour"))
        #expect(en.contains("rounded once (half_even) to whole points"))
        #expect(zh.split(separator: "\n").count == valuation.steps.count + 1)
    }

    /// Helper 160 #5: a service shorter than `minimum_minutes` says it was raised to the minimum,
    /// not that it was rounded up to the granularity.
    @Test func aShortServiceNamesTheMinimum() throws {
        let preset = try RulePresets.compiled(named: "default")
        let context = ValuationContext(valuedAt: Date(timeIntervalSince1970: 1_773_000_000))
        let short = try preset.valuate(ValuationInput(kind: .time, category: "errands", durationMinutes: 10, intensity: .light), in: context)
        let en = ValuationExplainer.text(short, language: .en, fileName: "default.yaml")
        let zh = ValuationExplainer.text(short, language: .zh, fileName: "default.yaml")
        #expect(en.contains("10 min, raised to the 30-minute minimum × "), "\(en)")
        #expect(zh.contains("时长 10 分钟，不足最短计费时长，按 30 分钟计 × 每小时"), "\(zh)")
        #expect(!en.contains("rounded up to"))
        let rounded = try preset.valuate(ValuationInput(kind: .time, category: "errands", durationMinutes: 40, intensity: .light), in: context)
        #expect(ValuationExplainer.text(rounded, language: .en, fileName: "default.yaml").contains("40 min billed as 45 min (rounded up to 15 min)"))
    }

    /// Helper 160 #8: an average slot factor that is not exact to four places says it is shown
    /// rounded (5 ordinary hours and 2 night hours: ×8/7 ≈ 1.1429); an exact one does not.
    @Test func aRoundedAverageSlotFactorSaysSo() throws {
        let seven = try rules.valuate(RuleFixture.care("2026-03-02 17:00", "2026-03-03 00:00"), in: RuleFixture.context)
        let en = ValuationExplainer.text(seven, language: .en, fileName: "fixture.yaml")
        #expect(en.contains("×1.1429") && en.contains("(average factor shown to 4 places; the exact one was applied)"), "\(en)")
        #expect(ValuationExplainer.text(seven, language: .zh, fileName: "fixture.yaml").contains("（平均系数显示到小数点后 4 位，计算用的是精确值）"))
        let two = try rules.valuate(RuleFixture.care("2026-03-02 21:00", "2026-03-02 23:00"), in: RuleFixture.context)
        #expect(!ValuationExplainer.text(two, language: .en, fileName: "fixture.yaml").contains("shown to 4 places"))
    }

    @Test func jsonRoundTripsAndUsesStringDecimals() throws {
        let valuation = try rules.valuate(RuleFixture.item("123.45", condition: .fair), in: RuleFixture.context)
        let data = try ValuationExplainer.json(valuation)
        let decoded = try JSONDecoder.iso8601.decode(Valuation.self, from: data)
        #expect(decoded == valuation)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["points"] as? Int == 6)  // 12.345 × 0.50 = 6.1725
        #expect(object["unrounded_value"] as? String == "6.1725")
        #expect(object["rule_version"] as? Int == 2)
        let input = try #require(object["input"] as? [String: Any])
        #expect(input["declared_cost"] as? String == "123.45")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps[1]["factor"] as? String == "0.50")
        #expect(steps[1]["detail_zh"] as? String == "成色：一般")
    }

    @Test func cappedValuationSaysWhichCap() throws {
        let valuation = try rules.valuate(RuleFixture.item("5000"), in: RuleFixture.context)
        let caps = try #require(valuation.steps.first { $0.step == .caps })
        #expect(caps.detailEN == "limited by the maximum of 300.00")
        #expect(caps.detailZH == "受单条上限 300.00 限制")
        #expect(caps.line == RuleFixture.position(of: #"maximum: "300""#, in: RuleFixture.text).line)
    }

    @Test func diagnosticsRenderInBothLanguages() throws {
        let report = RuleSetCompiler.check(RuleFixture.replacing(line: 36, with: "    half_life_months: 0"), fileName: "f.yaml")
        let hit = try #require(report.errors.first)
        #expect(hit.rendered(in: .en) == "f.yaml:36:23: error: [rules.out_of_range] valuation.depreciation.half_life_months: 0 is outside 1…1200")
        #expect(hit.rendered(in: .zh) == "f.yaml:36:23: error: [rules.out_of_range] valuation.depreciation.half_life_months：0 超出允许范围 1…1200")
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
