import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Admin corrections: adjustments and reversals")
struct CorrectionTests {
    func reverse(_ bed: LedgerTestBed, _ id: TransferID, key: String, reason: String = "录错了") throws -> LedgerPoster.Result {
        try bed.write { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: bed.community, principal: bed.adminPrincipal, transfer: id, input: ReversalInput(reason: reason),
                idempotencyKey: key, actor: bed.actor(bed.admin), limits: bed.limits)
        }
    }

    @Test("an admin neither adjusts their own balance nor reverses a transfer they were part of")
    func noOwnAccount() throws {
        let bed = try LedgerTestBed()
        let refusal = { (action: String) in DomainError(code: "ledger.own_account", category: .forbidden, parameters: ["action": action]) }
        #expect(throws: refusal("adjustment")) {
            try bed.write { tx in
                try LedgerCorrectionCommands.adjust(
                    tx, community: bed.community, principal: bed.adminPrincipal,
                    input: AdjustmentInput(memberID: bed.admin, amount: 50, reason: "补发"), idempotencyKey: "own", actor: bed.actor(bed.admin),
                    limits: bed.limits)
            }
        }
        let paidByAdmin = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.admin, payee: bed.alice, points: 10, minutes: nil, reason: "买旧书架",
                reference: nil, idempotencyKey: "pay", actor: bed.actor(bed.admin), limits: bed.limits)
        }.transfer
        #expect(throws: refusal("reversal")) { try reverse(bed, paidByAdmin.id, key: "undo") }
        #expect(try bed.balance(bed.admin) == -10)
        #expect(try bed.balance(bed.alice) == 10)
        #expect(try bed.verify().isClean)
    }

    @Test("an adjustment needs a reason and an admin, and is audited with the balance before and after")
    func adjustment() throws {
        let bed = try LedgerTestBed()
        #expect(throws: DomainError.validation([FieldIssue("/reason", .required)])) {
            try bed.write { tx in
                try LedgerCorrectionCommands.adjust(
                    tx, community: bed.community, principal: bed.adminPrincipal, input: AdjustmentInput(memberID: bed.alice, amount: 5, reason: " "),
                    idempotencyKey: "a", actor: bed.actor(bed.admin), limits: bed.limits)
            }
        }
        #expect(throws: DomainError.forbidden(.ledgerAdjust)) {
            try bed.write { tx in
                try LedgerCorrectionCommands.adjust(
                    tx, community: bed.community, principal: bed.organizerPrincipal,
                    input: AdjustmentInput(memberID: bed.alice, amount: 5, reason: "r"), idempotencyKey: "a", actor: bed.actor(bed.organizer),
                    limits: bed.limits)
            }
        }
        try bed.fund(bed.alice, 40)
        let debit = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: bed.community, principal: bed.adminPrincipal,
                input: AdjustmentInput(memberID: bed.alice, amount: -15, reason: "多记了 15 分"), idempotencyKey: "b",
                actor: bed.actor(bed.admin), limits: bed.limits)
        }
        #expect(debit.transfer.postings.map(\.account) == [.member(bed.alice), .issuance])
        let audit = try bed.read { db in
            try Row.fetchAll(db, sql: "SELECT before_json, after_json, reason FROM audit_entries WHERE action = 'ledger.balance_adjusted' ORDER BY id")
        }
        #expect(audit.count == 2)
        #expect((audit[1]["before_json"] as String?)?.contains("\"balance\":\"40\"") == true)
        #expect((audit[1]["after_json"] as String?)?.contains("\"balance\":\"25\"") == true)
        #expect(audit[1]["reason"] == "多记了 15 分")
    }

    @Test("an adjustment from the donations pool cannot overdraw it")
    func donationsPool() throws {
        let bed = try LedgerTestBed()
        #expect(throws: DomainError.ledgerPoolInsufficient(account: .donations, balance: 0, amount: 10)) {
            try bed.write { tx in
                try LedgerCorrectionCommands.adjust(
                    tx, community: bed.community, principal: bed.adminPrincipal,
                    input: AdjustmentInput(memberID: bed.alice, amount: 10, reason: "捐赠池发放", source: .donations), idempotencyKey: "a",
                    actor: bed.actor(bed.admin), limits: bed.limits)
            }
        }
    }

    @Test("a reversal mirrors the original exactly, undoes its counters, and happens once")
    func reversal() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 50)
        let exchange = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.alice, payee: bed.bob, points: 30, minutes: 60, reason: "理发",
                reference: "exchange:7", idempotencyKey: "x", actor: bed.actor(bed.alice), limits: bed.limits)
        }.transfer
        let reversal = try reverse(bed, exchange.id, key: "rev").transfer
        #expect(reversal.kind == .reversal)
        #expect(reversal.reversesID == exchange.id)
        #expect(Set(reversal.postings.map { Leg($0.account, $0.amount) }) == Set(exchange.postings.map { Leg($0.account, -$0.amount) }))
        #expect(try bed.balance(bed.alice) == 50)
        #expect(try bed.balance(bed.bob) == 0)
        let bob = try bed.read { db in try LedgerAccounts.member(db, community: bed.community, member: bed.bob) }
        #expect((bob.pointsReceived, bob.minutesServed) == (0, 0))
        #expect(try reverse(bed, exchange.id, key: "rev").replayed)
        #expect(throws: DomainError.ledgerAlreadyReversed(exchange.id, by: reversal.id)) { try reverse(bed, exchange.id, key: "rev-2") }
        #expect(throws: DomainError.ledgerNotReversible(reversal.id, kind: .reversal)) { try reverse(bed, reversal.id, key: "rev-3") }
        #expect(try bed.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries WHERE action = 'ledger.transfer_reversed'") } == 1)
        #expect(try bed.verify().isClean)
    }

    @Test("holds and releases are not reversible; unknown transfers are not found")
    func notReversible() throws {
        let bed = try LedgerTestBed()
        let hold = try bed.write { tx in
            try LedgerHoldCommands.place(
                tx, community: bed.community, payer: bed.alice, amount: 5, reason: "r", reference: nil, idempotencyKey: "h",
                actor: .system, limits: bed.limits)
        }
        #expect(throws: DomainError.ledgerNotReversible(hold.transfer!.id, kind: .hold)) { try reverse(bed, hold.transfer!.id, key: "v") }
        let missing = TransferID("trf_0000000000000000000000000Z")!
        #expect(throws: DomainError.notFound("transfer", id: missing.rawValue)) { try reverse(bed, missing, key: "w") }
    }

    @Test("reversing a donation whose points were already paid out is refused")
    func reverseSpentDonation() throws {
        let bed = try LedgerTestBed()
        let donation = try bed.write { tx in
            try LedgerRewardCommands.convertDonation(
                tx, community: bed.community, principal: bed.adminPrincipal, input: DonationInput(donor: "银行", valueYuan: "100", reason: "捐赠"),
                idempotencyKey: "d", actor: bed.actor(bed.admin), limits: bed.limits)
        }.transfer
        _ = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: bed.community, principal: bed.adminPrincipal,
                input: AdjustmentInput(memberID: bed.carol, amount: 60, reason: "困难补助", source: .donations), idempotencyKey: "a",
                actor: bed.actor(bed.admin), limits: bed.limits)
        }
        #expect(throws: DomainError.ledgerPoolInsufficient(account: .donations, balance: 40, amount: 100)) {
            try reverse(bed, donation.id, key: "v")
        }
        #expect(try bed.verify().isClean)
    }
}
