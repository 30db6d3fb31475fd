import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Staff moving a resident's points tells her in her inbox: a reward, an adjustment, a reversal
/// (helper 106 found an admin could debit a member without a word to her).
@Suite("Rewards and corrections are told to the member they move")
struct CorrectionNoticeTests {
    func notices(_ bed: LedgerTestBed, _ member: MemberID) throws -> [MemberNotification] {
        try bed.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? ORDER BY id", arguments: [member.rawValue]
            ).map(MemberNotifications.decode)
        }
    }

    func announced(_ bed: LedgerTestBed, kind: MemberNotification.Kind) throws -> Int {
        try bed.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'member.notified' AND payload_json LIKE ?",
                arguments: ["%\"kind\":\"\(kind.rawValue)\"%"]) ?? 0
        }
    }

    @Test("an adjustment tells the member how much, which way, her balance after and why")
    func adjustment() throws {
        let bed = try LedgerTestBed()
        try bed.fund(bed.alice, 40)
        let debit = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: bed.community, principal: bed.adminPrincipal,
                input: AdjustmentInput(memberID: bed.alice, amount: -15, reason: " 多记了 15 分 "), idempotencyKey: "b",
                actor: bed.actor(bed.admin), limits: bed.limits)
        }
        let told = try notices(bed, bed.alice)
        #expect(told.map(\.kind) == [.balanceAdjusted, .balanceAdjusted])
        let last = try #require(told.last)
        #expect(last.subject == "transfer:\(debit.transfer.id)")
        #expect(last.parameters == [
            "transfer_id": debit.transfer.id.rawValue, "points": "15", "direction": "debit", "balance": "25", "reason": "多记了 15 分",
        ])
        #expect(last.text(in: .zhCN) == "社区管理员从您的账户扣减了 15 积分，现在余额 25 积分。如有疑问，请联系社区服务站。原因：多记了 15 分")
        #expect(told.first?.parameters["direction"] == "credit")
        #expect(try announced(bed, kind: .balanceAdjusted) == 2)
        // A retry of the same key posts nothing and tells nothing again.
        _ = try bed.write { tx in
            try LedgerCorrectionCommands.adjust(
                tx, community: bed.community, principal: bed.adminPrincipal,
                input: AdjustmentInput(memberID: bed.alice, amount: -15, reason: " 多记了 15 分 "), idempotencyKey: "b",
                actor: bed.actor(bed.admin), limits: bed.limits)
        }
        #expect(try notices(bed, bed.alice).count == 2)
        #expect(try notices(bed, bed.bob).isEmpty)
    }

    @Test("a reversed payment is told to both sides, each with their own direction and balance")
    func reversal() throws {
        let bed = try LedgerTestBed()
        let paid = try bed.write { tx in
            try LedgerSettlementCommands.payExchange(
                tx, community: bed.community, payer: bed.alice, payee: bed.bob, points: 12, minutes: nil, reason: "修自行车",
                reference: nil, idempotencyKey: "pay", actor: bed.actor(bed.alice), limits: bed.limits)
        }.transfer
        let reversal = try bed.write { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: bed.community, principal: bed.adminPrincipal, transfer: paid.id, input: ReversalInput(reason: "重复付款"),
                idempotencyKey: "undo", actor: bed.actor(bed.admin), limits: bed.limits)
        }.transfer
        let alice = try #require(try notices(bed, bed.alice).first)
        let bob = try #require(try notices(bed, bed.bob).first)
        #expect(alice.kind == .transferReversed && bob.kind == .transferReversed)
        #expect(alice.parameters["transfer_id"] == paid.id.rawValue && alice.parameters["reversal_id"] == reversal.id.rawValue)
        #expect(alice.parameters["direction"] == "credit" && alice.parameters["points"] == "12" && alice.parameters["balance"] == "0")
        #expect(bob.parameters["direction"] == "debit" && bob.parameters["points"] == "12" && bob.parameters["balance"] == "0")
        // Which entry, as each one's statement reads it (helper 133: a bare transfer id).
        let at = try #require(bob.parameters["original_at"])
        #expect(bob.text(in: .en) == "A community administrator reversed your “Received for an exchange” entry of \(at) (\(paid.id)): 12 points were taken back from your account; your balance is now 0 points. If you have questions, ask the service station. Reason: 重复付款")
        #expect(alice.text(in: .zhCN).hasPrefix("社区管理员撤销了您 \(at) 的一笔“支付交换积分”"), "\(alice.text(in: .zhCN))")
        #expect(try announced(bed, kind: .transferReversed) == 2)
        #expect(try bed.verify().isClean)
    }

    @Test("a reward names the rule file's reward in the member's language; the service's report reward is told elsewhere")
    func reward() throws {
        let bed = try LedgerTestBed()
        bed.limits.rewards["event_help"] = RewardKind(points: 15, perMemberPerDay: 2, nameZH: "活动帮手", nameEN: "Event help")
        let limits = bed.limits
        let granted = try bed.write { tx in
            try LedgerRewardCommands.grant(
                tx, community: bed.community, principal: bed.organizerPrincipal,
                input: RewardInput(memberID: bed.alice, points: 15, category: "event_help", reason: "帮忙布置换物集市"),
                idempotencyKey: "r1", actor: bed.actor(bed.organizer), limits: limits)
        }.transfer
        let told = try #require(try notices(bed, bed.alice).first)
        #expect(told.kind == .pointsRewarded)
        #expect(told.subject == "transfer:\(granted.id)")
        #expect(told.text(in: .zhCN) == "感谢您的付出！您获得 15 积分奖励：活动帮手。说明：帮忙布置换物集市")
        #expect(told.text(in: .en) == "Thank you for your help! You received 15 points as a reward: Event help. Note: 帮忙布置换物集市")

        // Not announced, so not told here: the reporter's inbox already said it arrives (report_resolved).
        let report = try bed.write { tx in
            try LedgerRewardCommands.grant(
                tx, community: bed.community, principal: nil,
                input: RewardInput(memberID: bed.bob, points: 5, category: CaseCommands.upheldReportCategory, reason: "举报属实"),
                idempotencyKey: "report-reward", actor: .system, limits: limits, announce: false)
        }.transfer
        #expect(try notices(bed, bed.bob).isEmpty)
        // Its reversal is told to him, but not announced: the reward itself never went out.
        _ = try bed.write { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: bed.community, principal: bed.adminPrincipal, transfer: report.id, input: ReversalInput(reason: "案件复核"),
                idempotencyKey: "undo-report", actor: bed.actor(bed.admin), limits: limits)
        }
        #expect(try notices(bed, bed.bob).map(\.kind) == [.transferReversed])
        #expect(try announced(bed, kind: .transferReversed) == 0)
    }
}
