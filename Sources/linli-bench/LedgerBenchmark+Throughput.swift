import ArgumentParser
import Foundation
import LinliDomain
import LinliStore

extension LedgerBenchmarkCommand {
    /// The throughput half of the benchmark on one scratch file under one `synchronous` setting:
    /// raw single-row commits, completed exchanges (1 client, then `clients` through group commit)
    /// and ledger-only hold+release pairs, all on the same file in the same run.
    func throughput(path: String, synchronous: BenchSynchronous) throws -> ThroughputFigures {
        let database = try AppDatabase(path: path)
        defer { try? database.close() }
        let clock = SystemWallClock()
        let store = Store(database: database, clock: clock, ids: RandomIDGenerator(clock: clock))
        try MigrationRunner.shipped.migrate(database, now: clock.now())
        let inForce = try synchronous.apply(to: database)
        print("— throughput file with PRAGMA synchronous=\(inForce) —")
        var figures = ThroughputFigures(synchronous: inForce)
        let (community, members) = try Self.community(store, members: 2)
        let (payer, provider) = (members[0], members[1])
        // Warm up (statement caches, page cache, WAL) before timing either side.
        _ = try RawCommitProbe.commitsPerSecond(database, count: 2_000)
        try Self.pairs(store, community: community, payer: payer, provider: provider, count: 1_000, offset: 0)
        let warmup = min(500, exchanges)
        let grouped = clients > 0 ? exchanges : 0
        let mapped = pageMap ? min(200, exchanges) : 0
        let flow = exchanges > 0
            ? try ExchangeThroughput(store: store, community: community, count: exchanges + warmup + grouped + mapped) : nil
        try flow?.run(0..<warmup)
        if let flow, mapped > 0 {
            let steps = warmup..<(warmup + mapped)
            let map = WALPageMap(database: database, path: path)
            let items = steps.filter { flow.pending[$0].3 == .item }.count  // `runSteps` maps items only
            WALPageMap.print("accept", try map.measure(steps: items) { try flow.runSteps(steps, accepting: true) })
            WALPageMap.print("complete", try map.measure(steps: items) { try flow.runSteps(steps, accepting: false) })
        }
        _ = try PageWriteCounter.take(database)
        let raw = try RawCommitProbe.commitsPerSecond(database, count: rawCommits)
        figures.raw = raw
        print(String(format: "raw single-row commits:          %8.0f /s  (%d commits; %.1f pages written each)",
                     raw, rawCommits, Double(try PageWriteCounter.take(database)) / Double(max(rawCommits, 1))))
        if exchanges > 0 {
            let floor = try MinimalExchangeProbe.exchangesPerSecond(database, count: exchanges)
            figures.floor = floor
            print(String(format: "floor (minimal exchange):        %8.0f /s  (%d; two commits of 10 statements, no index, read or guard) = %.1f %% of raw",
                         floor, exchanges, 100 * floor / raw))
            _ = try PageWriteCounter.take(database)  // the floor's pages are not the exchanges'
        }
        if let flow {
            let single = (warmup + mapped)..<(flow.pending.count - grouped)
            let profile = sqlProfile ? SQLProfile() : nil
            let (exchangeRate, cpu) = try Self.timed(count: single.count) {
                if let profile { try profile.measure(database) { try flow.run(single) } } else { try flow.run(single) }
            }
            figures.exchanges = exchangeRate
            print(String(format: "completed exchanges, 1 client:   %8.0f /s  (%d exchanges, accept + complete, each its own commit) = %.1f %% of raw; %.0f µs CPU, %.1f pages written each",
                         exchangeRate, single.count, 100 * exchangeRate / raw, cpu, Double(try PageWriteCounter.take(database)) / Double(max(single.count, 1))))
            profile?.print(steps: single.count)
            if grouped > 0 {
                let clients = self.clients
                let range = single.upperBound..<flow.pending.count
                let done = range.count
                let (groupedRate, groupedCPU) = try Self.timed(count: done) {
                    try Self.blocking { _ = try await flow.runGrouped(range, clients: clients) }
                }
                figures.groupedExchanges = groupedRate
                print(String(format: "completed exchanges, %2d clients: %8.0f /s  (group commit, each step its own savepoint) = %.1f %% of raw; %.0f µs CPU, %.1f pages written each",
                             clients, groupedRate, 100 * groupedRate / raw, groupedCPU, Double(try PageWriteCounter.take(database)) / Double(max(done, 1))))
            }
        }
        let (pairRate, _) = try Self.timed(count: pairs) {
            try Self.pairs(store, community: community, payer: payer, provider: provider, count: pairs, offset: 1_000)
        }
        print(String(format: "hold+release pairs, 1 client:    %8.0f /s  (%d pairs, each step its own commit) = %.1f %% of raw",
                     pairRate, pairs, 100 * pairRate / raw))
        if clients > 0 {
            let writer = GroupCommitWriter(store: store)
            defer { writer.shutdown() }
            let (count, clients, pairs) = (pairs, clients, pairs)
            let (groupedRate, _) = try Self.timed(count: clients * (count / clients)) {
                try Self.blocking {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for client in 0..<clients {
                            group.addTask {
                                try await Self.groupedPairs(
                                    writer, community: community, payer: payer, provider: provider, count: count / clients,
                                    offset: 1_000 + pairs + client * (count / clients))
                            }
                        }
                        try await group.waitForAll()
                    }
                }
            }
            print(String(format: "hold+release pairs, %2d clients:  %8.0f /s  (group commit, each step its own savepoint) = %.1f %% of raw",
                         clients, groupedRate, 100 * groupedRate / raw))
        }
        print("target: completed exchanges ≥ 40 % of raw single-row commits")
        let report = try database.readSync { db in try LedgerVerifier().verify(db) }
        print("ledger after the run: \(report.transfers) transfers, \(report.isClean ? "verifies clean" : "VERIFY FAILED")")
        if !report.isClean { throw ExitCode.failure }
        return figures
    }

    /// Runs `body` and returns its rate (`count` per wall second) and the process CPU it used per
    /// item, in microseconds.
    static func timed(count: Int, _ body: () throws -> Void) throws -> (rate: Double, cpuMicroseconds: Double) {
        let cpuStart = ProcessCPUTime.seconds()
        let start = ContinuousClock.now
        try body()
        let wall = seconds(since: start)
        let cpu = ProcessCPUTime.seconds() - cpuStart
        return (Double(count) / wall, count > 0 ? 1e6 * cpu / Double(count) : 0)
    }
}
