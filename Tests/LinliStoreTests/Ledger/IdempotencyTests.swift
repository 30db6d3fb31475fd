import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Idempotency: a retried request applies once")
struct IdempotencyTests {
    @Test("same key and content returns the first transfer; nothing new is written")
    func replay() throws {
        let bed = try LedgerTestBed()
        let first = try bed.fund(bed.alice, 50, key: "k-1")
        let outboxBefore = try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_events") }
        let again = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: bed.community, principal: bed.adminPrincipal,
                input: AdjustmentInput(memberID: bed.alice, amount: 50, reason: "开户赠送"), idempotencyKey: "k-1",
                actor: bed.actor(bed.admin), limits: bed.limits)
        }
        #expect(again.replayed)
        #expect(again.transfer == first)
        #expect(try bed.balance(bed.alice) == 50)
        #expect(try bed.transferCount() == 1)
        #expect(try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_events") } == outboxBefore)
    }

    @Test("same key with different content is a conflict naming the first transfer")
    func conflict() throws {
        let bed = try LedgerTestBed()
        let first = try bed.fund(bed.alice, 50, key: "k-1")
        #expect(throws: DomainError.ledgerIdempotencyConflict(key: "k-1", transfer: first.id)) {
            try bed.fund(bed.alice, 51, key: "k-1")
        }
        #expect(throws: DomainError.ledgerIdempotencyConflict(key: "k-1", transfer: first.id)) {
            try bed.fund(bed.bob, 50, key: "k-1")
        }
        #expect(try bed.transferCount() == 1)
    }

    @Test("keys are per community: another community may use the same key")
    func perCommunity() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 5, key: "shared")
        let other = try bed.write { tx in
            try CommunityCommands.create(
                tx, input: NewCommunityInput(name: "和平里", timezone: nil, adminDisplayName: "孙主任", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
        }
        let posted = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: other.community.id, principal: nil, input: AdjustmentInput(memberID: other.admin.id, amount: 5, reason: "r"),
                idempotencyKey: "shared", actor: .commandLine, limits: bed.limits)
        }
        #expect(!posted.replayed)
        #expect(posted.transfer.seq == 1)
        #expect(try bed.verify().isClean)
    }

    @Test("a retried hold returns the same hold, even after the payer's balance changed")
    func holdRetry() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 30)
        func place() throws -> LedgerHoldCommands.Outcome {
            try bed.write { tx in
                try LedgerHoldCommands.place(
                    tx, community: bed.community, payer: bed.alice, amount: 120, reason: "借用梯子", reference: "exchange:9",
                    idempotencyKey: "exchange:9:accept", actor: bed.actor(bed.alice), limits: bed.limits)
            }
        }
        let first = try place()
        #expect(!first.replayed)
        #expect(try bed.balance(bed.alice) == -90)
        let second = try place()  // a fresh 120 would now exceed the credit limit; the retry must not care
        #expect(second.replayed)
        #expect(second.hold == first.hold)
        #expect(try bed.balance(bed.alice) == -90)
        #expect(try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_holds") } == 1)
    }

    @Test("a retried release applies once; a refund under the same key is a conflict")
    func releaseRetry() throws {
        let bed = try LedgerTestBed()
        let hold = try bed.write { tx in
            try LedgerHoldCommands.place(
                tx, community: bed.community, payer: bed.alice, amount: 20, reason: "修自行车", reference: nil,
                idempotencyKey: "acc", actor: bed.actor(bed.alice), limits: bed.limits)
        }.hold
        func release() throws -> LedgerHoldCommands.Outcome {
            try bed.write { tx in
                try LedgerHoldCommands.release(
                    tx, community: bed.community, hold: hold.id, to: bed.bob, minutes: 45, reason: "完成", idempotencyKey: "done",
                    actor: bed.actor(bed.alice), limits: bed.limits)
            }
        }
        let first = try release()
        let second = try release()
        #expect(second.replayed)
        #expect(second.transfer == first.transfer)
        #expect(second.hold.state == .released)
        #expect(try bed.balance(bed.bob) == 20)
        #expect {
            try bed.write { tx in
                try LedgerHoldCommands.refund(
                    tx, community: bed.community, hold: hold.id, reason: "取消", idempotencyKey: "done", actor: bed.actor(bed.alice),
                    limits: bed.limits)
            }
        } throws: { ($0 as? DomainError)?.code == "ledger.idempotency_conflict" }
        let account = try bed.read { db in try LedgerAccounts.member(db, community: bed.community, member: bed.bob) }
        #expect(account.pointsReceived == 20)
        #expect(account.minutesServed == 45)
        #expect(try bed.verify().isClean)
    }
}
