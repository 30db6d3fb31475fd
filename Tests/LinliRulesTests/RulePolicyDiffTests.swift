import Foundation
import Testing
@testable import LinliRules

/// Helper 129: `rules diff` said "unchanged" for a file that only changed settings other than
/// prices. `RulePolicyDiff` lists every such setting that differs, defaults included.
@Suite struct RulePolicyDiffTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var candidate: String
        var expected: [RuleSetDiffReport.PolicyChange]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "the same file", candidate: RuleFixture.text, expected: []),
        // Where a value sits is not a value: lines moved by a comment change nothing.
        Case(name: "lines moved", candidate: "# 修订说明\n# 第二行\n" + RuleFixture.text, expected: []),
        Case(name: "a ledger cap raised by its default", candidate: RuleFixture.text + "ledger:\n  organizer_daily_grant_cap: 100\n",
             expected: [.init(key: "ledger.organizer_daily_grant_cap", before: "500", after: "100", needsAdmin: false)]),
        Case(name: "a category flag", candidate: RuleFixture.inserting("    needs_verified_provider: true", after: 16),
             expected: [.init(key: "categories.care.needs_verified_provider", before: "false", after: "true", needsAdmin: false)]),
        Case(name: "a holiday added", candidate: RuleFixture.replacing(line: 10, with: #"holidays: ["2026-05-01", "2026-10-01"]"#),
             expected: [.init(key: "holidays", before: "2026-05-01", after: "2026-05-01, 2026-10-01", needsAdmin: false)]),
        Case(name: "a penalty", candidate: RuleFixture.text + "exchange:\n  no_show_penalty_points: 9\n",
             expected: [.init(key: "exchange.no_show_penalty_points", before: "5", after: "9", needsAdmin: false)]),
        // Helper 179 #4: the zone every slot and holiday is read in.
        Case(name: "the time zone", candidate: RuleFixture.replacing(line: 6, with: "timezone: Asia/Urumqi"),
             expected: [.init(key: "timezone", before: "Asia/Shanghai", after: "Asia/Urumqi", needsAdmin: false)]),
        // Helper 130: kinds read as names, not as the bit set they are kept in.
        Case(name: "a category's kinds", candidate: RuleFixture.replacing(line: 15, with: "    kinds: [item, skill]"),
             expected: [.init(key: "categories.goods.kinds", before: "item", after: "item, skill", needsAdmin: false)]),
    ]

    static let rewards = """
        ledger:
          rewards:
            cleaning: { points: 20, per_member_per_day: 1, name_zh: 清洁, name_en: Cleaning }
            topic: { points: 10, per_member_per_day: 1, name_zh: 话题, name_en: Topic }
        """

    /// Helper 130: the rewards read as one text, so reordering them was a change and a raise of
    /// one reward was buried in it. Each reward is its own keys now.
    @Test func rewardsAreComparedOneByOne() throws {
        let current = try RuleFixture.compiled(RuleFixture.text + Self.rewards + "\n").ruleSet
        let reordered = Self.rewards.components(separatedBy: "\n")
        let swapped = try RuleFixture.compiled(RuleFixture.text + [reordered[0], reordered[1], reordered[3], reordered[2]].joined(separator: "\n") + "\n").ruleSet
        #expect(RulePolicyDiff.changes(current: current, candidate: swapped).isEmpty)
        let raised = try RuleFixture.compiled(RuleFixture.text + Self.rewards.replacingOccurrences(of: "points: 10", with: "points: 15") + "\n").ruleSet
        #expect(RulePolicyDiff.changes(current: current, candidate: raised)
            == [.init(key: "ledger.rewards.topic.points", before: "10", after: "15", needsAdmin: false)])
    }

    /// Hotwords are a set: their order is no change.
    @Test func hotwordsInAnotherOrderAreNoChange() throws {
        let current = try RuleFixture.compiled(RuleFixture.text + "review:\n  hotwords: [代购, 微商]\n").ruleSet
        let swapped = try RuleFixture.compiled(RuleFixture.text + "review:\n  hotwords: [微商, 代购]\n").ruleSet
        #expect(RulePolicyDiff.changes(current: current, candidate: swapped).isEmpty)
    }

    @Test(arguments: cases)
    func listsWhatChangesBesidesPrices(_ testCase: Case) throws {
        let current = try RuleFixture.compiled().ruleSet
        let candidate = try RuleFixture.compiled(testCase.candidate).ruleSet
        #expect(RulePolicyDiff.changes(current: current, candidate: candidate) == testCase.expected)
    }

    /// Helper 160 #3: the pricing section is compared as written, so a candidate raising the item
    /// minimum shows it even when no listing compared is an item; moving lines changes nothing.
    @Test func pricingChangesAreListedWithoutAListingToShowThem() throws {
        let current = try RuleFixture.compiled()
        let raised = try RuleFixture.compiled(RuleFixture.text.replacingOccurrences(
            of: #"item: { rate: "0.10", minimum: "1" }"#, with: #"item: { rate: "0.10", minimum: "2" }"#))
        let report = RuleSetDiff.compare(
            current: current, candidate: raised, listings: [], context: ValuationContext(valuedAt: Date(timeIntervalSince1970: 0)))
        #expect(report.policyChanges == [.init(key: "valuation.base.item.minimum", before: "1.00", after: "2.00", needsAdmin: false)])
        let moved = try RuleFixture.compiled("# 修订说明\n" + RuleFixture.text)
        #expect(RuleSetDiff.compare(
            current: current, candidate: moved, listings: [], context: ValuationContext(valuedAt: Date(timeIntervalSince1970: 0))
        ).policyChanges.isEmpty)
        #expect(current.valuationValues["valuation.base.time.per_hour"] == "10.00", "\(current.valuationValues)")
        #expect(current.valuationValues["valuation.base.time.granularity_minutes"] == "15", "an integer as written")
        #expect(current.valuationValues["valuation.time_slots.windows.order"] == "holiday, night, weekend")
        // Which window comes first decides where they overlap: a reorder is a change (helper 165 #5).
        let lines = RuleFixture.lines
        let holiday = try #require(lines.firstIndex { $0.contains("name: holiday") }), night = holiday + 1
        var swapped = lines
        swapped.swapAt(holiday, night)
        let reordered = try RuleFixture.compiled(swapped.joined(separator: "\n"))
        #expect(RuleSetDiff.compare(
            current: current, candidate: reordered, listings: [], context: ValuationContext(valuedAt: Date(timeIntervalSince1970: 0))
        ).policyChanges.map(\.key) == ["valuation.time_slots.windows.order"])
        // Formatting is no change (helper 164 #3): a number by its value, a list of days as a set.
        let reformatted = try RuleFixture.compiled(RuleFixture.text
            .replacingOccurrences(of: #"item: { rate: "0.10", minimum: "1" }"#, with: #"item: { rate: "0.1", minimum: "1.00" }"#)
            .replacingOccurrences(of: "days: [sat, sun]", with: "days: [sun, sat]"))
        #expect(RuleSetDiff.compare(
            current: current, candidate: reformatted, listings: [], context: ValuationContext(valuedAt: Date(timeIntervalSince1970: 0))
        ).policyChanges.isEmpty)
    }

    /// A raise an organizer may not put in force is marked; lowering it back is not.
    @Test func aLedgerRaiseIsMarkedAsAnAdminsToActivate() throws {
        let lower = try RuleFixture.compiled(RuleFixture.text + "ledger:\n  organizer_daily_grant_cap: 100\n").ruleSet
        let standard = try RuleFixture.compiled().ruleSet
        #expect(RulePolicyDiff.changes(current: lower, candidate: standard)
            == [.init(key: "ledger.organizer_daily_grant_cap", before: "100", after: "500", needsAdmin: true)])
    }
}
