import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Credit limit through the store: hard limit, soft warning, nothing written on refusal")
struct CreditLimitTests {
    func spend(_ bed: LedgerTestBed, _ points: Int, key: String) throws -> LedgerPoster.Result {
        try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.alice, payee: bed.bob, points: points, minutes: nil, reason: "交换",
                reference: nil, idempotencyKey: key, actor: bed.actor(bed.alice), limits: bed.limits)
        }
    }

    @Test("no warning above the line; a warning with the numbers at it; refusal past the limit")
    func limits() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 20)
        #expect(try spend(bed, 99, key: "a").warnings.isEmpty)  // 20 → -79
        let warned = try spend(bed, 1, key: "b")  // → -80: at the warning line
        #expect(warned.warnings == [.nearCreditLimit(member: bed.alice, balance: -80, limits: bed.limits)])
        let events = try bed.read { db in
            try String.fetchAll(db, sql: "SELECT event_type FROM outbox_events WHERE event_type LIKE 'ledger.%' ORDER BY seq")
        }
        #expect(events.filter { $0 == "ledger.near_credit_limit" }.count == 1)
        // The caller (alice) hears her balance; the outbound event names the line, not the
        // balance (session 20: a member's balance is read only through a recorded read).
        let payload = try #require(try bed.read { db in
            try String.fetchOne(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'ledger.near_credit_limit'")
        })
        #expect(payload.contains("threshold") && !payload.contains("balance") && !payload.contains("available"), "\(payload)")
        let seqBefore = try bed.transferCount()
        #expect(throws: DomainError.ledgerCreditLimitExceeded(balance: -80, amount: 21, limit: 100)) { try spend(bed, 21, key: "c") }
        // The refused spend left nothing behind: no transfer, no balance change, no account touched.
        #expect(try bed.transferCount() == seqBefore)
        #expect(try bed.balance(bed.alice) == -80)
        #expect(try bed.balance(bed.bob) == 100)
        #expect(try spend(bed, 20, key: "d").transfer.postings.first?.balanceAfter == -100)
        #expect(throws: DomainError.self) { try spend(bed, 1, key: "e") }
        #expect(try bed.verify().isClean)
        // Her inbox says it once, when the balance first reached the line (helper 112: a payer
        // whose points the other side moved never saw the warning); not again at -100.
        let told = try bed.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM member_notifications WHERE kind = 'near_credit_limit'").map(MemberNotifications.decode)
        }
        #expect(told.map(\.memberID) == [bed.alice])
        #expect(told.first?.parameters["balance"] == "-80" && told.first?.parameters["available"] == "20")
        #expect(told.first?.text(in: .en) == "Your points balance is now -80, close to the lowest allowed (-100); 20 points are left to spend. Helping a neighbour earns points back.")
    }

    @Test("holds are spending too: refused past the limit")
    func holds() throws {
        let bed = try LedgerTestBed()
        #expect(throws: DomainError.ledgerCreditLimitExceeded(balance: 0, amount: 101, limit: 100)) {
            try bed.write { tx in
                try LedgerHoldCommands.place(
                    tx, community: bed.community, payer: bed.alice, amount: 101, reason: "r", reference: nil, idempotencyKey: "h",
                    actor: bed.actor(bed.alice), limits: bed.limits)
            }
        }
        #expect(try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_holds") } == 0)
        #expect(try bed.systemBalance(.escrow) == 0)
    }

    @Test("a penalty is imposed even past the limit, with a warning")
    func penaltyPastLimit() throws {
        let bed = try LedgerTestBed()
        _ = try spend(bed, 98, key: "a")
        let penalty = try bed.write { tx in
            try LedgerSettlementCommands.chargePenalty(
                tx, community: bed.community, member: bed.alice, points: 5, reason: "爽约", reference: nil, idempotencyKey: "p",
                actor: .system, limits: bed.limits)
        }
        #expect(penalty.transfer.postings.first?.balanceAfter == -103)
        #expect(penalty.warnings.map(\.code) == ["ledger.near_credit_limit"])
        #expect(try bed.systemBalance(.penalties) == 5)
    }

    @Test("the limits passed in are the ones enforced")
    func customLimits() throws {
        let bed = try LedgerTestBed()
        bed.limits = LedgerLimits(creditLimit: 200, warningThreshold: 150, organizerDailyRewardCap: 300, memberDailyRewardCap: 60, maxTransferAmount: 1000)
        #expect(try spend(bed, 149, key: "a").warnings.isEmpty)
        #expect(try spend(bed, 51, key: "b").warnings.count == 1)
        #expect(throws: DomainError.self) { try spend(bed, 1, key: "c") }
    }
}
