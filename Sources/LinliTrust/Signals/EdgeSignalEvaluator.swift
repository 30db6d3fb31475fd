import Foundation
import LinliDomain
import LinliRules

/// The signals one exchange can raise, judged against the exchanges before it in the graph:
/// self-dealing, velocity, reciprocity, rings, concentration and new-account-high-value.
///
/// "Before it" means earlier in time (ties: added earlier), so replaying a history edge by edge gives
/// exactly the findings the incremental path gave when each exchange happened; the full
/// recomputation relies on that.
struct EdgeSignalEvaluator {
    let graph: ExchangeGraph
    let policy: FraudPolicy
    /// Work limit of one ring search (edges looked at); bounds the latency on pathological hubs.
    let ringSearchBudget: Int

    static let day: Int64 = 86_400

    func signals(for edge: Int) -> [FraudSignal] {
        var found: [FraudSignal] = []
        let a = graph.from[edge], b = graph.to[edge]
        if let signal = selfDealing(edge, a, b) { found.append(signal) }
        for node in a == b ? [a] : [a, b] {
            if let signal = velocity(edge, node) { found.append(signal) }
        }
        if a != b {
            if let signal = reciprocity(edge, a, b) { found.append(signal) }
            found.append(contentsOf: RingSearch(graph: graph, policy: policy.rings, budget: ringSearchBudget).rings(closedBy: edge))
            if let signal = concentration(edge, b) { found.append(signal) }
        }
        if let signal = newAccountHighValue(edge, a, b) { found.append(signal) }
        return found
    }

