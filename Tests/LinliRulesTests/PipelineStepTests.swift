import Foundation
import Testing
@testable import LinliRules

/// One table per pipeline step, against the fixture file. Every expected value is worked out by
/// hand in the comment next to it.
@Suite struct PipelineStepTests {
    let rules: CompiledRuleSet
    init() throws { rules = try RuleFixture.compiled() }

    func points(_ input: ValuationInput, _ context: ValuationContext = RuleFixture.context) throws -> Int {
        try rules.points(for: input, in: context)
    }

    @Test(arguments: [
        ("100", 1, 10),   // 100 × 0.10
        ("100", 3, 30),   // quantity multiplies the per-unit base
        ("5", 1, 1),      // 0.5 raised to the base minimum 1
        ("0", 1, 1),      // free things are still worth the minimum
        ("1234.56", 1, 123),  // 123.456 → 123
    ])
    func itemBase(cost: String, quantity: Int, expected: Int) throws {
        #expect(try points(RuleFixture.item(cost, quantity: quantity)) == expected)
    }

    @Test(arguments: [
        (ItemCondition.new, 10), (.likeNew, 9), (.good, 8),  // 7.5 → 8 (half-even)
        (.fair, 5), (.forParts, 2),
    ])
    func condition(condition: ItemCondition, expected: Int) throws {
        #expect(try points(RuleFixture.item("100", condition: condition)) == expected)
    }

    @Test(arguments: [
        ("goods", 0, 10), ("goods", 6, 7),   // 0.5^(6/12) = 0.7071 → 7.071
        ("goods", 12, 5), ("goods", 24, 2),  // 0.25 → 2.5 → 2 (half-even)
        ("goods", 48, 2),                    // 0.0625 raised to the floor 0.25
        ("staples", 3, 10), ("staples", 6, 8), // table: up_to 6 is exclusive
        ("staples", 30, 8),                  // older than every row: the last factor
    ])
    func depreciation(category: String, age: Int, expected: Int) throws {
        #expect(try points(RuleFixture.item("100", age: age, category: category)) == expected)
    }

    @Test func depreciationFromPurchaseDate() throws {
        var input = RuleFixture.item("100")
        input.ageMonths = nil
        input.purchaseDate = LocalDate(parsing: "2025-03-03")  // 11 whole months before 2026-03-02
        // 0.5^(11/12) = 0.5297 → 5.297 → 5
        #expect(try points(input) == 5)
        input.purchaseDate = LocalDate(parsing: "2025-03-02")  // exactly 12 months → 0.5 → 5
        #expect(try points(input) == 5)
        input.purchaseDate = LocalDate(parsing: "2026-03-01")
        #expect(try points(input) == 10)
    }

    @Test(arguments: [
        (1, 1, 100),   // 2 events < min_events 4: no adjustment
        (2, 2, 100),   // ratio 1 → 1.00
        (4, 2, 120),   // ratio 2 → 1.00 + 0.40 × ½ = 1.20
        (3, 2, 110),   // ratio 1.5 → 1.10
        (7, 3, 127),   // ratio 2.333… → 1.2667 (four places) → 126.67
        (9, 3, 130),   // ratio 3 → 1.40 clamped to 1.30
        (5, 0, 130),   // supply 0 counts as 1: ratio 5, flat after the last point, clamped
        (0, 5, 90),    // ratio 0 → 0.80 clamped up to 0.90
    ])
    func scarcity(demand: Int, supply: Int, expected: Int) throws {
        let context = ValuationContext(valuedAt: RuleFixture.context.valuedAt,
                                       scarcity: [ScarcityKey(category: "goods"): ScarcityCounts(demand: demand, supply: supply)])
        #expect(try points(RuleFixture.item("1000"), context) == expected)
    }

    @Test func scarcityExemptCategoryNeverGetsDearer() throws {
        let context = ValuationContext(valuedAt: RuleFixture.context.valuedAt,
                                       scarcity: [ScarcityKey(category: "staples"): ScarcityCounts(demand: 50, supply: 0)])
        #expect(try points(RuleFixture.item("1000", category: "staples"), context) == 100)
    }

