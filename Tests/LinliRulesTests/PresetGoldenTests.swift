import Foundation
import Testing
@testable import LinliRules

/// Both shipped presets compile with all their golden tests, loaded through the embedded API and
/// straight from `rules/` on disk (they must be the same bytes).
@Suite struct PresetGoldenTests {
    static let presets = ["default", "timebank-equal"]

    static func fileURL(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "rules/\(name).yaml")
    }

    @Test(arguments: presets)
    func embeddedPresetCompiles(name: String) throws {
        let compiled = try RulePresets.compiled(named: name)
        #expect(compiled.warnings.allSatisfy { $0.severity == .warning })
        #expect(compiled.header.version == 1)
        #expect(compiled.header.timezone == "Asia/Shanghai")
        #expect(compiled.header.contentHash.count == 64)
    }

    @Test(arguments: presets)
    func fileOnDiskMatchesEmbeddedBytesAndHash(name: String) throws {
        let data = try Data(contentsOf: Self.fileURL(name))
        let fromDisk = try RuleSetCompiler.compile(data: data, fileName: "\(name).yaml")
        let embedded = try #require(RulePresets.text(named: "\(name).yaml"))
        #expect(Data(embedded.utf8) == data)
        #expect(fromDisk.header.contentHash == RuleSetCompiler.contentHash(of: embedded))
    }

    /// The shipped default counts at most 3 exchanges with one counterparty toward the credit
    /// score; a file without the key has no such cap (its meaning is what it was when adopted).
    @Test func defaultPresetCapsExchangesPerCounterparty() throws {
        #expect(try RulePresets.compiled(named: "default").ruleSet.creditScore.completedExchangePerCounterpartyCap == 3)
        #expect(CreditScorePolicy().completedExchangePerCounterpartyCap == nil)
    }

    @Test func presetNamesAreListed() {
        #expect(RulePresets.names == ["default", "timebank-equal"])
        #expect(RulePresets.all.map(\.fileName) == ["default.yaml", "timebank-equal.yaml"])
        #expect(RulePresets.text(named: "missing") == nil)
    }

    @Test func defaultPresetHasGoldenTestsThatReallyRun() throws {
        // Break one expected value: the file must be refused with the test's line.
        let text = try #require(RulePresets.text(named: "default"))
        let broken = text.replacingOccurrences(of: "expect_points: 92", with: "expect_points: 93")
        let report = RuleSetCompiler.check(broken, fileName: "default.yaml")
        let failure = try #require(report.errors.first)
        #expect(failure.code == .goldenTestFailed)
        #expect(failure.messageEN.contains("expects 93 points, the rules give 92"))
        #expect(failure.line == RuleFixture.position(of: "name: 紧俏的二手手机", in: broken).line)
    }

    @Test func timebankValuesEveryHourTheSame() throws {
        let rules = try RulePresets.compiled(named: "timebank-equal")
        let context = ValuationContext(valuedAt: RuleFixture.local("2026-03-02 12:00"))
        let care = ValuationInput(kind: .time, category: "care", durationMinutes: 60, intensity: .light)
        let heavyNight = ValuationInput(kind: .time, category: "chores", start: RuleFixture.local("2026-05-01 23:00"),
                                        end: RuleFixture.local("2026-05-02 00:00"), intensity: .heavy)
        let expertSkill = ValuationInput(kind: .skill, category: "skills", durationMinutes: 60,
                                         certification: .verifiedLicence, level: .expert)
        let values = try [care, heavyNight, expertSkill].map { try rules.points(for: $0, in: context) }
        #expect(values == [10, 10, 10])
    }

    @Test func defaultPresetPoliciesAreRead() throws {
        let rules = try RulePresets.compiled(named: "default").ruleSet
        #expect(rules.category("elder_care")?.needsVerifiedProvider == true)
        #expect(rules.category("elder_care")?.minCreditLevel == 2)
        #expect(rules.category("electronics")?.minPhotos == 2)
        #expect(rules.category("elder_care")?.nameZH == "老人陪护")
        #expect(rules.listing.expiryDays(for: .time) == 14)
        #expect(rules.listing.maxDeclaredCost == RuleDecimal(integer: 20_000))
        #expect(rules.review.hotwords.contains("加微信"))
        #expect(rules.review.trustedAutoPublish.enabled)
        #expect(rules.ledger.memberCreditLimit == 100)
        #expect(rules.ledger.reward("community_cleaning")?.points == 20)
        #expect(rules.exchange.autoConfirmAfterHours == 72)
        #expect(rules.moderation.appealWindowDays == 14)
        #expect(rules.creditScore.level(forScore: RuleDecimal(integer: 76)) == 3)
        #expect(rules.fraud.rings.maxLength == 4)
        #expect(rules.fraud.concentration.minShare == RuleDecimal(parsing: "0.80"))
        #expect(rules.scarcityWindowDays == 30)
        #expect(rules.holidays.contains(LocalDate(year: 2026, month: 10, day: 1)!))
    }

    @Test func absentPolicySectionsTakeDocumentedDefaults() throws {
        let rules = try RuleFixture.compiled().ruleSet
        #expect(rules.listing == ListingPolicy())
        #expect(rules.review == ReviewPolicy())
        #expect(rules.ledger == LedgerPolicy())
        #expect(rules.exchange == ExchangePolicy())
        #expect(rules.creditScore == CreditScorePolicy())
        #expect(rules.fraud == FraudPolicy())
    }

    @Test func selfDealingScoreIsReadAndDefaults() throws {
        #expect(try RuleFixture.compiled().ruleSet.fraud.selfDealing.score == 70)
        let text = RuleFixture.text + "fraud:\n  self_dealing: { score: 90 }\n"
        #expect(try RuleFixture.compiled(text).ruleSet.fraud.selfDealing.score == 90)
        let tooHigh = RuleSetCompiler.check(RuleFixture.text + "fraud:\n  self_dealing: { score: 101 }\n", fileName: "f.yaml")
        #expect(!tooHigh.isAccepted)
    }

    @Test func unknownKeyInsidePolicyIsAnError() throws {
        let text = RuleFixture.text + "exchange:\n  auto_confirm_after_hour: 48\n"
        let report = RuleSetCompiler.check(text, fileName: "f.yaml")
        let hit = try #require(report.errors.first)
        #expect(hit.code == .unknownKey)
        #expect(hit.messageEN.contains("auto_confirm_after_hours"))
    }
}
