import ArgumentParser
import Foundation
import LinliDomain
import LinliStore
import Synchronization

/// `linli-bench ledger`: the ledger's two performance targets (issue 5), measured in one run on
/// one scratch SQLite file (WAL, synchronous=NORMAL as the service opens it; `--synchronous full`
/// or `both` measures FULL too, each setting on its own file):
///
/// 1. completed exchanges per second through the store layer — `accept` then `complete`, each its
///    own write transaction with the exchange row, listing transition, hold, transfer, postings,
///    audit entries and outbox events (`ExchangeThroughput`) — printed next to raw single-row
///    SQLite commits per second on the same file (target: ≥ 40% of the raw rate); the ledger-only
///    hold + release pairs are printed too, to show what the exchange layer adds;
/// 2. `ledger verify` over a ledger of `--transfers` transfers (default one million) built with
///    batched inserts (target: under 10 s).
struct LedgerBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Ledger throughput (hold+release pairs vs raw commits) and verify time.")

    @Option(help: "Scratch directory for the database files (default: a new temporary directory, removed afterwards).")
    var directory: String?

    @Option(help: "Hold+release pairs to time.")
    var pairs = 20_000

    @Option(help: "Completed exchanges (accept + complete) to time (0 skips them).")
    var exchanges = 10_000

    @Option(help: "Concurrent clients for the group-commit measurement (0 skips it).")
    var clients = 8

    @Option(name: .customLong("raw-commits"), help: "Raw single-row commits to time.")
    var rawCommits = 40_000

    @Option(help: "Transfers in the ledger that verify checks (0 skips the verify benchmark).")
    var transfers = 1_000_000

    @Flag(name: .customLong("page-map"), help: "Also print which tables and indexes an accept and a complete write, in pages per step (200 exchanges).")
    var pageMap = false

    @Flag(name: .customLong("sql-profile"), help: "Also print the single-client exchanges' time by SQL statement (SQLite profile events).")
    var sqlProfile = false

    @Option(help: "PRAGMA synchronous of the throughput file: normal (as the service), full (fsync every commit), or both.")
    var synchronous: BenchSynchronous = .normal

    mutating func run() throws {
        let scratch = URL(fileURLWithPath: directory ?? NSTemporaryDirectory()).appendingPathComponent("linli-ledger-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if directory == nil { try? FileManager.default.removeItem(at: scratch) } }
        print("linli-bench ledger — scratch \(scratch.path)")
        var figures: [ThroughputFigures] = []
        for setting in synchronous.settings {
            figures.append(try throughput(path: scratch.appendingPathComponent("throughput-\(setting.rawValue).sqlite").path, synchronous: setting))
        }
        if figures.count > 1 { print(ThroughputFigures.table(figures)) }
        if transfers > 0 {
            try verification(path: scratch.appendingPathComponent("verify.sqlite").path)
        }
    }

    /// Limits that never refuse the benchmark's spending, so every step commits.
    static let openLimits = LedgerLimits(
        creditLimit: 1_000_000_000, warningThreshold: 1_000_000_000, organizerDailyRewardCap: 0, memberDailyRewardCap: 0,
        maxTransferAmount: 1000)

    static func groupedPairs(
        _ writer: GroupCommitWriter, community: CommunityID, payer: MemberID, provider: MemberID, count: Int, offset: Int
    ) async throws {
        for index in offset..<(offset + count) {
            let hold = try await writer.write { tx in
                try LedgerHoldCommands.place(
                    tx, community: community, payer: payer, amount: 10 + index % 40, reason: "接受交换", reference: "exchange:\(index)",
                    idempotencyKey: "exchange:\(index):accept", actor: .system, limits: openLimits)
            }.hold
            _ = try await writer.write { tx in
                try LedgerHoldCommands.release(
                    tx, community: community, hold: hold.id, to: provider, minutes: 60, reason: "交换完成",
                    idempotencyKey: "exchange:\(index):complete", actor: .system, limits: openLimits)
            }
        }
    }

    /// Runs async work from this synchronous command and waits for it.
    static func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Mutex<(any Error)??>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await body()
                outcome.withLock { $0 = .some(nil) }
            } catch {
                outcome.withLock { $0 = .some(error) }
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) ?? nil { throw error }
    }

    static func pairs(_ store: Store, community: CommunityID, payer: MemberID, provider: MemberID, count: Int, offset: Int) throws {
        for index in offset..<(offset + count) {
            let hold = try store.transactionSync { tx in
                try LedgerHoldCommands.place(
                    tx, community: community, payer: payer, amount: 10 + index % 40, reason: "接受交换", reference: "exchange:\(index)",
                    idempotencyKey: "exchange:\(index):accept", actor: .system, limits: openLimits)
            }.hold
            _ = try store.transactionSync { tx in
                try LedgerHoldCommands.release(
                    tx, community: community, hold: hold.id, to: provider, minutes: 60, reason: "交换完成",
                    idempotencyKey: "exchange:\(index):complete", actor: .system, limits: openLimits)
            }
        }
    }

    func verification(path: String) throws {
        let database = try AppDatabase(path: path)
        defer { try? database.close() }
        let clock = SystemWallClock()
        let ids = RandomIDGenerator(clock: clock)
        let store = Store(database: database, clock: clock, ids: ids)
        try MigrationRunner.shipped.migrate(database, now: clock.now())
        let (community, members) = try Self.community(store, members: 500)
        let loaded = try LedgerSyntheticLoader.load(
            database, community: community, members: members, transfers: transfers, start: clock.now(), ids: ids)
        print(String(format: "built a ledger of %d transfers (%d holds) in %.1f s with batched inserts", loaded.transfers, loaded.holds, loaded.seconds))
        let report = try database.readSync { db in try LedgerVerifier().verify(db) }
        print(String(format: "ledger verify:                 %8.2f s  for %d transfers, %d postings (target < 10 s) — %@",
                     report.seconds, report.transfers, report.postings, report.isClean ? "clean" : "VIOLATIONS"))
        if !report.isClean {
            print(report.render())
            throw ExitCode.failure
        }
    }

    static func community(_ store: Store, members count: Int) throws -> (CommunityID, [MemberID]) {
        try store.transactionSync { tx in
            let boot = try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "基准测试社区", timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
            let members = try (0..<count).map { index in
                try MemberCommands.create(
                    tx, community: boot.community.id, input: NewMemberInput(displayName: "居民\(index)", phone: nil, householdID: nil, role: .resident),
                    principal: nil, actor: .commandLine
                ).id
            }
            return (boot.community.id, members)
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
