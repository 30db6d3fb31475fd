import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("No double spend under concurrency")
struct ConcurrencyTests {
    enum Outcome: Sendable { case accepted, refused }

    /// 200 concurrent spends of 7 points from one account that can spend 200 (balance 100,
    /// credit limit 100): exactly 28 are accepted. The requests go through two independent
    /// connection pools on the same file, so the guarantee is SQLite's write lock, not one
    /// process's queue.
    @Test("200 concurrent spends from one account: exactly the permitted number accepted, never below the limit")
    func concurrentSpends() async throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 100)
        let clock = SystemWallClock()
        let second = try AppDatabase(path: bed.path)
        defer { try? second.close() }
        let stores = [
            Store(database: bed.database, clock: clock, ids: RandomIDGenerator(clock: clock)),
            Store(database: second, clock: clock, ids: RandomIDGenerator(clock: clock)),
        ]
        let community = bed.community
        let alice = bed.alice
        let limits = bed.limits
        let amount = 7
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for index in 0..<200 {
                let store = stores[index % 2]
                group.addTask {
                    do {
                        _ = try await store.transaction { tx in
                            try LedgerHoldCommands.place(
                                tx, community: community, payer: alice, amount: amount, reason: "接受交换 \(index)", reference: nil,
                                idempotencyKey: "spend-\(index)", actor: .system, limits: limits)
                        }
                        return .accepted
                    } catch let error as DomainError where error.code == "ledger.credit_limit_exceeded" {
                        return .refused
                    }
                }
            }
            var all: [Outcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let permitted = (100 + limits.creditLimit) / amount
        #expect(outcomes.count == 200)
        #expect(outcomes.filter { $0 == .accepted }.count == permitted)
        #expect(outcomes.filter { $0 == .refused }.count == 200 - permitted)
        #expect(try bed.balance(alice) == 100 - permitted * amount)
        let lowest = try bed.read { db in
            try Int.fetchOne(
                db, sql: "SELECT MIN(balance_after) FROM ledger_postings WHERE account_id = ?", arguments: [AccountRef.member(alice).rawValue])
        }
        #expect(try #require(lowest) >= -limits.creditLimit)
        #expect(try bed.systemBalance(.escrow) == permitted * amount)
        let report = try bed.verify()
        #expect(report.isClean, "\(report.render())")
    }

    @Test("concurrent retries of one request apply it once")
    func concurrentRetries() async throws {
        let bed = try LedgerTestBed()
        let clock = SystemWallClock()
        let store = Store(database: bed.database, clock: clock, ids: RandomIDGenerator(clock: clock))
        let (community, alice, limits) = (bed.community, bed.alice, bed.limits)
        let holds = try await withThrowingTaskGroup(of: HoldID.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await store.transaction { tx in
                        try LedgerHoldCommands.place(
                            tx, community: community, payer: alice, amount: 9, reason: "接受交换", reference: "exchange:1",
                            idempotencyKey: "exchange:1:accept", actor: .system, limits: limits)
                    }.hold.id
                }
            }
            var all: Set<HoldID> = []
            for try await id in group { all.insert(id) }
            return all
        }
        #expect(holds.count == 1)
        #expect(try bed.balance(alice) == -9)
        #expect(try bed.transferCount() == 1)
    }
}