    private func date(_ edge: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(graph.time[edge])) }
    private func ids(_ edges: some Sequence<Int>) -> [String] { edges.map { graph.exchangeIDs[$0] } }

    private func selfDealing(_ edge: Int, _ a: Int, _ b: Int) -> FraudSignal? {
        let sameHousehold = a == b || (graph.household[a] >= 0 && graph.household[a] == graph.household[b])
        let shared = Set(graph.fingerprints[a]).intersection(graph.fingerprints[b])
        guard sameHousehold || !shared.isEmpty else { return nil }
        let x = graph.memberIDs[a], y = graph.memberIDs[b]
        let zh = sameHousehold ? "交换双方 \(x) 与 \(y) 属于同一户" : "交换双方 \(x) 与 \(y) 共用设备或网络指纹（\(shared.count) 个）"
        let en = sameHousehold
            ? "both sides \(x) and \(y) belong to the same household"
            : "both sides \(x) and \(y) share \(shared.count) device/IP fingerprint(s)"
        return FraudSignal(
            type: .selfDealing, score: policy.selfDealing.score, subjects: [x, y],
            evidence: SignalEvidence(exchanges: [graph.exchangeIDs[edge]], members: [x, y]), at: date(edge),
            explanationZH: zh + "（结算转账 \(graph.exchangeIDs[edge])）", explanationEN: en + " (settlement transfer \(graph.exchangeIDs[edge]))")
    }

    private func velocity(_ edge: Int, _ node: Int) -> FraudSignal? {
        let start = graph.time[edge] - Self.day + 1
        let out = graph.window(graph.outgoing[node], from: start, before: edge)
        let inc = graph.window(graph.incoming[node], from: start, before: edge)
        let count = out.count + inc.count + 1
        let limit = policy.velocity.exchangesPerDay
        guard count > limit else { return nil }
        var edges = Array(graph.outgoing[node][out]) + Array(graph.incoming[node][inc])
        edges.append(edge)
        let member = graph.memberIDs[node]
        return FraudSignal(
            type: .velocity, score: policy.velocity.score, subjects: [member],
            evidence: SignalEvidence(exchanges: ids(edges), members: [member]), at: date(edge),
            explanationZH: "\(member) 在 24 小时内完成 \(count) 次交换，超过上限 \(limit)",
            explanationEN: "\(member) made \(count) exchanges within 24 hours, above the limit of \(limit)")
    }

    private func reciprocity(_ edge: Int, _ a: Int, _ b: Int) -> FraudSignal? {
        let start = graph.time[edge] - Int64(policy.reciprocity.windowDays) * Self.day + 1
        let forward = graph.outgoing[a][graph.window(graph.outgoing[a], from: start, before: edge)].filter { graph.to[$0] == b } + [edge]
        let minimum = policy.reciprocity.minRoundTrips
        guard forward.count >= minimum else { return nil }
        let back = graph.outgoing[b][graph.window(graph.outgoing[b], from: start, before: edge)].filter { graph.to[$0] == a }
        guard back.count >= minimum else { return nil }
        let x = graph.memberIDs[a], y = graph.memberIDs[b], days = policy.reciprocity.windowDays
        return FraudSignal(
            type: .reciprocity, score: policy.reciprocity.score, subjects: [x, y],
            evidence: SignalEvidence(exchanges: ids(forward + back), members: [x, y]), at: date(edge),
            explanationZH: "\(days) 天内 \(x) 向 \(y) 付分 \(forward.count) 次、\(y) 向 \(x) 付分 \(back.count) 次（门槛各 \(minimum) 次）",
            explanationEN: "within \(days) days \(x) paid \(y) \(forward.count) times and \(y) paid \(x) \(back.count) times (threshold \(minimum) each way)")
    }

    private func concentration(_ edge: Int, _ earner: Int) -> FraudSignal? {
        let rule = policy.concentration
        let start = graph.time[edge] - Int64(rule.windowDays) * Self.day + 1
        let edges = Array(graph.incoming[earner][graph.window(graph.incoming[earner], from: start, before: edge)]) + [edge]
        guard edges.count >= rule.minExchanges else { return nil }
        var byPayer: [Int: Int] = [:]
        var total = 0
        for e in edges {
            byPayer[graph.from[e], default: 0] += graph.points[e]
            total += graph.points[e]
        }
        guard total > 0, let top = byPayer.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })
        else { return nil }
        // share ≥ min_share, in exact integers: top × 10,000 ≥ min_share.units × total.
        guard Int64(top.value) * RuleDecimal.scale >= rule.minShare.units * Int64(total) else { return nil }
        let fromTop = edges.filter { graph.from[$0] == top.key }
        let x = graph.memberIDs[earner], y = graph.memberIDs[top.key]
        let percent = top.value * 100 / total
        return FraudSignal(
            type: .concentration, score: rule.score, subjects: [x],
            evidence: SignalEvidence(exchanges: ids(fromTop), members: [x, y]), at: date(edge),
            explanationZH: "\(x) 在 \(rule.windowDays) 天内的 \(total) 积分收入中 \(percent)% 来自 \(y)（\(edges.count) 次交换）",
            explanationEN: "\(percent)% of the \(total) points \(x) earned in \(rule.windowDays) days came from \(y) (\(edges.count) exchanges)")
    }

    private func newAccountHighValue(_ edge: Int, _ a: Int, _ b: Int) -> FraudSignal? {
        let rule = policy.newAccountHighValue
        guard graph.points[edge] >= rule.minPoints else { return nil }
        let limit = Int64(rule.accountAgeDays) * Self.day
        let young = [a, b].filter { graph.createdAt[$0] != Int64.min && graph.time[edge] - graph.createdAt[$0] < limit }
        guard !young.isEmpty else { return nil }
        let members = young.map { graph.memberIDs[$0] }
        let names = members.map(\.rawValue).joined(separator: ", ")
        let points = graph.points[edge]
        return FraudSignal(
            type: .newAccountHighValue, score: rule.score, subjects: members,
            evidence: SignalEvidence(exchanges: [graph.exchangeIDs[edge]], members: [graph.memberIDs[a], graph.memberIDs[b]]),
            at: date(edge),
            explanationZH: "注册不足 \(rule.accountAgeDays) 天的账户 \(names) 参与了 \(points) 积分的交换（门槛 \(rule.minPoints)）",
            explanationEN: "account(s) \(names), younger than \(rule.accountAgeDays) days, took part in a \(points)-point exchange (threshold \(rule.minPoints))")
    }
}
