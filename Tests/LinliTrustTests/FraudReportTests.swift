import Foundation
import LinliDomain
import LinliRules
import Testing
@testable import LinliTrust

@Suite("Fraud report")
struct FraudReportTests {
    typealias F = TrustFixture
    static let community = CommunityID(trusted: "cmt_" + SyntheticIDs.body(1))

    func report() -> FraudReport {
        let synthetic = SyntheticCommunity.generate(.init(seed: 1))
        let signals = FraudEngine.recompute(snapshot: synthetic.snapshot, policy: FraudPolicy(), now: synthetic.now)
        let moderatorA = F.id(900), moderatorB = F.id(901)
        let cases = [
            TrustCaseSummary(id: "c1", target: "t1", openedAt: synthetic.now.addingTimeInterval(-5 * 86_400), moderator: moderatorA,
                             resolvedAt: synthetic.now.addingTimeInterval(-5 * 86_400 + 2 * 3600), outcome: "upheld"),
            TrustCaseSummary(id: "c2", target: "t2", openedAt: synthetic.now.addingTimeInterval(-4 * 86_400), moderator: moderatorA,
                             resolvedAt: synthetic.now.addingTimeInterval(-4 * 86_400 + 6 * 3600), outcome: "dismissed"),
            TrustCaseSummary(id: "c3", target: "t3", openedAt: synthetic.now.addingTimeInterval(-2 * 86_400), moderator: moderatorB),
            TrustCaseSummary(id: "c4", target: "t4", openedAt: synthetic.now.addingTimeInterval(-30 * 86_400)),
        ]
        return FraudReportBuilder().build(
            community: Self.community, since: synthetic.now.addingTimeInterval(-7 * 86_400), until: synthetic.now,
            signals: signals, cases: cases)
    }

    @Test("counts, cases, moderator workload and time to resolution")
    func builder() {
        let report = report()
        #expect(report.signalsByType.count == FraudSignalType.allCases.count)
        let counts = Dictionary(uniqueKeysWithValues: report.signalsByType.map { ($0.type, $0.count) })
        #expect(counts[.velocity] == 1)
        #expect(counts[.ring] == 0, "the planted rings are older than 7 days")
        #expect(counts[.reportCluster] == 1)
        #expect(report.cases.opened == 3)
        #expect(report.cases.resolved == 2)
        #expect(report.cases.openAtEnd == 2)
        #expect(report.cases.medianHoursToResolution == 4)
        #expect(report.moderators.map(\.moderator) == [F.id(900), F.id(901)])
        #expect(report.moderators.first?.resolved == 2)
        #expect(report.moderators.last?.open == 1)
        let scores = report.topAccounts.map(\.totalScore)
        #expect(scores == scores.sorted(by: >))
        #expect(report.topAccounts.allSatisfy { !$0.signals.isEmpty })
    }

