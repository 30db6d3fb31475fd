import Foundation
import Testing
@testable import LinliRules

/// Helper 176 #4: report velocity fires when one member files more than `reports_per_day` reports
/// within 24 hours, and `moderation.reports_per_reporter_per_day` caps her at that many per local
/// day, so at most twice that in any 24 hours. The shipped 10 beside 5 could never fire: such a
/// pair is warned of (`rules.threshold_order`), and the preset now fires.
@Suite struct ReportVelocityPolicyTests {
    @Test(arguments: [
        ("", false),
        ("fraud:\n  velocity: { reports_per_day: 10 }\n", true),
        ("fraud:\n  velocity: { reports_per_day: 9 }\n", false),
        ("moderation:\n  reports_per_reporter_per_day: 2\nfraud:\n  velocity: { reports_per_day: 4 }\n", true),
        ("moderation:\n  reports_per_reporter_per_day: 3\nfraud:\n  velocity: { reports_per_day: 4 }\n", false),
    ])
    func aLimitNoOneCanExceedIsWarnedOf(section: String, warned: Bool) {
        let report = RuleSetCompiler.check(RuleFixture.text + section, fileName: "fixture.yaml")
        let warning = report.warnings.first { $0.code == .thresholdOrder && $0.messageEN.contains("reports_per_day") }
        #expect((warning != nil) == warned, "\(report.diagnostics.map(\.messageEN))")
        #expect(report.errors.isEmpty, "a warning, not an error: \(report.errors)")
    }

    @Test(arguments: RulePresets.names)
    func theShippedPresetsFire(name: String) throws {
        let rules = try #require(RulePresets.text(named: "\(name).yaml"))
        let report = RuleSetCompiler.check(rules, fileName: "\(name).yaml")
        #expect(!report.warnings.contains { $0.messageEN.contains("reports_per_day") }, "\(report.warnings)")
    }
}
