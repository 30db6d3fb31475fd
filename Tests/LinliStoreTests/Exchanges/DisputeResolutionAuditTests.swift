import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// Found by review 9f (each test failed first): a dispute resolved by compensation may now pay the provider less than the hold
/// (`ExchangeIncidentCommands.resolve` with `settlementPlan`).
@Suite struct DisputeResolutionAuditTests {
    /// The `exchange.resolved` audit entry records `points` (the hold, 20) and
    /// `compensation_points`, but not what the provider was paid: `settled_points` (10 here) is
    /// left out (ExchangeIncidentCommands.swift lines 168–170), while `exchange.completed` records
    /// it. Before the change the payment was always the hold, so `points` said it; now an auditor
    /// reading the resolution reads 20 paid where 10 was.
    @Test func theResolutionAuditSaysWhatTheProviderWasPaid() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        f.clock.advance(by: 2 * 3600)
        let disputed = try f.dispute(try f.reportMinutes(accepted, 60))
        let resolved = try f.resolve(disputed, ExchangeResolutionInput(outcome: .compensate, compensationPoints: 2, note: "迟到，补偿 2 分"))
        #expect(resolved.settledPoints == 10 && resolved.points == 20)

        let after = try f.base.database.readSync { db in
            try String.fetchOne(
                db, sql: "SELECT after_json FROM audit_entries WHERE action = 'exchange.resolved' AND target_id = ?",
                arguments: [resolved.id.rawValue])
        }
        let json = try #require(after)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["settled_points"] as? String == "10", "exchange.resolved audit after: \(json)")

