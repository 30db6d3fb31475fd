import Foundation
import LinliDomain
import LinliRules

/// Small groups whose members keep giving each other top ratings (`fraud.rating_rings`).
struct RatingRingFinder {
    let policy: FraudPolicy.RatingRings
    let now: Date

    func rings(in ratings: [TrustRating], members: [TrustMember]) -> [FraudSignal] {
        let start = now.addingTimeInterval(-TimeInterval(policy.windowDays) * 86_400)
        let top = ratings.filter { $0.stars >= policy.topStars && $0.at >= start && $0.at <= now && $0.rater != $0.ratee }
        var count: [Pair: Int] = [:]
        for rating in top { count[Pair(rating.rater, rating.ratee), default: 0] += 1 }
        var ids: [MemberID] = []
        var number: [MemberID: Int] = [:]
        func id(_ member: MemberID) -> Int {
            if let n = number[member] { return n }
            number[member] = ids.count
            ids.append(member)
            return ids.count - 1
        }
        var groups = MemberGroups(count: 0)
        var mutual: [(Int, Int)] = []
        for (pair, forward) in count where pair.rater < pair.ratee {
            let back = count[Pair(pair.ratee, pair.rater)] ?? 0
            guard forward >= policy.minMutualRatings, back >= policy.minMutualRatings else { continue }
            mutual.append((id(pair.rater), id(pair.ratee)))
        }
        groups = MemberGroups(count: ids.count)
        for (x, y) in mutual { groups.join(x, y) }
        var components: [Int: [MemberID]] = [:]
        for index in ids.indices { components[groups.root(index), default: []].append(ids[index]) }
        var found: [FraudSignal] = []
        for group in components.values where (policy.minGroupSize...policy.maxGroupSize).contains(group.count) {
            let inside = Set(group)
            let evidence = top.filter { inside.contains($0.rater) && inside.contains($0.ratee) }
            let names = group.sorted().map(\.rawValue).joined(separator: ", ")
            found.append(FraudSignal(
                type: .ratingRing, score: policy.score, subjects: group,
                evidence: SignalEvidence(members: group, ratings: evidence.map(\.id)), at: evidence.map(\.at).max() ?? now,
                explanationZH: "\(group.count) 人（\(names)）在 \(policy.windowDays) 天内互给 \(evidence.count) 条 \(policy.topStars) 星评价",
                explanationEN: "\(group.count) members (\(names)) gave each other \(evidence.count) \(policy.topStars)-star ratings within \(policy.windowDays) days"))
        }
        return found
    }

    private struct Pair: Hashable {
        let rater: MemberID
        let ratee: MemberID
        init(_ rater: MemberID, _ ratee: MemberID) {
            self.rater = rater
            self.ratee = ratee
        }
    }
}
