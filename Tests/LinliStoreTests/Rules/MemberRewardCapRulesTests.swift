import LinliDomain
import LinliRules
@testable import LinliStore
import Testing

/// The member daily reward cap was a constant (60) no rule file could change, and `rules check`
/// accepted a reward worth more than it (session-17 organizer walk). It is `ledger.
/// member_daily_reward_cap` now, 60 when absent, and the ledger enforces the file's value.
@Suite struct MemberRewardCapRulesTests {
    static func limits(_ line: String?) throws -> LedgerLimits {
        var text = try #require(RulePresets.text(named: "default"))
        if let line {
            text = text.replacingOccurrences(of: "  organizer_daily_grant_cap: 300", with: "  organizer_daily_grant_cap: 300\n" + line)
        }
        return LedgerLimits(try RuleSetCompiler.compile(text, fileName: "rules.yaml").ruleSet.ledger)
    }

    @Test func theFileSetsTheCapAndItsAbsenceKeepsSixty() throws {
        #expect(try Self.limits(nil).memberDailyRewardCap == 60)
        #expect(try Self.limits("  member_daily_reward_cap: 120").memberDailyRewardCap == 120)
    }

    @Test func aCapBelowTheDefaultFilesRewardsIsRefused() throws {
        var text = try #require(RulePresets.text(named: "default"))
        text = text.replacingOccurrences(of: "  organizer_daily_grant_cap: 300", with: "  organizer_daily_grant_cap: 300\n  member_daily_reward_cap: 12")
        let report = RuleSetCompiler.check(text, fileName: "rules.yaml")
        // community_cleaning (20) and event_help (15) are over 12; weekly_topic (10) is not.
        #expect(report.errors.map(\.code) == [.thresholdOrder, .thresholdOrder], "\(report.errors)")
    }
}
