import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// A cancelled exchange is told to the other side, and to the resident in whose name station
/// staff called it off (helper 112: nobody heard of either).
@Suite struct ExchangeCancellationNoticeTests {
    func notices(_ f: ExchangeFixture, _ member: MemberID) throws -> [MemberNotification] {
        try f.notices(of: member, kind: .exchangeCancelled)
    }

    @Test func theOtherSideHearsOfACancellation() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer("电钻"))).exchange
        _ = try f.cancel(accepted, as: f.neighbour)
        let owner = try notices(f, f.resident.memberID)
        #expect(owner.map { $0.parameters["by"] } == ["other_side"])
        #expect(owner.first?.parameters["title"] == "电钻")
        // Which exchange (its time) and where the points went, for the reader (helper 131).
        let start = owner.first?.parameters["starts_at"] ?? "?"
        #expect(owner.first?.text(in: .en)
            == "The other side (李建国) cancelled “电钻” (\(start)); the \(accepted.points) points held from the other side went back to them, so none are paid to you. Reason: 临时有事")
        #expect(try notices(f, f.neighbour.memberID).isEmpty, "who cancelled is not told")
    }

    /// The payer hears her held points came back to her account, in both languages.
    @Test func thePayerHearsHerHeldPointsCameBack() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer("梯子"))).exchange
        _ = try f.cancel(accepted, as: f.resident)
        let payer = try #require(try notices(f, f.neighbour.memberID).first)
        #expect(payer.parameters["role"] == "payer" && payer.parameters["refunded"] == String(accepted.points))
        #expect(payer.text(in: .zhCN)
            == "对方（王秀英）取消了原定 \(payer.parameters["starts_at"] ?? "?") 的交换“梯子”，为它预留的 \(accepted.points) 积分已退回您的账户。原因：临时有事")
    }

    @Test func aResidentHearsWhenStaffCancelInHerName() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer("台灯"), as: f.staff, for: f.neighbour.memberID)
        _ = try f.cancel(requested, as: f.staff)
        let hers = try notices(f, f.neighbour.memberID)
        #expect(hers.map { $0.parameters["by"] } == ["staff_for_you"])
        #expect(hers.first?.parameters["staff_name"]?.isEmpty == false)
        #expect(hers.first?.text(in: .zhCN).contains("没有积分变动") == true, "a request held nothing")
        #expect(try notices(f, f.resident.memberID).map { $0.parameters["by"] } == ["other_side"])
        #expect(try notices(f, f.staff.memberID).isEmpty)
    }

    /// A request closed without an exchange is told to its requester, with why: the owner said no,
    /// or its time passed with nobody accepting (helper 112: the scheduler's closing told nobody).
    @Test func aRequesterHearsWhyHerRequestClosed() throws {
        let f = try ExchangeFixture()
        func declines() throws -> [String?] {
            try f.base.database.readSync { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'exchange_declined' ORDER BY id",
                    arguments: [f.neighbour.memberID.rawValue]
                ).map(MemberNotifications.decode)
            }.map { $0.parameters["cause"] }
        }
        let first = try f.request(try f.offer("电钻"))
        _ = try f.store.transactionSync { tx in
            try ExchangeCommands.decline(tx, principal: f.resident, id: first.id, expectedVersion: nil, actor: f.actor(f.resident))
        }
        #expect(try declines() == ["owner"])
        _ = try f.request(try f.offer("梯子"))
        f.clock.advance(by: 3 * 3600)  // the requested hour is over
        #expect(try f.store.transactionSync { tx in try ExchangeCommands.declineStaleRequests(tx) } == 1)
        #expect(try declines() == ["owner", "time_passed"])
        #expect(try f.base.count("SELECT COUNT(*) FROM member_notifications WHERE member_id = ? AND kind = 'exchange_declined'", [f.resident.memberID.rawValue]) == 0)
    }
}
