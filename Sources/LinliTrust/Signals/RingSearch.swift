import Foundation
import LinliDomain
import LinliRules

/// Directed cycles of length `min_length`…`max_length` (3–4) closed by one new exchange a→b: paths
/// b→…→a over exchanges inside the window, before the new one, each worth at least `min_points`.
///
/// "Points going round" is read causally: each hop happens after the one before it (b→c, then c→d,
/// then d→a, then the new a→b). A cycle whose exchanges happened in another order moves no points
/// round — it is what random trading among neighbours produces — so it is not a ring. This also
/// prunes the search: every hop only looks at edges newer than the previous one.
///
/// Searching only from the new edge keeps the incremental path cheap: a depth-3 walk over the
/// in-window out-edges of a handful of nodes. Parallel exchanges between the same two members are
/// walked once per neighbour (the earliest usable one becomes the evidence), so a pair that traded
/// fifty times does not multiply the work, and `budget` caps the edges examined on extreme hubs.
struct RingSearch {
    let graph: ExchangeGraph
    let policy: FraudPolicy.Rings
    let budget: Int

    func rings(closedBy edge: Int) -> [FraudSignal] {
        guard graph.points[edge] >= policy.minPoints else { return [] }
        let a = graph.from[edge], b = graph.to[edge]
        guard a != b else { return [] }
        let start = graph.time[edge] - Int64(policy.windowDays) * EdgeSignalEvaluator.day + 1
        var remaining = budget
        var found: [[Int]] = []
        var seenCycles = Set<[Int]>()

        /// The earliest qualifying edge from `node` to each distinct neighbour after edge `after`
        /// (or from the window start) and before the new edge. Earliest, because a later hop must
        /// follow it: the earliest choice leaves the most room for the rest of the ring.
        func neighbours(_ node: Int, after previous: Int?) -> [(node: Int, edge: Int)] {
            let list = graph.outgoing[node]
            let range = graph.window(list, from: previous.map { graph.time[$0] } ?? start, before: edge)
            var result: [(node: Int, edge: Int)] = []
            var seen = Set<Int>()
            for index in range where remaining > 0 {
                remaining -= 1
                let e = list[index]
                guard graph.points[e] >= policy.minPoints else { continue }
                if let previous, !graph.precedes(previous, e) { continue }
                let next = graph.to[e]
                if seen.insert(next).inserted { result.append((next, e)) }
            }
            return result
        }

        func record(_ path: [Int]) {
            let edges = path + [edge]
            let nodes = edges.map { graph.from[$0] }
            let key = Self.canonical(nodes)
            if seenCycles.insert(key).inserted { found.append(edges) }
        }

        for (c, e1) in neighbours(b, after: nil) where c != a && c != b {
            for (d, e2) in neighbours(c, after: e1) where d != b && d != c {
                if d == a {
                    if policy.minLength <= 3 { record([e1, e2]) }
                    continue
                }
                guard policy.maxLength >= 4 else { continue }
                for (z, e3) in neighbours(d, after: e2) where z == a { record([e1, e2, e3]) }
            }
        }
        return found.map(signal)
    }

    /// The cycle rotated to start at its smallest node, so A→B→C and B→C→A are one ring.
    static func canonical(_ nodes: [Int]) -> [Int] {
        guard let smallest = nodes.indices.min(by: { nodes[$0] < nodes[$1] }) else { return nodes }
        return Array(nodes[smallest...] + nodes[..<smallest])
    }

    private func signal(_ edges: [Int]) -> FraudSignal {
        // Edges are b→c(→d)→a then a→b: start the cycle at the payer of the new exchange.
        let ordered = [edges.last!] + edges.dropLast()
        let nodes = ordered.map { graph.from[$0] }
        let members = nodes.map { graph.memberIDs[$0] }
        let smallest = members.indices.min { members[$0] < members[$1] }!
        let cycle = Array(members[smallest...] + members[..<smallest])
        let chain = (cycle + [cycle[0]]).map(\.rawValue).joined(separator: " → ")
        let total = ordered.reduce(0) { $0 + graph.points[$1] }
        let ids = ordered.map { graph.exchangeIDs[$0] }
        let last = Date(timeIntervalSince1970: TimeInterval(graph.time[edges.last!]))
        return FraudSignal(
            type: .ring, score: policy.score, subjects: members,
            evidence: SignalEvidence(exchanges: ids, members: members), cycle: cycle, at: last,
            explanationZH: "\(policy.windowDays) 天内积分沿 \(chain) 转了一圈（\(cycle.count) 人，共 \(total) 积分，结算转账 \(ids.joined(separator: "、"))）",
            explanationEN: "within \(policy.windowDays) days points went round \(chain) (\(cycle.count) members, \(total) points, settlement transfers \(ids.joined(separator: ", ")))")
    }
}