    @Test func scarcityPrefersAreaCounts() throws {
        let context = ValuationContext(valuedAt: RuleFixture.context.valuedAt, scarcity: [
            ScarcityKey(category: "goods"): ScarcityCounts(demand: 2, supply: 2),
            ScarcityKey(category: "goods", area: "A"): ScarcityCounts(demand: 4, supply: 2),
        ])
        #expect(try points(RuleFixture.item("1000", area: "A"), context) == 120)
        #expect(try points(RuleFixture.item("1000", area: "B"), context) == 100)
    }

    @Test(arguments: [
        ("2026-03-02 10:00", "2026-03-02 12:00", 24),  // Monday daytime: default 1.00 × weight 1.2
        ("2026-03-02 21:00", "2026-03-02 23:00", 30),  // half default, half night: 1.25
        ("2026-03-07 10:00", "2026-03-07 11:00", 15),  // Saturday: 1.25
        ("2026-03-06 23:00", "2026-03-07 01:00", 36),  // Friday night across midnight: 1.50 throughout
        ("2026-05-01 10:00", "2026-05-01 11:00", 24),  // public holiday: 2.00
        ("2026-05-01 23:00", "2026-05-02 01:00", 42),  // holiday hour 2.00, then night 1.50: 1.75
        ("2026-03-08 05:00", "2026-03-08 07:00", 33),  // Sunday: night until 06:00, then weekend: 1.375
        ("2026-03-02 10:00", "2026-03-02 10:50", 12),  // 50 min billed as 60, slot weights use real minutes
    ])
    func timeSlots(from: String, to: String, expected: Int) throws {
        #expect(try points(RuleFixture.care(from, to)) == expected)
    }

    @Test(arguments: [
        (60, 12), (50, 12),  // rounded up to 60 min
        (61, 15),            // 75 min: 12.5 × 1.2
        (1, 3),              // 15 min: 2.5 × 1.2
    ])
    func hourlyBaseGranularity(minutes: Int, expected: Int) throws {
        #expect(try points(RuleFixture.care(minutes: minutes)) == expected)
    }

    @Test(arguments: [(TimeIntensity.light, 12), (.moderate, 14), (.heavy, 18)])  // 10 × f × 1.2
    func intensity(intensity: TimeIntensity, expected: Int) throws {
        #expect(try points(RuleFixture.care(minutes: 60, intensity: intensity)) == expected)
    }

    @Test(arguments: [
        (SkillCertification.none, SkillLevel.beginner, 12),
        (.peerEndorsed, .intermediate, 15),  // 12 × 1.10 × 1.10 = 14.52
        (.verifiedLicence, .expert, 25),     // 12 × 1.40 × 1.50 = 25.2
        (.verifiedLicence, .advanced, 20),   // 12 × 1.40 × 1.20 = 20.16
    ])
    func certificationAndLevel(certification: SkillCertification, level: SkillLevel, expected: Int) throws {
        // 45 min with 30-minute granularity bills 60 min: 12 points before factors.
        #expect(try points(RuleFixture.lesson(minutes: 45, certification: certification, level: level)) == expected)
    }

    @Test func categoryWeightAppliesOnlyToWeightedCategory() throws {
        let valuation = try rules.valuate(RuleFixture.care(minutes: 60), in: RuleFixture.context)
        let weight = try #require(valuation.steps.first { $0.step == .categoryWeight })
        #expect(weight.factor == RuleDecimal(parsing: "1.20"))
        let lesson = try rules.valuate(RuleFixture.lesson(minutes: 60), in: RuleFixture.context)
        #expect(lesson.steps.first { $0.step == .categoryWeight }?.factor == .one)
    }

    @Test func itemMaximumCap() throws {
        let valuation = try rules.valuate(RuleFixture.item("5000"), in: RuleFixture.context)
        #expect(valuation.points == 300)  // 500 capped at the listing maximum
        #expect(valuation.cappedBy == .maximum)
    }

