import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Group commit: many use cases per commit, each atomic on its own")
struct GroupCommitWriterTests {
    @Test("200 concurrent spends through the group-commit writer: exactly the permitted number, refused ones leave nothing")
    func concurrentSpends() async throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 100)
        let clock = SystemWallClock()
        let writer = GroupCommitWriter(store: Store(database: bed.database, clock: clock, ids: RandomIDGenerator(clock: clock)), maxGroup: 16)
        let (community, alice, limits) = (bed.community, bed.alice, bed.limits)
        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    do {
                        _ = try await writer.write { tx in
                            try LedgerHoldCommands.place(
                                tx, community: community, payer: alice, amount: 9, reason: "接受交换", reference: nil,
                                idempotencyKey: "g-\(index)", actor: .system, limits: limits)
                        }
                        return true
                    } catch let error as DomainError where error.code == "ledger.credit_limit_exceeded" {
                        return false
                    }
                }
            }
            var count = 0
            for try await ok in group where ok { count += 1 }
            return count
        }
        writer.shutdown()
        #expect(accepted == 200 / 9)
        #expect(try bed.balance(alice) == 100 - accepted * 9)
        // One outbox event per accepted hold, none for the refused ones (their savepoints rolled back).
        let placed = try bed.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'ledger.hold_placed'") ?? 0
        }
        #expect(placed == accepted)
        #expect(try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_holds") } == accepted)
        #expect(try bed.verify().isClean)
    }

    @Test("after shutdown, writes are refused rather than lost")
    func shutdown() async throws {
        let bed = try LedgerTestBed()
        let writer = GroupCommitWriter(store: bed.store)
        let value = try await writer.write { tx in try Int.fetchOne(tx.db, sql: "SELECT 41 + 1") }
        #expect(value == 42)
        writer.shutdown()
        await #expect(throws: StoreError.writerStopped) { try await writer.write { _ in 1 } }
    }
}
