import Foundation
import LinliDomain

/// Builds a `FraudReport` from signals and cases; pure, so the CLI, the API and the weekly scheduler
/// produce the same report from the same inputs.
public struct FraudReportBuilder: Sendable {
    /// How many accounts and rings the report lists.
    public var topCount = 10

    public init() {}

    public func build(
        community: CommunityID, since: Date, until: Date, signals: [FraudSignal], cases: [TrustCaseSummary]
    ) -> FraudReport {
        let inPeriod = signals.filter { $0.at >= since && $0.at <= until }
        let counts = Dictionary(grouping: inPeriod, by: \.type).mapValues(\.count)
        var byMember: [MemberID: [FraudSignal]] = [:]
        for signal in inPeriod { for subject in signal.subjects { byMember[subject, default: []].append(signal) } }
        let accounts = byMember.map { member, signals in
            FraudReport.FlaggedAccount(
                member: member, totalScore: signals.reduce(0) { $0 + $1.score },
                types: Array(Set(signals.map(\.type))).sorted(), signals: signals.sorted { $0.at < $1.at })
        }.sorted { ($1.totalScore, $0.member) < ($0.totalScore, $1.member) }
        let rings = inPeriod.filter { $0.type == .ring }.sorted { $0.at > $1.at }

        let resolvedInPeriod = cases.filter { ($0.resolvedAt).map { $0 >= since && $0 <= until } ?? false }
        let openAtEnd = cases.filter { $0.openedAt <= until && ($0.resolvedAt.map { $0 > until } ?? true) }
        let statistics = FraudReport.CaseStatistics(
            opened: cases.filter { $0.openedAt >= since && $0.openedAt <= until }.count,
            resolved: resolvedInPeriod.count, openAtEnd: openAtEnd.count,
            medianHoursToResolution: Self.medianHours(resolvedInPeriod))
        let moderatorIDs = Set(resolvedInPeriod.compactMap(\.moderator) + openAtEnd.compactMap(\.moderator))
        let moderators = moderatorIDs.sorted().map { moderator in
            let resolved = resolvedInPeriod.filter { $0.moderator == moderator }
            return FraudReport.ModeratorWorkload(
                moderator: moderator, open: openAtEnd.filter { $0.moderator == moderator }.count, resolved: resolved.count,
                medianHoursToResolution: Self.medianHours(resolved))
        }
        return FraudReport(
            community: community, since: since, until: until,
            signalsByType: FraudSignalType.allCases.map { .init(type: $0, count: counts[$0] ?? 0) },
            cases: statistics, topAccounts: Array(accounts.prefix(topCount)), rings: Array(rings.prefix(topCount)),
            moderators: moderators)
    }

    /// The median of resolution times in hours, one decimal; nil without resolved cases.
    static func medianHours(_ cases: [TrustCaseSummary]) -> Double? {
        let hours = cases.compactMap { c in c.resolvedAt.map { $0.timeIntervalSince(c.openedAt) / 3600 } }.sorted()
        guard !hours.isEmpty else { return nil }
        let middle = hours.count / 2
        let median = hours.count % 2 == 1 ? hours[middle] : (hours[middle - 1] + hours[middle]) / 2
        return (median * 10).rounded() / 10
    }
}
