import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// The weekly fraud report: once a period per community, the report is computed and announced on
/// the outbox as `fraud.report` (the shipped chat templates render `period`, `signal_count` and
/// `summary`), so webhooks deliver it to the moderators' group.
public enum FraudReportCommands {
    /// Communities whose last report is at least `period` seconds old (or that never had one).
    public static func due(_ db: Database, now: Date, period: TimeInterval) throws -> [CommunityID] {
        try String.fetchAll(
            db, sql: """
                SELECT c.id FROM communities c LEFT JOIN fraud_report_runs r ON r.community_id = c.id
                WHERE r.last_run_at IS NULL OR r.last_run_at <= ? ORDER BY c.id
                """,
            arguments: [now.addingTimeInterval(-period)]
        ).map(CommunityID.init(trusted:))
    }

    /// How many periods a report reaches back at most, after a server was down for weeks.
    static let maximumPeriodsCovered: Double = 5

    /// Computes and announces one community's report for the time since its last one (a period
    /// for the first; at most `maximumPeriodsCovered`), stores those signals (new fingerprints
    /// only) so moderators can review and dismiss them, and moves the bookmark. It had always
    /// reached back one period: the job runs hourly once a period has passed, so up to an hour
    /// between reports, or weeks after downtime, was never looked at, and the signals only this
    /// report stores (listing bursts, cost outliers, resale) were lost (helper 161 #6).
    @discardableResult
    public static func publish(
        _ tx: Transaction, community: CommunityID, period: TimeInterval, rules: ActiveRules
    ) throws -> FraudReport {
        let last = try Date.fetchOne(
            tx.db, sql: "SELECT last_run_at FROM fraud_report_runs WHERE community_id = ?", arguments: [community.rawValue])
        let earliest = tx.now.addingTimeInterval(-period * Self.maximumPeriodsCovered)
        let since = last.map { max(min($0, tx.now), earliest) } ?? tx.now.addingTimeInterval(-period)
        let signals = try TrustQueries.signals(tx.db, community: community, since: since, now: tx.now, rules: rules)
        let fraud = try TrustPolicies.active(tx.db, community: community, at: tx.now, rules: rules).fraud
        _ = try FraudSignalCommands.record(tx, community: community, signals: signals, freezeAtScore: fraud.freezeHoldsAtScore)
        let report = try TrustQueries.fraudReport(tx.db, community: community, since: since, now: tx.now, signals: signals)
        let timezone = try CommunityCommands.fetch(tx.db, id: community).timezone
        try tx.emit(community, type: "fraud.report", subject: "community:\(community)", payload: FraudReportPayload(report, timeZoneID: timezone))
        try tx.db.execute(
            sql: """
                INSERT INTO fraud_report_runs (community_id, last_run_at) VALUES (?, ?)
                ON CONFLICT (community_id) DO UPDATE SET last_run_at = excluded.last_run_at
                """,
            arguments: [community.rawValue, tx.now])
        return report
    }
}

/// The outbox payload of a published report: counts and ids only (chat groups are not the place
/// for explanations with member ids in full; the report itself is one API call away).
struct FraudReportPayload: Encodable {
    let period: String
    let signalCount: Int
    let summary: String
    /// The summary in words for each group's language (helper 134: the Chinese text read
    /// "self_dealing 2, velocity 1; cases +0 / ✓0 / open 0").
    let summaryZh: String
    let summaryEn: String
    let signalsByType: [String: Int]
    let casesOpened: Int
    let casesResolved: Int
    let casesOpenAtEnd: Int
    let topAccounts: [String]
    let rings: Int

    enum CodingKeys: String, CodingKey {
        case period, signalCount = "signal_count", summary, summaryZh = "summary_zh", summaryEn = "summary_en"
        case signalsByType = "signals_by_type", casesOpened = "cases_opened"
        case casesResolved = "cases_resolved", casesOpenAtEnd = "cases_open_at_end", topAccounts = "top_accounts", rings
    }

    /// `period` names the community's local days (`timeZoneID`): a report published at 02:00 in
    /// Shanghai ends on that day, not on the UTC day before.
    init(_ report: FraudReport, timeZoneID: String) {
        let day = { (date: Date) in EventLocalTime.day(date, timeZoneID: timeZoneID) }
        period = "\(day(report.since)) – \(day(report.until))"
        signalCount = report.signalsByType.reduce(0) { $0 + $1.count }
        signalsByType = Dictionary(uniqueKeysWithValues: report.signalsByType.map { ($0.type.rawValue, $0.count) })
        casesOpened = report.cases.opened
        casesResolved = report.cases.resolved
        casesOpenAtEnd = report.cases.openAtEnd
        topAccounts = report.topAccounts.prefix(5).map(\.member.rawValue)
        rings = report.rings.count
        let fired = report.signalsByType.filter { $0.count > 0 }.map { "\($0.type.rawValue) \($0.count)" }
        summary = (fired.isEmpty ? "-" : fired.joined(separator: ", "))
            + "; cases +\(casesOpened) / ✓\(casesResolved) / open \(casesOpenAtEnd)"
        let named = { (language: TrustLanguage, separator: String) in
            report.signalsByType.filter { $0.count > 0 }.map { "\($0.type.label(language)) \($0.count)" }.joined(separator: separator)
        }
        let zhSignals = named(.zh, "，"), enSignals = named(.en, ", ")
        summaryZh = (zhSignals.isEmpty ? "" : zhSignals + "。")
            + "新开案件 \(casesOpened) 个，已处理 \(casesResolved) 个，期末待处理 \(casesOpenAtEnd) 个"
            + (rings > 0 ? "，疑似积分环 \(rings) 个。" : "。")
        summaryEn = (enSignals.isEmpty ? "" : enSignals + ". ")
            + "Cases opened \(casesOpened), resolved \(casesResolved), open at the end \(casesOpenAtEnd)"
            + (rings > 0 ? "; suspected rings \(rings)." : ".")
    }
}
