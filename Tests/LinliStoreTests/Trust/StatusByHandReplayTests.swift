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
