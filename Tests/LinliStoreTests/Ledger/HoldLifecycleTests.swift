import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Holds: escrow, release, refund, freeze")
struct HoldLifecycleTests {
    func place(_ bed: LedgerTestBed, _ amount: Int, key: String) throws -> Hold {
        try bed.write { tx in
            try LedgerHoldCommands.place(
                tx, community: bed.community, payer: bed.alice, amount: amount, reason: "借用电钻", reference: "exchange:\(key)",
                idempotencyKey: key, actor: bed.actor(bed.alice), limits: bed.limits)
        }.hold
    }

    @Test("placing moves points into escrow; releasing pays the provider and counts the exchange")
    func placeAndRelease() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 50)
        let hold = try place(bed, 30, key: "1")
        #expect(hold.state == .held)
        #expect(try bed.balance(bed.alice) == 20)
        #expect(try bed.systemBalance(.escrow) == 30)
        #expect(try bed.read { db in try LedgerAccounts.heldAmount(db, community: bed.community, member: bed.alice) } == 30)
        let released = try bed.write { tx in
            try LedgerHoldCommands.release(
                tx, community: bed.community, hold: hold.id, to: bed.bob, minutes: 120, reason: "交换完成", idempotencyKey: "1:done",
                actor: bed.actor(bed.alice), limits: bed.limits)
        }
        #expect(released.hold.state == .released)
        #expect(released.hold.recipient == bed.bob)
        #expect(released.hold.settleTransferID == released.transfer?.id)
        #expect(try bed.systemBalance(.escrow) == 0)
        #expect(try bed.balance(bed.bob) == 30)
        let alice = try bed.read { db in try LedgerAccounts.member(db, community: bed.community, member: bed.alice) }
        let bob = try bed.read { db in try LedgerAccounts.member(db, community: bed.community, member: bed.bob) }
        #expect((alice.pointsGiven, alice.minutesReceived, alice.pointsReceived) == (30, 120, 0))
        #expect((bob.pointsReceived, bob.minutesServed, bob.pointsGiven) == (30, 120, 0))
        let events = try bed.read { db in
            try String.fetchAll(db, sql: "SELECT event_type FROM outbox_events WHERE event_type LIKE 'ledger.hold%' ORDER BY seq")
        }
        #expect(events == ["ledger.hold_placed", "ledger.hold_released"])
        #expect(try bed.verify().isClean)
    }

    @Test("a refund returns the points and counts nothing")
    func refund() throws {
        let bed = try LedgerTestBed()
        let hold = try place(bed, 25, key: "1")
        let refunded = try bed.write { tx in
            try LedgerHoldCommands.refund(
                tx, community: bed.community, hold: hold.id, reason: "对方取消", idempotencyKey: "1:cancel", actor: bed.actor(bed.alice),
                limits: bed.limits)
        }
        #expect(refunded.hold.state == .refunded)
        #expect(refunded.hold.recipient == bed.alice)
        #expect(try bed.balance(bed.alice) == 0)
        let alice = try bed.read { db in try LedgerAccounts.member(db, community: bed.community, member: bed.alice) }
        #expect(alice.pointsGiven == 0)
        #expect(try bed.verify().isClean)
    }

    @Test("a frozen hold can be resolved either way or unfrozen; settled holds cannot move again; staff steps are audited")
    func freezeAndStates() throws {
        let bed = try LedgerTestBed()
        let hold = try place(bed, 10, key: "1")
        let moderator = bed.actor(bed.moderator)
        let frozen = try bed.write { tx in
            try LedgerHoldCommands.freeze(tx, community: bed.community, hold: hold.id, reason: "居民投诉物品损坏", actor: moderator)
        }
        #expect(frozen.hold.state == .frozen)
        #expect(frozen.hold.version == 2)
        #expect(throws: DomainError.ledgerHoldState(hold.id, state: .frozen, action: "frozen")) {
            try bed.write { tx in try LedgerHoldCommands.freeze(tx, community: bed.community, hold: hold.id, reason: "again", actor: moderator) }
        }
        _ = try bed.write { tx in
            try LedgerHoldCommands.unfreeze(tx, community: bed.community, hold: hold.id, reason: "投诉撤回", actor: moderator)
        }
        _ = try bed.write { tx in
            try LedgerHoldCommands.freeze(tx, community: bed.community, hold: hold.id, reason: "再次投诉", actor: moderator)
        }
        let refunded = try bed.write { tx in
            try LedgerHoldCommands.refund(
                tx, community: bed.community, hold: hold.id, reason: "物品不可用，退回", idempotencyKey: "1:refund", actor: moderator,
                limits: bed.limits, audit: true)
        }
        #expect(refunded.hold.state == .refunded)
        #expect(throws: DomainError.ledgerHoldState(hold.id, state: .refunded, action: "released")) {
            try bed.write { tx in
                try LedgerHoldCommands.release(
                    tx, community: bed.community, hold: hold.id, to: bed.bob, minutes: nil, reason: "r", idempotencyKey: "1:release",
                    actor: moderator, limits: bed.limits)
            }
        }
        #expect(throws: DomainError.self) {
            try bed.write { tx in try LedgerHoldCommands.freeze(tx, community: bed.community, hold: hold.id, reason: "x", actor: moderator) }
        }
        let audited = try bed.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_entries WHERE target_type = 'hold' ORDER BY id")
        }
        #expect(audited == ["ledger.hold_frozen", "ledger.hold_unfrozen", "ledger.hold_frozen", "ledger.hold_refunded"])
        #expect(try bed.verify().isClean)
    }

    @Test("a release to the payer is refused (that is a refund); unknown holds are not found")
    func guards() throws {
        let bed = try LedgerTestBed()
        let hold = try place(bed, 10, key: "1")
        #expect(throws: DomainError.self) {
            try bed.write { tx in
                try LedgerHoldCommands.release(
                    tx, community: bed.community, hold: hold.id, to: bed.alice, minutes: nil, reason: "r", idempotencyKey: "x",
                    actor: .system, limits: bed.limits)
            }
        }
        let missing = HoldID("hold_0000000000000000000000000Z")!
        #expect(throws: DomainError.notFound("hold", id: missing.rawValue)) {
            try bed.write { tx in
                try LedgerHoldCommands.refund(tx, community: bed.community, hold: missing, reason: "r", idempotencyKey: "y", actor: .system, limits: bed.limits)
            }
        }
    }
}
