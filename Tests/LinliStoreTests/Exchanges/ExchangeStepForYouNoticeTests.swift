import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 114: a resident heard nothing when station staff accepted or confirmed her exchanges in
/// her name: 29 and 35 points held, 22 paid, without a word. She is told each step and its points.
@Suite struct ExchangeStepForYouNoticeTests {
    func notices(_ f: ExchangeFixture, _ member: MemberID) throws -> [MemberNotification] {
        try f.notices(of: member, kind: .exchangeStepForYou)
    }

    @Test func aResidentHearsOfTheStepsStaffTakeInHerName() throws {
        let f = try ExchangeFixture()
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.resident))
        }
        // Staff accept the neighbour's request for the resident's offer in the resident's name.
        let accepted = try f.accept(try f.request(try f.offer("台灯")), as: f.staff).exchange
        let owner = try notices(f, f.resident.memberID)
        #expect(owner.map { $0.parameters["step"] } == ["accepted"])
        #expect(owner.first?.parameters["role"] == "provider" && owner.first?.parameters["points"] == String(accepted.points))
        // The other side is named (helper 144 #9): "the other side's" becomes the neighbour's name.
        let neighbourName = try f.base.database.readSync { db in try MemberCommands.fetch(db, community: f.resident.communityID, id: f.neighbour.memberID).displayName }
        #expect(owner.first?.parameters["other_name"] == neighbourName)
        // An item's notice names it by title alone: its requested window's start is no
        // appointment, and the id is gone (helper 144 #12, helper 148 #1).
        #expect(owner.first?.parameters["exchange_starts_at"] == nil)
        #expect(owner.first?.text(in: .zhCN).contains(accepted.id.rawValue) == false, "\(owner.first?.text(in: .zhCN) ?? "")")
        #expect(owner.first?.text(in: .en).contains("\(neighbourName)'s \(accepted.points) points are held") == true)
        _ = try f.complete(accepted)
        #expect(try notices(f, f.neighbour.memberID).isEmpty, "she confirmed it herself")

        // Staff request for the neighbour and confirm it in her name: she hears the payment.
        let forHer = try f.accept(try f.request(try f.offer("电扇"), as: f.staff, for: f.neighbour.memberID), as: f.resident).exchange
        let done = try f.complete(forHer, as: f.staff)
        let hers = try notices(f, f.neighbour.memberID)
        #expect(hers.map { $0.parameters["step"] } == ["completed"])
        #expect(hers.first?.parameters["points"] == String(try #require(done.settledPoints)))
        #expect(hers.first?.text(in: .zhCN).contains("从您的账户付给对方") == true)
        #expect(try notices(f, f.staff.memberID).isEmpty)

        // A dispute opened in her name freezes her points: she hears that too (helper 117).
        let disputed = try f.accept(try f.request(try f.offer("台扇"), as: f.staff, for: f.neighbour.memberID), as: f.resident).exchange
        _ = try f.dispute(disputed, as: f.staff)
        #expect(try notices(f, f.neighbour.memberID).map { $0.parameters["step"] } == ["completed", "disputed"])
        #expect(try notices(f, f.neighbour.memberID).last?.text(in: .en).contains("wait for a moderator") == true)
    }
}
