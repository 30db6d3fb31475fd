import Foundation
@testable import LinliRules

/// A small, complete rule file exercising every step, plus helpers to mutate it line by line and
/// to locate the token a diagnostic must point at.
enum RuleFixture {
    static let text = """
    schema: linli.rules/v1
    community: test
    version: 2
    supersedes: 1
    effective_from: "2026-03-01 08:00"
    timezone: Asia/Shanghai
    adopted:
      by: tester
      at: "2026-02-20 vote"
    holidays: ["2026-05-01"]
    categories:
      - id: goods
        name_zh: 物品
        name_en: Goods
        kinds: [item]
      - id: care
        name_zh: 照料
        name_en: Care
        kinds: [time]
      - id: lessons
        name_zh: 课程
        name_en: Lessons
        kinds: [skill]
      - id: staples
        name_zh: 必需品
        name_en: Staples
        kinds: [item]
    valuation:
      base:
        item: { rate: "0.10", minimum: "1" }
        time: { per_hour: "10", granularity_minutes: 15 }
        skill: { per_hour: "12", granularity_minutes: 30 }
      condition:
        factors: { new: "1.00", like_new: "0.90", good: "0.75", fair: "0.50", worn: "0.35", for_parts: "0.20" }
      depreciation:
        half_life_months: 12
        floor: "0.25"
        by_category:
          staples:
            table:
              - { up_to_months: 6, factor: "1.00" }
              - { up_to_months: 24, factor: "0.80" }
      scarcity:
        min_events: 4
        curve:
          - { ratio: "0", factor: "0.80" }
          - { ratio: "1", factor: "1.00" }
          - { ratio: "3", factor: "1.40" }
        clamp: { min: "0.90", max: "1.30" }
        exempt_categories: [staples]
      time_slots:
        windows:
          - { name: holiday, days: [holiday], from: "00:00", to: "24:00", factor: "2.00" }
          - { name: night, days: [mon, tue, wed, thu, fri, sat, sun], from: "22:00", to: "06:00", factor: "1.50" }
          - { name: weekend, days: [sat, sun], from: "06:00", to: "22:00", factor: "1.25" }
      intensity:
        factors: { light: "1.00", moderate: "1.20", heavy: "1.50" }
      certification:
        factors: { none: "1.00", peer_endorsed: "1.10", verified_licence: "1.40" }
      level:
        factors: { beginner: "1.00", intermediate: "1.10", advanced: "1.20", expert: "1.50" }
      category_weight:
        weights: { care: "1.20" }
      caps:
        item: { minimum: "1", maximum: "300" }
        time: { minimum: "2", maximum: "100", per_hour_maximum: "40" }
        skill: { maximum: "200", per_hour_maximum: "60" }
    tests:
      - name: kettle
        input: { kind: item, category: goods, declared_cost: "100", age_months: 0, condition: new }
        expect_points: 10

    """

    static var lines: [String] { text.components(separatedBy: "\n") }

    /// The fixture with 1-based line `number` replaced by `replacement` (which may span lines).
    static func replacing(line number: Int, with replacement: String) -> String {
        var all = lines
        all[number - 1] = replacement
        return all.joined(separator: "\n")
    }

    /// The fixture with `addition` inserted after 1-based line `number`.
    static func inserting(_ addition: String, after number: Int) -> String {
        var all = lines
        all.insert(addition, at: number)
        return all.joined(separator: "\n")
    }

    /// 1-based line and column (in Unicode scalars) of the unique occurrence of `needle`
    /// (which may span lines) in `text`.
    static func position(of needle: String, in text: String) -> (line: Int, column: Int) {
        var found: [String.Index] = []
        var searchStart = text.startIndex
        while let range = text.range(of: needle, range: searchStart..<text.endIndex) {
            found.append(range.lowerBound)
            searchStart = text.index(after: range.lowerBound)
        }
        guard found.count == 1 else { fatalError("\(needle) occurs \(found.count) times") }
        let before = text[..<found[0]]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (line, text.unicodeScalars[lineStart..<found[0]].count + 1)
    }

    static func compiled(_ text: String = text) throws -> CompiledRuleSet {
        try RuleSetCompiler.compile(text, fileName: "fixture.yaml")
    }

    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// A local wall-clock time in Asia/Shanghai ("2026-03-02 09:00").
    static func local(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text.replacingOccurrences(of: " ", with: "T") + ":00+08:00")!
    }

    static let context = ValuationContext(valuedAt: local("2026-03-02 12:00"))

    static func item(_ cost: String, condition: ItemCondition = .new, age: Int = 0, category: String = "goods",
                     quantity: Int = 1, area: String? = nil) -> ValuationInput {
        ValuationInput(kind: .item, category: category, declaredCost: RuleDecimal(parsing: cost)!, ageMonths: age,
                       condition: condition, quantity: quantity, area: area)
    }

    static func care(_ from: String, _ to: String, intensity: TimeIntensity = .light) -> ValuationInput {
        ValuationInput(kind: .time, category: "care", start: local(from), end: local(to), intensity: intensity)
    }

    static func care(minutes: Int, intensity: TimeIntensity = .light) -> ValuationInput {
        ValuationInput(kind: .time, category: "care", durationMinutes: minutes, intensity: intensity)
    }

    static func lesson(minutes: Int, certification: SkillCertification = .none, level: SkillLevel = .beginner) -> ValuationInput {
        ValuationInput(kind: .skill, category: "lessons", durationMinutes: minutes, certification: certification, level: level)
    }
}
