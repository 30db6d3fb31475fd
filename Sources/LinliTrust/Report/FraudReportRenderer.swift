import Foundation
import LinliDomain

/// Renders a fraud report as JSON or Markdown in zh or en.
///
/// The JSON keeps stable keys and types (`signals_by_type.ring`) and adds the human labels and
/// explanations in the chosen language, so a webhook consumer can both filter and display it.
public enum FraudReportRenderer {
    public static func json(_ report: FraudReport, language: TrustLanguage) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(LocalizedReport(report, language)), as: UTF8.self)
    }

    /// The report for people to read: the period in the community's wall-clock time
    /// (`timeZoneID`, `LocalInstantText`), as every message to residents and staff shows times;
    /// the JSON keeps ISO 8601 UTC for programs. `names`: the community's and the members' names,
    /// shown beside their ids (`FraudReportNames`).
    public static func markdown(_ report: FraudReport, language: TrustLanguage, timeZoneID: String, names: FraudReportNames = .init()) -> String {
        let zh = language == .zh
        func t(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
        func day(_ date: Date) -> String { LocalInstantText.text(date, timeZoneID: timeZoneID, language: zh ? .zhCN : .en) }
        func hours(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }
        var lines: [String] = []
        let community = names.community.map(FraudReportNames.escaped).map { zh ? "\($0)（\(report.community)）" : "\($0) (\(report.community))" }
            ?? report.community.rawValue
        lines.append("# " + t("反作弊周报", "Fraud report") + " — \(community)")
        lines.append("")
        lines.append(t("期间", "Period") + ": \(day(report.since)) — \(day(report.until))")
        lines.append("")
        lines.append("## " + t("各类信号", "Signals by type"))
        lines.append("")
        lines.append("| " + t("信号", "Signal") + " | " + t("次数", "Count") + " |")
        lines.append("|---|---:|")
        for row in report.signalsByType { lines.append("| \(row.type.label(language)) (`\(row.type.rawValue)`) | \(row.count) |") }
        lines.append("")
        lines.append("## " + t("案件", "Cases"))
        lines.append("")
        lines.append("- " + t("新开", "Opened") + ": \(report.cases.opened)")
        lines.append("- " + t("已处理", "Resolved") + ": \(report.cases.resolved)")
        lines.append("- " + t("期末未结", "Open at end") + ": \(report.cases.openAtEnd)")
        lines.append("- " + t("处理用时中位数（小时）", "Median hours to resolution") + ": \(hours(report.cases.medianHoursToResolution))")
        lines.append("")
        lines.append("## " + t("重点账户", "Top flagged accounts"))
        lines.append("")
        if report.topAccounts.isEmpty { lines += [t("无。", "None."), ""] }
        for account in report.topAccounts {
            let types = account.types.map { $0.label(language) }.joined(separator: t("、", ", "))
            lines.append("### \(names.named(account.member, zh: zh)) — " + t("总分", "total score") + " \(account.totalScore) (\(types))")
            lines.append("")
            for signal in account.signals { lines.append("- \(signal.type.label(language)) [\(signal.score)]: \(signal.explanation(language))") }
            lines.append("")
        }
        lines.append("## " + t("积分环", "Rings"))
        lines.append("")
        if report.rings.isEmpty { lines.append(t("无。", "None.")) }
        for ring in report.rings {
            lines.append("- \(ring.explanation(language))")
        }
        lines.append("")
        lines.append("## " + t("审核员工作量", "Moderator workload"))
        lines.append("")
        // No table of headers alone when nobody had a case in the period (helper 113).
        if report.moderators.isEmpty { lines.append(t("本期无审核员处理案件。", "No moderator had a case in the period.")) }
        else {
            lines.append("| " + t("审核员", "Moderator") + " | " + t("未结", "Open") + " | " + t("已处理", "Resolved") + " | "
                + t("用时中位数（小时）", "Median hours") + " |")
            lines.append("|---|---:|---:|---:|")
        }
        for load in report.moderators {
            lines.append("| \(names.named(load.moderator, zh: zh)) | \(load.open) | \(load.resolved) | \(hours(load.medianHoursToResolution)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The JSON shape of a report in one language.
private struct LocalizedReport: Encodable {
    struct Signal: Encodable {
        var type: FraudSignalType
        var label: String
        var score: Int
        var at: Date
        var subjects: [MemberID]
        var cycle: [MemberID]?
        var explanation: String
        var evidence: SignalEvidence
        var fingerprint: String
    }
    struct Account: Encodable {
        var member: MemberID
        var totalScore: Int
        var types: [FraudSignalType]
        var signals: [Signal]
    }
    var community: CommunityID
    var language: TrustLanguage
    var since: Date
    var until: Date
    var signalsByType: [String: Int]
    var cases: FraudReport.CaseStatistics
    var topAccounts: [Account]
    var rings: [Signal]
    var moderators: [FraudReport.ModeratorWorkload]

    init(_ report: FraudReport, _ language: TrustLanguage) {
        func view(_ s: FraudSignal) -> Signal {
            Signal(type: s.type, label: s.type.label(language), score: s.score, at: s.at, subjects: s.subjects, cycle: s.cycle,
                   explanation: s.explanation(language), evidence: s.evidence, fingerprint: s.fingerprint)
        }
        community = report.community
        self.language = language
        since = report.since
        until = report.until
        signalsByType = Dictionary(uniqueKeysWithValues: report.signalsByType.map { ($0.type.rawValue, $0.count) })
        cases = report.cases
        topAccounts = report.topAccounts.map {
            Account(member: $0.member, totalScore: $0.totalScore, types: $0.types, signals: $0.signals.map(view))
        }
        rings = report.rings.map(view)
        moderators = report.moderators
    }
}
