import Foundation
import Testing
@testable import LinliRules

/// Review 8a: rule files and valuation. Each test names a defect and fails on the code it was
/// written against.
@Suite struct Review8aRulesTests {
    /// A file every key of which is inside its documented range: an item rate and a condition
    /// factor of "100" (factors are 0…100), and no item cap (caps are optional). Nothing in it is
    /// an error.
    static let steepItemRules = """
        schema: linli.rules/v1
        community: test
        version: 1
        effective_from: "2026-01-01 00:00"
        timezone: Asia/Shanghai
        adopted:
          by: tester
          at: "2026-01-01 vote"
        categories:
          - id: goods
            name_zh: 物品
            name_en: Goods
            kinds: [item]
        valuation:
          base:
            item: { rate: "100" }
            time: { per_hour: "10" }
            skill: { per_hour: "10" }
          condition:
            factors: { new: "100", like_new: "50", good: "20", fair: "10", worn: "5", for_parts: "1" }

        """

    /// What a user sees: `POST /v1/rules/{id}/explain` (open to every resident) with
    /// `declared_cost: "1000000000", quantity: 10000` against such a version makes the engine
    /// trap (`RuleDecimal(integer:)` / `Int(Int128)` overflow once the exact value passes
    /// ~9.2e14 points), which kills the whole `linli serve` process for every tenant.
    /// `ExactValue` promises "only a value whose exact fraction does not fit 128 bits … is
    /// reported as out of range": the engine should throw `valuation.out_of_range` naming
    /// `declared_cost` (a 422), never crash.
    @Test func hugeButAcceptedValuationCrashesTheProcessInsteadOfOutOfRange() async {
        await #expect(processExitsWith: .success) {
            let compiled = try RuleSetCompiler.compile(Review8aRulesTests.steepItemRules, fileName: "steep.yaml")
            let input = ValuationInput(
                kind: .item, category: "goods", declaredCost: RuleDecimal(parsing: "1000000000"), ageMonths: 0, condition: .new,
                quantity: 10_000)
            do {
                _ = try compiled.valuate(input, in: ValuationContext(valuedAt: Date(timeIntervalSince1970: 1_780_000_000)))
            } catch {
                // A located refusal is the right answer; only a crash is the defect.
                _ = error
            }
        }
    }

    /// What a user sees: an organizer uploads (or `linli rules check`s) a file whose golden test
    /// values a large lot — 10,000 units at 10,000,000 yuan, inside the golden-test ranges
    /// (`declared_cost` ≤ 10,000,000, `quantity` ≤ 10,000) — and the server process dies while
    /// checking it. It should be refused with `rules.golden_test_error` at the test's line.
    @Test func goldenTestWithALargeLotCrashesTheCheckerInsteadOfGoldenTestError() async {
        await #expect(processExitsWith: .success) {
            let text = Review8aRulesTests.steepItemRules + """
                tests:
                  - name: big lot
                    input: { kind: item, category: goods, declared_cost: "10000000", quantity: 10000, age_months: 0, condition: new }
                    expect_points: 1

                """
            let report = RuleSetCompiler.check(text, fileName: "steep.yaml")
            _ = report.diagnostics
        }
    }
}
