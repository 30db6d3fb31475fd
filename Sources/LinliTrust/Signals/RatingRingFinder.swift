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
        var neighbours: [Int: Set<Int>] = [:]
        for (x, y) in mutual {
            groups.join(x, y)
            neighbours[x, default: []].insert(y)
            neighbours[y, default: []].insert(x)
        }
        var components: [Int: [Int]] = [:]
        for index in ids.indices { components[groups.root(index), default: []].append(index) }
        // A group within `max_group_size` is one ring. A larger one is not dropped: it is split
        // into its cliques (members who all rate each other), each a ring of its own. Dropping it
        // had let a ring hide by adding a sixth account that swapped top ratings with any one
        // member, and an honest pair linking two rings hid both.
        var rings: [[MemberID]] = []
        for component in components.values where component.count >= policy.minGroupSize {
            if component.count <= policy.maxGroupSize {
                rings.append(component.map { ids[$0] })
            } else {
                rings += Self.cliques(in: Set(component), neighbours: neighbours)
                    .filter { $0.count >= policy.minGroupSize }
                    .map { $0.map { ids[$0] } }
            }
        }
        var found: [FraudSignal] = []
        for group in rings {
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

    /// The maximal cliques of the mutual-rating graph among `members` (Bron–Kerbosch with a
    /// pivot), each sorted, in a stable order.
    static func cliques(in members: Set<Int>, neighbours: [Int: Set<Int>]) -> [[Int]] {
        var found: [[Int]] = []
        func extend(_ clique: Set<Int>, _ candidates: Set<Int>, _ excluded: Set<Int>) {
            if candidates.isEmpty && excluded.isEmpty {
                found.append(clique.sorted())
                return
            }
            var candidates = candidates, excluded = excluded
            let pivot = candidates.union(excluded).max { (neighbours[$0] ?? []).intersection(candidates).count < (neighbours[$1] ?? []).intersection(candidates).count }!
            for member in candidates.subtracting(neighbours[pivot] ?? []).sorted() {
                let around = (neighbours[member] ?? []).intersection(members)
                extend(clique.union([member]), candidates.intersection(around), excluded.intersection(around))
                candidates.remove(member)
                excluded.insert(member)
            }
        }
        extend([], members, [])
        return found.sorted { $0.lexicographicallyPrecedes($1) }
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
