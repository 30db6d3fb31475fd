import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Found by review 10b of the suspension-proposal inbox messages (4cdbfd2 / fd8c25d): who is told
/// to decide a suspension. Each test fails on the code it was written against.
@Suite struct SuspensionProposalReviewFindingsTests {
    /// Recipients of `suspension_proposed` inbox messages, sorted.
    func proposalRecipients(_ f: ListingFixture) throws -> [String] {
        try f.base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT member_id FROM member_notifications WHERE kind = 'suspension_proposed' ORDER BY member_id")
        }
    }

    /// Three upheld `deduct_credit` resolutions (each by `moderator`) about `member`: the third
    /// reaches `strikes_before_suspension` (3) without suspending.
    func threeStrikes(_ f: ListingFixture, about member: MemberID, decidedBy moderator: Principal) throws {
        for _ in 1...3 {
            let moderationCase = try f.fileReport(about: member, as: f.resident)
            _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .deductCredit)], as: moderator)
        }
    }

    /// Now: when the member who reaches the threshold is a moderator, every other active moderator
    /// gets `suspension_proposed` ("a suspension is proposed for a moderator to decide"), although a
    /// moderator may not suspend a peer: `PUT /v1/members/{id}/status` on a moderator is an admin's
    /// decision (`MemberCommands.changeStatus` requires `member.create_staff`), so moderator A is
    /// asked to decide what they will be refused (403). (The suite of 4cdbfd2 even expects A to be
    /// told.) Should: the proposal reaches those who may decide it — for a moderator or an admin,
    /// the active admins outside the member's household only.
    @Test func aProposalAboutAModeratorGoesOnlyToAdminsWhoMayDecideIt() throws {
        let f = try ListingFixture()
        let secondAdmin = try f.base.member("钱伟", role: .admin, in: f.admin).1
        let thirdModerator = try f.base.member("孙丽", role: .moderator, in: f.admin).1
        try threeStrikes(f, about: f.moderatorB.memberID, decidedBy: f.admin)

        // The decision itself: moderator A may not suspend moderator B.
        #expect(throws: DomainError.self, "a moderator suspended a peer") {
            try f.store.transactionSync { tx in
                try MemberCommands.changeStatus(
                    tx, principal: f.moderatorA, id: f.moderatorB.memberID,
                    input: StatusChangeInput(status: .suspended, reason: "累计违规", until: f.clock.now().addingTimeInterval(7 * 86_400)),
                    expectedVersion: nil, actor: .member(f.moderatorA, requestID: nil))
            }
        }

        let admins = [f.admin, secondAdmin].map(\.memberID.rawValue).sorted()
        let told = try proposalRecipients(f)
        #expect(told == admins, "moderators who may not decide were asked to: \(told) (admins: \(admins), moderators A: \(f.moderatorA.memberID), third: \(thirdModerator.memberID))")
    }

    /// Now: a member an admin has banned still gets a suspension proposed when a later case about
    /// them (an older report, say) adds the strike that reaches the threshold, and every moderator
    /// and admin is asked in their inbox to decide a suspension of a banned member. Following the
    /// proposal (`PUT …/status` `suspended` with an `until`) would turn the ban into a suspension
    /// that ends — the very thing the README says a case's suspension never does ("never replaces a
    /// ban"). Should: nobody is asked to suspend a member who is already banned (no
    /// `suspension_proposed` message; nothing to decide).
    @Test func aBannedMemberIsNotProposedForSuspensionInModeratorsInboxes() throws {
        let f = try ListingFixture()
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: f.neighbour.memberID, input: StatusChangeInput(status: .banned, reason: "多次骚扰邻居", until: nil),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        try threeStrikes(f, about: f.neighbour.memberID, decidedBy: f.moderatorA)
        #expect(try f.storedMember(f.neighbour.memberID).status == .banned, "the ban stands")
        let told = try proposalRecipients(f)
        #expect(told.isEmpty, "moderators and admins were asked to decide a suspension of a banned member: \(told)")
    }

    /// Found by review 10c (b6afd57): the banned case was fixed, its open-ended twin was not. Now: a
    /// member an admin suspended without an end (`until` absent, "until lifted") still gets a
    /// suspension proposed when later cases add the strike that reaches the threshold, and every
    /// moderator and admin is asked to decide it. A moderator following it (`PUT …/status`
    /// `suspended`, which for them requires an `until` within `max_suspension_days`) turns the
    /// open-ended suspension into one that ends in days — the reason b6afd57 gives for making none
    /// about a banned member. Should: no `suspension_proposed` for a member whose standing already
    /// outweighs a suspension (`MemberStatusReplay.State.outweighs`, as a case's own `suspend`
    /// action checks): banned, or suspended without an end.
    @Test func aMemberSuspendedWithoutEndIsNotProposedForSuspension() throws {
        let f = try ListingFixture()
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .suspended, reason: "多次骚扰邻居，待调解", until: nil),
                expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
        try threeStrikes(f, about: f.neighbour.memberID, decidedBy: f.moderatorA)
        let stored = try f.storedMember(f.neighbour.memberID)
        #expect(stored.status == .suspended && stored.suspendedUntil == nil, "the open-ended suspension stands")
        let told = try proposalRecipients(f)
        #expect(told.isEmpty, "moderators and admins were asked to decide a suspension of a member suspended until lifted: \(told)")
    }
}
