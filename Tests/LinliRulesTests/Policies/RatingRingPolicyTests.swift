import Foundation
import Testing
@testable import LinliRules

/// Rating rings need three members unless the file says otherwise (helper 161 #1), and a file
/// written for the old default of two stays readable (helper 164 #4).
@Suite struct RatingRingPolicyTests {
    @Test(arguments: [
        ("", 3, 5),
        ("fraud:\n  rating_rings: { max_group_size: 2 }\n", 2, 2),
        ("fraud:\n  rating_rings: { min_group_size: 2 }\n", 2, 5),
        ("fraud:\n  rating_rings: { min_group_size: 4, max_group_size: 6 }\n", 4, 6),
    ])
    func theMinimumFollowsTheFile(section: String, minimum: Int, maximum: Int) throws {
        let rings = try RuleFixture.compiled(RuleFixture.text + section).ruleSet.fraud.ratingRings
        #expect(rings.minGroupSize == minimum && rings.maxGroupSize == maximum)
    }

    @Test func aMinimumWrittenAboveTheMaximumIsStillRefused() {
        let report = RuleSetCompiler.check(
            RuleFixture.text + "fraud:\n  rating_rings: { min_group_size: 4, max_group_size: 3 }\n", fileName: "fixture.yaml")
        #expect(report.errors.contains { $0.code == .thresholdOrder })
    }
}
