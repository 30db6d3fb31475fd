import Foundation
import GRDB
import LinliDomain
import LinliRules
import Testing
@testable import LinliStore

/// Found by review 8g (over a real database): `MemberStatusReplay.writtenByAppeal` takes any status change
/// by hand for an appeal's when the community's next audit entry happens to be an unrelated
/// `appeal.decided`. Each test failed on the code it was written against, for the reason its
/// comment gives.
@Suite("Status changes by hand in the replay")
struct StatusByHandReplayTests {
    /// Case 1 suspends a neighbour for 3 days and they appeal at once. An hour later an admin bans them by hand
    /// (`PUT /v1/members/{id}/status` banned, a separate matter; a current-code entry, no
    /// `cause`). The very next thing anyone does in the community is moderator B upholding a
    /// different resident's appeal against a warning (`appeal.decided` about another member).
    /// The neighbour's appeal against case 1's suspension is then overturned.
    /// Now `writtenByAppeal` looks only at the community's next audit entry (`id > ?`, any
    /// target): it sees the unrelated `appeal.decided`, drops the admin's ban from the replay,
    /// and `restoreStatus` sets the neighbour `active` — the admin's ban is lifted by an appeal
    /// that was never about it. What should happen: the ban by hand stays (only entries written
    /// without a cause *before causes existed* and followed by that same appeal's decision are
    /// an appeal's; a current entry without a cause is a change by hand).
    @Test func banByHandIsNotTakenForAnAppealBecauseAnotherAppealWasDecidedNext() throws {
        let f = try ListingFixture()
        // Another resident has a pending appeal against a warning.
        let other = try f.fileReport(about: f.resident.memberID, as: f.staff, text: "在群里发广告")
        let warning = try f.claimAndResolve(other.id, [.init(kind: .warn)], as: f.moderatorA)[0]
        let otherAppeal = try f.fileAppeal(warning.id, as: f.resident)
        f.clock.advance(by: 600)

        let first = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let suspension = try f.claimAndResolve(first.id, [.init(kind: .suspend, days: 3)], as: f.moderatorA)[0]
        let appeal = try f.fileAppeal(suspension.id, as: f.neighbour)
        f.clock.advance(by: 3600)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .banned, reason: "冒用他人身份注册", until: nil), expectedVersion: nil,
                actor: .member(f.admin, requestID: nil))
        }
        f.clock.advance(by: 60)
        // Unrelated: the other resident's appeal is upheld (no status change).
        _ = try f.store.transactionSync { tx in
            try AppealCommands.decide(
                tx, principal: f.moderatorB, id: otherAppeal.id, overturn: false, reason: "警告合理", limits: .standard, listings: f.services,
                actor: .member(f.moderatorB, requestID: nil))
        }
        #expect(try f.storedMember(f.neighbour.memberID).status == .banned)

        f.clock.advance(by: 3600)
        try f.overturnAppeal(appeal.id, as: f.moderatorB)

        let after = try f.storedMember(f.neighbour.memberID)
        #expect(after.status == .banned, "the admin's ban by hand is not the overturned action; now \(after.status)")
    }
}

/// Helper 137: suspended by hand ("多次爽约，暂停三天"), then by a case for 7 days, whose appeal was
/// overturned: he was left suspended until the hand suspension's end, as he should be, but with
/// the appeal's "证据不足" as the reason, and his notice read "撤销原处理" only.
@Suite struct OverturnedSuspensionLeavingAnotherTests {
    @Test func theStandingLeftKeepsItsOwnReasonAndIsTold() throws {
        let f = try ListingFixture()
        let handEnd = f.clock.now().addingTimeInterval(3 * 86_400)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.moderatorA, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .suspended, reason: "多次爽约，暂停三天", until: handEnd), expectedVersion: nil,
                actor: .member(f.moderatorA, requestID: nil))
        }
        f.clock.advance(by: 600)
        let report = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let suspension = try f.claimAndResolve(report.id, [.init(kind: .suspend, days: 7)], as: f.moderatorA)[0]
        let appeal = try f.fileAppeal(suspension.id, as: f.neighbour)
        f.clock.advance(by: 3600)
        try f.overturnAppeal(appeal.id, as: f.moderatorB)

        let after = try f.storedMember(f.neighbour.memberID)
        #expect(after.status == .suspended && abs(after.suspendedUntil!.timeIntervalSince(handEnd)) < 1)
        #expect(after.statusReason == "多次爽约，暂停三天", "not the appeal's reason")
        let told = try f.base.database.readSync { db in
            try MemberNotifications.decode(try #require(try Row.fetchOne(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'appeal_decided' ORDER BY id DESC LIMIT 1",
                arguments: [f.neighbour.memberID.rawValue])))
        }
        #expect(told.text(in: .zhCN).contains("但您的账号因另一项处理仍处于暂停状态，至 "), "\(told.text(in: .zhCN))")
        #expect(told.text(in: .zhCN).hasSuffix("（原因：多次爽约，暂停三天）。"))
        #expect(told.text(in: .en).contains("Your account is still suspended by another decision until "))
    }
}