    @Test("JSON carries stable keys and the chosen language")
    func json() throws {
        let report = report()
        for language in TrustLanguage.allCases {
            let text = try FraudReportRenderer.json(report, language: language)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["language"] as? String == language.rawValue)
            let byType = try #require(object["signals_by_type"] as? [String: Int])
            #expect(byType["velocity"] == 1)
            let accounts = try #require(object["top_accounts"] as? [[String: Any]])
            let first = try #require((accounts.first?["signals"] as? [[String: Any]])?.first)
            let explanation = try #require(first["explanation"] as? String)
            let expected = report.topAccounts[0].signals[0].explanation(language)
            #expect(explanation == expected)
            #expect(first["fingerprint"] as? String == report.topAccounts[0].signals[0].fingerprint)
        }
    }

    @Test("Markdown in zh and en")
    func markdown() {
        let report = report()
        let zh = FraudReportRenderer.markdown(report, language: .zh, timeZoneID: "Asia/Shanghai")
        let en = FraudReportRenderer.markdown(report, language: .en, timeZoneID: "Asia/Shanghai")
        // The period in the community's wall-clock time (session 20; it was UTC).
        let until = LocalInstantText.text(report.until, timeZoneID: "Asia/Shanghai", language: .zhCN)
        #expect(zh.contains("期间: ") && zh.contains("— \(until)\n"), "\(zh.prefix(200))")
        #expect(en.contains("(UTC+08:00)"))
        let tokyo = FraudReportRenderer.markdown(report, language: .zh, timeZoneID: "Asia/Tokyo")
        #expect(tokyo.contains("（UTC+09:00）"))
        #expect(zh.contains("# 反作弊周报"))
        #expect(zh.contains("| 操作频率异常 (`velocity`) | 1 |"))
        #expect(en.contains("## Top flagged accounts"))
        #expect(en.contains("| Velocity (`velocity`) | 1 |"))
        #expect(en.contains("| \(F.id(900)) | 0 | 2 | 4.0 |"))
        #expect(en.contains(report.topAccounts[0].signals[0].explanationEN))
    }

    /// With names (helper 145 #9): the community and each account and moderator read by name,
    /// their ids beside; a member whose name is unknown keeps the bare id.
    @Test("Markdown names the community, the accounts and the moderators")
    func markdownWithNames() {
        let report = report()
        let flagged = report.topAccounts[0].member
        let names = FraudReportNames(community: "阳光社区", members: [flagged: "王秀英", F.id(900): "李审核"])
        let zh = FraudReportRenderer.markdown(report, language: .zh, timeZoneID: "Asia/Shanghai", names: names)
        #expect(zh.hasPrefix("# 反作弊周报 — 阳光社区（\(report.community)）\n"), "\(zh.prefix(120))")
        #expect(zh.contains("### 王秀英（\(flagged)） — 总分"))
        #expect(zh.contains("| 李审核（\(F.id(900))） | 0 | 2 | 4.0 |"))
        let en = FraudReportRenderer.markdown(report, language: .en, timeZoneID: "Asia/Shanghai", names: names)
        #expect(en.hasPrefix("# Fraud report — 阳光社区 (\(report.community))\n"))
        #expect(en.contains("### 王秀英 (\(flagged)) — total score"))
        let unnamed = FraudReportRenderer.markdown(report, language: .en, timeZoneID: "Asia/Shanghai", names: FraudReportNames(community: "阳光社区"))
        #expect(unnamed.contains("### \(flagged) — total score"))
    }

    /// A name is text, not markup: a link, a table bar or a line break in it does not become one
    /// in the report moderators read (helper 147 #5).
    @Test("Markdown escapes names")
    func markdownEscapesNames() {
        let report = report()
        let flagged = report.topAccounts[0].member
        let names = FraudReportNames(community: "阳光|社区", members: [flagged: "[请点此核实](http://x.cn)\n## 已处理", F.id(900): "李|审核"])
        let zh = FraudReportRenderer.markdown(report, language: .zh, timeZoneID: "Asia/Shanghai", names: names)
        #expect(zh.contains("### \\[请点此核实\\]\\(http\\://x.cn\\) \\#\\# 已处理（\(flagged)） — 总分"), "\(zh)")
        #expect(!zh.contains("\n## 已处理"))
        #expect(zh.contains("| 李\\|审核（\(F.id(900))） |") && zh.hasPrefix("# 反作弊周报 — 阳光\\|社区（"))
        #expect(FraudReportNames.escaped("点 http://x.cn 或 WWW.x.cn") == "点 http\\://x.cn 或 WWW\\.x.cn")
    }

    /// A quiet week: "None." stands apart from the next heading, and no moderator table of
    /// headers alone (helper 113).
    @Test("Markdown of a quiet week")
    func quietWeek() {
        let now = F.now
        let quiet = FraudReportBuilder().build(community: Self.community, since: now.addingTimeInterval(-7 * 86_400), until: now, signals: [], cases: [])
        let en = FraudReportRenderer.markdown(quiet, language: .en, timeZoneID: "Asia/Shanghai")
        #expect(en.contains("## Top flagged accounts\n\nNone.\n\n## Rings\n\nNone.\n\n## Moderator workload\n\nNo moderator had a case in the period.\n"), "\(en)")
        #expect(!en.contains("| Moderator |"))
        let zh = FraudReportRenderer.markdown(quiet, language: .zh, timeZoneID: "Asia/Shanghai")
        #expect(zh.hasSuffix("## 审核员工作量\n\n本期无审核员处理案件。\n"), "\(zh)")
    }

    @Test("median hours: odd, even, none")
    func median() {
        func c(_ hours: Double) -> TrustCaseSummary {
            TrustCaseSummary(id: "c", target: "t", openedAt: F.now, resolvedAt: F.now.addingTimeInterval(hours * 3600))
        }
        #expect(FraudReportBuilder.medianHours([c(1), c(5), c(2)]) == 2)
        #expect(FraudReportBuilder.medianHours([c(1), c(2)]) == 1.5)
        #expect(FraudReportBuilder.medianHours([]) == nil)
    }
}

@Suite("Report period")
struct ReportPeriodTests {
    static let validCases: [(String, Double)] = [
        ("7d", 7 * 86_400), ("1d", 86_400), ("366d", 366 * 86_400), ("24h", 86_400), ("1h", 3600),
    ]

    @Test(arguments: validCases)
    func valid(text: String, seconds: Double) {
        #expect(ReportPeriod.seconds(text) == seconds)
    }

    @Test(arguments: ["", "d", "0d", "367d", "-1d", "7", "7w", "1.5d", "７d", "8785h", "100000d"])
    func invalid(text: String) {
        #expect(ReportPeriod.seconds(text) == nil)
    }
}
