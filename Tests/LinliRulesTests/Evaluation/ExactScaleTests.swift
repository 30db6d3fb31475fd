import Foundation
import Testing
@testable import LinliRules

/// A time exchange re-priced from its actual minutes: `held × value(actual) ÷ value(listed)` on
/// the exact values, rounded once with the file's mode (helper 160 #7: the ratio of two rounded
/// values, rounded three times, paid 45 minutes of an errand held at 75 minutes 8 points where
/// the exact share is 7.2).
@Suite struct ExactScaleTests {
    static let rules = try! RulePresets.compiled(named: "default")
    static let context = ValuationContext(valuedAt: Date(timeIntervalSince1970: 1_773_000_000))

    static func errand(_ minutes: Int) -> ValuationInput {
        ValuationInput(kind: .time, category: "errands", durationMinutes: minutes, intensity: .light)
    }

    @Test func theExactShareIsPaidRoundedOnce() throws {
        let listed = try Self.rules.valuate(Self.errand(75), in: Self.context)
        let shorter = try Self.rules.valuate(Self.errand(45), in: Self.context)
        // The preset's figures this case rests on: 12.5 → 12 held (half even), 7.5 → 8 for 45 minutes.
        #expect(listed.unroundedValue == RuleDecimal(units: 125_000) && listed.points == 12, "\(listed.unroundedValue)")
        #expect(shorter.unroundedValue == RuleDecimal(units: 75_000) && shorter.points == 8, "\(shorter.unroundedValue)")
        // 12 × 7.5 ÷ 12.5 = 7.2 → 7; the rounded ratio 12 × 8 ÷ 12 gave 8.
        #expect(try Self.rules.scale(12, actual: Self.errand(45), scheduled: Self.errand(75), in: Self.context) == 7)
    }

    /// Table: the held value is the base whatever the values are now (a market that moved), and
    /// the listed duration itself pays exactly what was held.
    @Test(arguments: [
        (8, 45, 45, 8), (9, 45, 45, 9), (12, 45, 75, 7), (20, 30, 45, 13), (0, 30, 45, 0), (8, 30, 45, 5),
    ])
    func scales(held: Int, actual: Int, listed: Int, expected: Int) throws {
        #expect(try Self.rules.scale(held, actual: Self.errand(actual), scheduled: Self.errand(listed), in: Self.context) == expected)
    }
}
