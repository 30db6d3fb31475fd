import Foundation
import Testing
@testable import LinliRules

/// Overflow in the valuation pipeline, found by review 8a: an accepted rule file and a large lot
/// trapped the process instead of answering out of range.
@Suite struct ValuationOverflowTests {
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

    /// `POST /v1/rules/{id}/explain` (open to every resident) with `declared_cost: "1000000000",
    /// quantity: 10000` against such a version made the engine trap (`RuleDecimal(integer:)` /
    /// `Int(Int128)` overflow once the exact value passed ~9.2e14 points), which killed the whole
    /// `linli serve` process for every tenant. The value now stops at `ExactValue.pipelineLimit`:
    /// `valuation.out_of_range` at `declared_cost`, with and without the breakdown.
    @Test func hugeButAcceptedValuationIsOutOfRange() throws {
        let compiled = try RuleSetCompiler.compile(Self.steepItemRules, fileName: "steep.yaml")
        let context = ValuationContext(valuedAt: Date(timeIntervalSince1970: 1_780_000_000))
        func input(_ cost: String, _ quantity: Int) -> ValuationInput {
            ValuationInput(kind: .item, category: "goods", declaredCost: RuleDecimal(parsing: cost), ageMonths: 0, condition: .new, quantity: quantity)
        }
        for (cost, quantity) in [("1000000000", 10_000), ("10000000", 10_000), ("1000000000", 1)] {
            #expect(throws: RuleEvaluationError(.outOfRange, field: "declared_cost"), "\(cost) × \(quantity)") {
                _ = try compiled.valuate(input(cost, quantity), in: context)
            }
            #expect(throws: RuleEvaluationError(.outOfRange, field: "declared_cost")) { _ = try compiled.points(for: input(cost, quantity), in: context) }
        }
        // Just inside the limit: 10^8 yuan × 100 × 100 = 10^12 points exactly.
        #expect(try compiled.points(for: input("100000000", 1), in: context) == 1_000_000_000_000)
        #expect(try compiled.valuate(input("100000000", 1), in: context).unroundedValue == RuleDecimal(integer: 1_000_000_000_000))
    }

    /// An organizer uploading (or `linli rules check`ing) a file whose golden test values a large
    /// lot — 10,000 units at 10,000,000 yuan, inside the golden-test ranges — took the server
    /// process down while checking it. It is refused with `rules.golden_test_error` at the test.
    @Test func goldenTestWithALargeLotIsAGoldenTestError() {
        let text = Self.steepItemRules + """
            tests:
              - name: big lot
                input: { kind: item, category: goods, declared_cost: "10000000", quantity: 10000, age_months: 0, condition: new }
                expect_points: 1

            """
        let report = RuleSetCompiler.check(text, fileName: "steep.yaml")
        #expect(report.diagnostics.contains { $0.code == .goldenTestError && $0.severity == .error })
    }
}
