import Foundation
import LinliDomain
import LinliRules

/// Fraud signals for one community: incremental on each new exchange, or recomputed from a snapshot.
///
/// The engine keeps the exchange graph in memory (a million exchanges take tens of megabytes), so
/// `evaluate(newExchange:)` only walks the neighbourhood of the new edge. `recompute` replays the
/// whole history edge by edge with the same evaluator, then adds the signals that are not about one
/// exchange (listings, ratings, reports, resale): both paths find the same exchange signals.
public struct FraudEngine: Sendable {
    public let policy: FraudPolicy
    public private(set) var graph: ExchangeGraph
    public var dismissed: DismissedSignals
    /// Edges one ring search may examine (see `RingSearch`).
    public var ringSearchBudget: Int = 50_000

    /// An engine that knows these members and past exchanges (loaded without evaluating them).
    public init(policy: FraudPolicy, members: [TrustMember], history: [TrustExchange] = [], dismissed: DismissedSignals = .init()) {
        self.policy = policy
        self.dismissed = dismissed
        graph = ExchangeGraph(members: members)
        for exchange in Self.edges(history) { graph.add(exchange) }
    }

    /// Adds a member who joined (or changed household or fingerprints) after the engine was built.
    public mutating func upsert(_ member: TrustMember) { graph.upsert(member) }

    /// Adds one completed exchange and returns the signals it raises, minus dismissed findings.
    /// Exchanges that did not complete add no edge and raise nothing.
    public mutating func evaluate(newExchange exchange: TrustExchange) -> [FraudSignal] {
        guard exchange.outcome == .completed else { return [] }
        let edge = graph.add(exchange)
        return evaluator.signals(for: edge).filter { !dismissed.suppresses($0) }
    }

    /// Every signal in a snapshot: exchange signals for exchanges at or after `since` (judged against
    /// the full history before them), and listing, rating, report and resale signals as of `now`,
    /// one per episode (bursts and back-and-forths coalesced), minus dismissed findings, sorted by time.
    public static func recompute(
        snapshot: TrustSnapshot, policy: FraudPolicy, now: Date, since: Date? = nil, dismissed: DismissedSignals = .init()
    ) -> [FraudSignal] {
        let engine = FraudEngine(policy: policy, members: snapshot.members, history: snapshot.exchanges, dismissed: dismissed)
        let evaluator = engine.evaluator
        let start = since.map { ExchangeGraph.seconds($0) } ?? Int64.min
        var found: [FraudSignal] = []
        for edge in 0..<engine.graph.edgeCount where engine.graph.time[edge] >= start {
            found.append(contentsOf: evaluator.signals(for: edge))
        }
        var activity = ActivitySignals(snapshot: snapshot, policy: policy, now: now).all()
        if let since { activity.removeAll { $0.at < since } }
        found += activity
        found.removeAll { dismissed.suppresses($0) }
        return SignalCoalescer.coalesce(found).filter { !dismissed.suppresses($0) }
    }

    private var evaluator: EdgeSignalEvaluator {
        EdgeSignalEvaluator(graph: graph, policy: policy, ringSearchBudget: ringSearchBudget)
    }

    /// Completed exchanges in time order (ties by id), the order the graph numbers them in.
    private static func edges(_ exchanges: [TrustExchange]) -> [TrustExchange] {
        exchanges.filter { $0.outcome == .completed }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }
}

/// Merges findings of one episode: same coalescing type, same subjects, overlapping evidence.
enum SignalCoalescer {
    static func coalesce(_ signals: [FraudSignal]) -> [FraudSignal] {
        var result: [FraudSignal] = []
        var open: [String: [Int]] = [:]  // identity → indices in result
        var seen = Set<String>()
        for signal in signals.sorted(by: { ($0.at, $0.type) < ($1.at, $1.type) }) {
            guard signal.type.coalesces else {
                if seen.insert(signal.fingerprint).inserted { result.append(signal) }
                continue
            }
            let identity = signal.type.rawValue + "|" + signal.subjects.map(\.rawValue).joined(separator: ",")
            if let index = open[identity]?.first(where: { result[$0].isEpisode(continuedBy: signal) }) {
                result[index] = result[index].mergingEpisode(signal)
            } else {
                open[identity, default: []].append(result.count)
                result.append(signal)
            }
        }
        return result
    }
}
