import Foundation
import LinliDomain
import LinliRules

/// Targets reported by many independent reporters in a short window (`fraud.report_clusters`).
///
/// Reporters in one household, or sharing a device/IP fingerprint, count as one: a family (or one
/// person with several accounts) cannot manufacture a cluster against a neighbour.
///
/// Only reports whose case is still open count: a moderator has judged the others. A case dismissed
/// as unfounded flagged its member again at the next weekly run, and an upheld one added freeze
/// pressure after its penalty (helper 161 #2).
struct ReportClusterFinder {
    let policy: FraudPolicy.ReportClusters
    let now: Date

    func clusters(in reports: [TrustReport], members: [TrustMember]) -> [FraudSignal] {
        let start = now.addingTimeInterval(-TimeInterval(policy.windowDays) * 86_400)
        let recent = reports.filter { $0.at >= start && $0.at <= now && $0.targetMember != $0.reporter && $0.upheld == nil }
        let known = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [FraudSignal] = []
        for (target, group) in Dictionary(grouping: recent, by: \.target) {
            let reporters = Array(Set(group.map(\.reporter))).sorted()
            let independent = Self.independentGroups(reporters, known: known)
            guard independent >= policy.minIndependentReporters else { continue }
            let subjects = group.compactMap(\.targetMember)
            found.append(FraudSignal(
                type: .reportCluster, score: policy.score, subjects: Array(Set(subjects)),
                evidence: SignalEvidence(members: reporters + subjects, reports: group.map(\.id)),
                at: group.map(\.at).max() ?? now,
                explanationZH: "\(policy.windowDays) 天内 \(target) 被 \(reporters.count) 人举报 \(group.count) 次，其中 \(independent) 组相互独立",
                explanationEN: "\(target) was reported \(group.count) times by \(reporters.count) members in \(policy.windowDays) days, \(independent) of them independent"))
        }
        return found
    }

    /// How many groups the reporters fall into when one household or one shared fingerprint joins them.
    static func independentGroups(_ reporters: [MemberID], known: [MemberID: TrustMember]) -> Int {
        Set(MemberGroups.related(reporters.map { known[$0] })).count
    }
}
