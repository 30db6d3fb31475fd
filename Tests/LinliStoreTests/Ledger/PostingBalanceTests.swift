import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

@Suite("Every transfer kind posts balanced transfers through the store")
struct PostingBalanceTests {
    /// One store operation per transfer kind; each returns the transfer it posted.
    enum Operation: String, CaseIterable, Sendable {
        case exchange, hold, release, refund, reward, penalty, compensation, donation, adjustmentCredit, adjustmentDebit,
            reversal

        var kind: TransferKind {
            switch self {
            case .exchange: return .exchange
            case .hold: return .hold
            case .release, .refund: return .release
            case .reward: return .reward
            case .penalty: return .penalty
            case .compensation: return .compensation
            case .donation: return .donationConversion
            case .adjustmentCredit, .adjustmentDebit: return .adjustment
            case .reversal: return .reversal
            }
        }

        func run(_ bed: LedgerTestBed) throws -> Transfer {
            let c = bed.community
            let limits = bed.limits
            let system = AuditActor.system
            switch self {
            case .exchange:
                return try bed.write { tx in
                    try LedgerSettlementCommands.payExchange(
                        tx, community: c, payer: bed.alice, payee: bed.bob, points: 30, minutes: 90, reason: "陪诊 1.5 小时",
                        reference: "exchange:1", idempotencyKey: "x1", actor: bed.actor(bed.alice), limits: limits)
                }.transfer
            case .hold:
                return try bed.write { tx in
                    try LedgerHoldCommands.place(
                        tx, community: c, payer: bed.alice, amount: 40, reason: "借用电钻", reference: "exchange:2",
                        idempotencyKey: "h1", actor: bed.actor(bed.alice), limits: limits)
                }.transfer!
            case .release, .refund:
                let hold = try bed.write { tx in
                    try LedgerHoldCommands.place(
                        tx, community: c, payer: bed.alice, amount: 40, reason: "借用电钻", reference: "exchange:2",
                        idempotencyKey: "h1", actor: bed.actor(bed.alice), limits: limits)
                }.hold
                return try bed.write { tx in
                    self == .release
                        ? try LedgerHoldCommands.release(
                            tx, community: c, hold: hold.id, to: bed.bob, minutes: nil, reason: "交换完成", idempotencyKey: "r1",
                            actor: bed.actor(bed.alice), limits: limits)
                        : try LedgerHoldCommands.refund(
                            tx, community: c, hold: hold.id, reason: "交换取消", idempotencyKey: "r1", actor: bed.actor(bed.alice), limits: limits)
                }.transfer!
            case .reward:
                return try bed.write { tx in
                    try LedgerRewardCommands.grant(
                        tx, community: c, principal: bed.organizerPrincipal,
                        input: RewardInput(memberID: bed.carol, points: 20, category: "community_cleaning", reason: "社区清洁日"),
                        idempotencyKey: "w1", actor: bed.actor(bed.organizer), limits: limits)
                }.transfer
            case .penalty:
                return try bed.write { tx in
                    try LedgerSettlementCommands.chargePenalty(
                        tx, community: c, member: bed.bob, points: 5, reason: "爽约", reference: "exchange:3", idempotencyKey: "p1",
                        actor: system, limits: limits)
                }.transfer
            case .compensation:
                return try bed.write { tx in
                    try LedgerSettlementCommands.compensate(
                        tx, community: c, from: bed.bob, to: bed.alice, points: 8, reason: "有瑕疵，不影响使用", reference: "exchange:4",
                        idempotencyKey: "m1", actor: bed.actor(bed.moderator), limits: limits)
                }.transfer
            case .donation:
                return try bed.write { tx in
                    try LedgerRewardCommands.convertDonation(
                        tx, community: c, principal: bed.organizerPrincipal,
                        input: DonationInput(donor: "幸福超市", valueYuan: "500", reason: "商户捐赠", memo: "20 箱矿泉水"),
                        idempotencyKey: "d1", actor: bed.actor(bed.organizer), limits: limits)
                }.transfer
            case .adjustmentCredit, .adjustmentDebit:
                let amount = self == .adjustmentCredit ? 15 : -15
                return try bed.write { tx in
                    try LedgerCorrectionCommands.adjust(
                        tx, community: c, principal: bed.adminPrincipal,
                        input: AdjustmentInput(memberID: bed.carol, amount: amount, reason: "纠正录入错误"),
                        idempotencyKey: "a1", actor: bed.actor(bed.admin), limits: limits)
                }.transfer
            case .reversal:
                let original = try Operation.exchange.run(bed)
                return try bed.write { tx in
                    try LedgerCorrectionCommands.reverse(
                        tx, community: c, principal: bed.adminPrincipal, transfer: original.id, input: ReversalInput(reason: "重复记账"),
                        idempotencyKey: "v1", actor: bed.actor(bed.admin), limits: limits)
                }.transfer
            }
        }
    }

    @Test("postings sum to zero, are stored as posted, and the ledger verifies", arguments: Operation.allCases)
    func balanced(operation: Operation) throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 100)
        try bed.fund(bed.bob, 100)
        let transfer = try operation.run(bed)
        #expect(transfer.kind == operation.kind)
        #expect(transfer.postings.count == 2)
        #expect(transfer.postings.reduce(0) { $0 + $1.amount } == 0)
        #expect(transfer.amount > 0)
        let stored = try bed.read { db in try LedgerTransfers.fetch(db, community: bed.community, id: transfer.id) }
        #expect(stored == transfer)
        #expect(LedgerHasher.hash(of: stored) == stored.hash)
        // Nothing created or destroyed: all balances of the community sum to zero.
        let total = try bed.read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(balance) FROM ledger_accounts WHERE community_id = ?", arguments: [bed.community.rawValue])
        }
        #expect(total == 0)
        let report = try bed.verify()
        #expect(report.isClean, "\(report.render())")
        let ownTransfers = [.release, .refund, .reversal].contains(operation) ? 2 : 1
        #expect(report.transfers == 2 + ownTransfers)
    }

    @Test("the chain links each transfer to the one before, starting from the genesis hash")
    func chain() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 10)
        try bed.fund(bed.bob, 20)
        try bed.fund(bed.carol, 30)
        let transfers = try bed.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM ledger_transfers ORDER BY seq").map {
                try LedgerTransfers.fetch(db, community: bed.community, id: TransferID(trusted: $0))
            }
        }
        #expect(transfers.map(\.seq) == [1, 2, 3])
        #expect(transfers[0].previousHash == TransferCanonicalEncoding.genesisHash)
        #expect(transfers[1].previousHash == transfers[0].hash)
        #expect(transfers[2].previousHash == transfers[1].hash)
        #expect(transfers.map { $0.postings.map(\.balanceAfter) } == [[-10, 10], [-30, 20], [-60, 30]])
    }
}