    @Test func perHourAndListingCaps() throws {
        let tight = try RuleFixture.compiled(RuleFixture.replacing(
            line: 66, with: #"    time: { minimum: "5", maximum: "100", per_hour_maximum: "30" }"#))
        // Holiday, heavy: 10 × 2.00 × 1.50 × 1.20 = 36 per hour > 30.
        let holiday = try tight.valuate(RuleFixture.care("2026-05-01 10:00", "2026-05-01 11:00", intensity: .heavy),
                                        in: RuleFixture.context)
        #expect(holiday.points == 30)
        #expect(holiday.cappedBy == .perHourMaximum)
        // 8 hours: 288 is above the per-hour limit 8 × 30 = 240, and 240 above the maximum 100.
        let long = try tight.valuate(RuleFixture.care("2026-05-01 08:00", "2026-05-01 16:00", intensity: .heavy),
                                     in: RuleFixture.context)
        #expect(long.points == 100)
        #expect(long.cappedBy == .maximum)
        // 15 min light: 2.5 × 1.2 = 3 < minimum 5.
        let short = try tight.valuate(RuleFixture.care(minutes: 15), in: RuleFixture.context)
        #expect(short.points == 5)
        #expect(short.cappedBy == .minimum)
    }

    @Test(arguments: [
        (RoundingMode.halfEven, "25", 2), (.halfUp, "25", 3), (.down, "25", 2), (.up, "25", 3),  // 2.5
        (.halfEven, "35", 4), (.halfUp, "35", 4), (.down, "35", 3), (.up, "35", 4),              // 3.5
        (.halfEven, "24.9", 2), (.halfUp, "24.9", 2), (.down, "29.9", 2), (.up, "20.1", 3),      // 2.49, 2.99, 2.01
    ])
    func rounding(mode: RoundingMode, cost: String, expected: Int) throws {
        let text = RuleFixture.replacing(line: 6, with: "timezone: Asia/Shanghai\nrounding: \(mode.rawValue)")
        let compiled = try RuleFixture.compiled(text)
        #expect(try compiled.points(for: RuleFixture.item(cost), in: RuleFixture.context) == expected)
    }

    @Test(arguments: [
        (ValuationInput(kind: .item, category: "nope", declaredCost: .one), RuleEvaluationError.Code.unknownCategory, "category"),
        (ValuationInput(kind: .time, category: "goods", durationMinutes: 60), .kindNotInCategory, "kind"),
        (ValuationInput(kind: .item, category: "goods", ageMonths: 1, condition: .new), .missingField, "declared_cost"),
        (ValuationInput(kind: .item, category: "goods", declaredCost: .one, ageMonths: 1), .missingField, "condition"),
        (ValuationInput(kind: .item, category: "goods", declaredCost: .one, condition: .new), .missingField, "purchase_date"),
        (ValuationInput(kind: .time, category: "care", intensity: .light), .missingField, "duration_minutes"),
        (ValuationInput(kind: .time, category: "care", durationMinutes: 60), .missingField, "intensity"),
        (ValuationInput(kind: .time, category: "care", start: RuleFixture.local("2026-03-02 10:00"),
                        end: RuleFixture.local("2026-03-02 09:00"), intensity: .light), .invalidField, "end"),
        (ValuationInput(kind: .time, category: "care", durationMinutes: 8 * 24 * 60, intensity: .light), .outOfRange, "duration_minutes"),
        (ValuationInput(kind: .time, category: "care", durationMinutes: .max, intensity: .light), .outOfRange, "duration_minutes"),
        (ValuationInput(kind: .skill, category: "lessons", durationMinutes: 60, level: .expert), .missingField, "certification"),
        (ValuationInput(kind: .item, category: "goods", declaredCost: .one, ageMonths: 1, condition: .new, quantity: 0), .outOfRange, "quantity"),
    ])
    func evaluationErrors(input: ValuationInput, code: RuleEvaluationError.Code, field: String) throws {
        do {
            _ = try rules.points(for: input, in: RuleFixture.context)
            Issue.record("expected \(code.rawValue)")
        } catch {
            #expect(error.code == code)
            #expect("\(error.field)" == field)
            #expect(!error.messageEN.isEmpty && !error.messageZH.isEmpty)
        }
    }
}
