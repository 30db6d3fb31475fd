import ArgumentParser
import Foundation
import LinliRules
import LinliTrust

/// `linli-bench trust`: fraud-signal evaluation on a new exchange with a large history (incremental,
/// including the ring search; target p99 < 1 ms) and a full recomputation over that history
/// (target < 30 s), issue 6. The history is random trading among `members` members.
struct TrustBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Benchmark incremental and full fraud-signal evaluation (issue 6).")

    @Option(help: "Past exchanges in the history.")
    var exchanges: Int = 1_000_000

    @Option(help: "Members trading.")
    var members: Int = 20_000

    @Option(help: "Days the history spans.")
    var days: Int = 365

    @Option(help: "New exchanges evaluated incrementally (each timed).")
    var samples: Int = 20_000

    @Option(help: "Seed of the history generator.")
    var seed: UInt64 = 20_261_201

    @Flag(help: "Skip the full recomputation.")
    var skipFull = false

    func run() throws {
        let policy = FraudPolicy()
        let generated = ContinuousClock.now
        var history = SyntheticHistory(seed: seed, members: members, exchanges: exchanges, days: days)
        let generation = (ContinuousClock.now - generated).seconds
        let loadStart = ContinuousClock.now
        var engine = FraudEngine(policy: policy, members: history.members, history: history.exchanges)
        let load = (ContinuousClock.now - loadStart).seconds

        var latencies: [Double] = []
        latencies.reserveCapacity(samples)
        var fired: [FraudSignalType: Int] = [:]
        for n in 0..<samples {
            let exchange = history.next(id: "new_\(n)", at: history.end.addingTimeInterval(Double(n) * 2))
            let start = ContinuousClock.now
            let signals = engine.evaluate(newExchange: exchange)
            latencies.append((ContinuousClock.now - start).seconds)
            for signal in signals { fired[signal.type, default: 0] += 1 }
        }

        print("trust benchmark (release build; one thread)")
        print("  command: swift build -c release --product linli-bench --scratch-path .build-release && .build-release/release/linli-bench trust --exchanges \(exchanges) --members \(members) --days \(days) --samples \(samples) --seed \(seed)")
        print(String(format: "  history: %d exchanges, %d members, %d days (generated in %.1f s, loaded into the graph in %.2f s)",
                     exchanges, members, days, generation, load))
        print(String(format: "  incremental, %d new exchanges: p50 %.1f µs, p99 %.1f µs, max %.1f µs (target p99 < 1000 µs)",
                     samples, latencies.percentile(0.5) * 1e6, latencies.percentile(0.99) * 1e6, latencies.max()! * 1e6))
        print("  signals raised by them: \(describe(fired))")

        guard !skipFull else { return }
        let snapshot = TrustSnapshot(members: history.members, exchanges: history.exchanges)
        let fullStart = ContinuousClock.now
        let all = FraudEngine.recompute(snapshot: snapshot, policy: policy, now: history.end)
        let full = (ContinuousClock.now - fullStart).seconds
        print(String(format: "  full recomputation over %d exchanges: %.2f s (target < 30 s)", exchanges, full))
        print("  signals: \(describe(Dictionary(grouping: all, by: \.type).mapValues(\.count)))")
    }

    private func describe(_ counts: [FraudSignalType: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
    }
}