        // The compensation's entry targets the member who pays and names who is paid.
        let ordered = try f.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT target_id, after_json FROM audit_entries WHERE action = 'ledger.compensation_ordered'")
        }
        let row = try #require(ordered)
        #expect(row["target_id"] as String? == f.resident.memberID.rawValue, "the provider pays")
        let paid = try #require(try JSONSerialization.jsonObject(with: Data((row["after_json"] as String? ?? "").utf8)) as? [String: Any])
        #expect(paid["recipient_id"] as? String == f.neighbour.memberID.rawValue && paid["payer_id"] == nil, "\(paid)")
    }

    /// Session 17 black-box review: a refund cost the provider credit and withdrew their listing,
    /// and neither side heard of the decision. Both sides are told, in their language.
    @Test(arguments: [ExchangeResolution.compensate, .refund])
    func bothSidesHearTheDecision(_ outcome: ExchangeResolution) throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        let disputed = try f.dispute(accepted)
        _ = try f.resolve(disputed, ExchangeResolutionInput(outcome: outcome, compensationPoints: outcome == .compensate ? 3 : nil, note: "照片与实物不符"))
        let told = try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT member_id, parameters_json FROM member_notifications WHERE kind = 'dispute_resolved' ORDER BY member_id")
        }
        #expect(Set(told.map { $0["member_id"] as String }) == [f.resident.memberID.rawValue, f.neighbour.memberID.rawValue])
        // Each side reads it in the second person (helper 131): the neighbour paid, the resident provided.
        var texts: [String: String] = [:]
        for row in told {
            let parameters = try #require(try JSONSerialization.jsonObject(with: Data((row["parameters_json"] as String? ?? "").utf8)) as? [String: String])
            let notification = MemberNotification(
                id: NotificationID(trusted: "ntf_01M90CDBCY7X9VQAC30GGT9ME1"), communityID: f.resident.communityID, memberID: f.resident.memberID,
                kind: .disputeResolved, subject: "exchange:\(disputed.id)", parameters: parameters, createdAt: f.clock.now(), readAt: nil)
            texts[row["member_id"] as String] = notification.text(in: .zhCN)
        }
        let payer = try #require(texts[f.neighbour.memberID.rawValue])
        let provider = try #require(texts[f.resident.memberID.rawValue])
        for zh in [payer, provider] { #expect(!zh.contains("{") && zh.contains("照片与实物不符") && zh.contains("交换“"), "\(zh)") }
        switch outcome {
        case .refund:
            #expect(payer.contains("预留的 \(accepted.points) 积分已全部退回您的账户，请把物品还给对方"), "\(payer)")
            #expect(provider.contains("物品会还给您") && provider.contains("信用记录"), "\(provider)")
        case .compensate:
            #expect(payer.contains("对方另向您补偿 3 积分"), "\(payer)")
            #expect(provider.contains("您获得 \(accepted.points) 积分，并从您的账户向对方（李建国）补偿 3 积分"), "\(provider)")
        }
    }

    /// No compensation on top is said as such, not "compensates 0 points" (helper 132).
    @Test func aResolutionWithoutCompensationDoesNotNameZeroPoints() {
        var parameters = [
            "exchange_id": "exc_1", "title": "台灯", "outcome": "compensate", "points": "0", "settled_points": "8", "held": "10", "kind": "item",
            "note": "略有划痕", "role": "payer",
        ]
        func text(_ language: Language) -> String {
            MemberNotification(
                id: NotificationID(trusted: "ntf_01M90CDBCY7X9VQAC30GGT9ME1"), communityID: CommunityID(trusted: "com_01M90CDBCY7X9VQAC30GGT9ME1"),
                memberID: MemberID(trusted: "mem_01M90CDBCY7X9VQAC30GGT9ME1"), kind: .disputeResolved, subject: "exchange:exc_1",
                parameters: parameters, createdAt: Date(timeIntervalSince1970: 0), readAt: nil
            ).text(in: language)
        }
        #expect(text(.zhCN) == "交换“台灯”的纠纷已由审核员处理：瑕疵不影响使用，您预留的积分中 8 积分付给了对方，其余已退回您的账户，无需另行补偿。处理说明：略有划痕")
        parameters["role"] = "provider"
        #expect(text(.en) == "A moderator decided the dispute of “台灯”: the defect does not affect use, so you were paid 8 points, with no compensation on top. Note: 略有划痕")
    }

    /// Session 30 walk: a time exchange resolved by compensation told both sides "the defect does
    /// not affect use", and the statement said "瑕疵补偿": item words for a service. The texts and
    /// the transfer's reason now follow the exchange's kind.
    @Test(arguments: [(ExchangeResolution.compensate, 2), (.refund, nil)] as [(ExchangeResolution, Int?)])
    func aServiceDisputeIsToldInServiceWords(_ outcome: ExchangeResolution, _ compensation: Int?) throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        f.clock.advance(by: 2 * 3600)
        let disputed = try f.dispute(accepted)
        _ = try f.resolve(disputed, ExchangeResolutionInput(outcome: outcome, compensationPoints: compensation, note: "迟到半小时"))
        let stored = try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT parameters_json FROM member_notifications WHERE kind = 'dispute_resolved' LIMIT 1")
        }
        let parameters = try #require(try JSONSerialization.jsonObject(with: Data((stored ?? "").utf8)) as? [String: String])
        #expect(parameters["kind"] == "time")
        let notification = MemberNotification(
            id: NotificationID(trusted: "ntf_01M90CDBCY7X9VQAC30GGT9ME1"), communityID: f.resident.communityID, memberID: f.resident.memberID,
            kind: .disputeResolved, subject: "exchange:\(disputed.id)", parameters: parameters, createdAt: f.clock.now(), readAt: nil)
        let (zh, en) = (notification.text(in: .zhCN), notification.text(in: .en))
        #expect(!zh.contains("瑕疵") && !zh.contains("物品") && !en.contains("defect") && !en.contains("item"), "\(zh) / \(en)")
        #expect(zh.contains("服务") && !zh.contains("{") && !en.contains("{"), "\(zh)")
        #expect(zh.contains("补偿") == (compensation != nil), "\(zh)")
        let reasons = try f.base.database.readSync { db in try String.fetchAll(db, sql: "SELECT reason FROM ledger_transfers") }
        #expect(!reasons.contains("纠纷处理：瑕疵补偿"), "\(reasons)")
        if compensation == 2 { #expect(reasons.contains("纠纷处理：服务不足补偿"), "\(reasons)") }
    }
}
