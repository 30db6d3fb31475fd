import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
import Testing
@testable import LinliStore

/// Defects in case resolutions, appeals and the credit score found by review 8b, over a real
/// database: each test failed on the code it was written against, for the reason its comment gives.
@Suite("Appeal and case consequences")
struct AppealConsequenceTests {
    let policies = TrustPolicies()

    func status(_ f: ListingFixture, _ member: MemberID) throws -> MemberStatus {
        try f.base.database.readSync { db in try MemberCommands.fetch(db, community: f.resident.communityID, id: member) }.status
    }

    func balance(_ f: ListingFixture, _ member: MemberID) throws -> Int {
        try f.base.database.readSync { db in
            try LedgerAccounts.member(db, community: f.resident.communityID, member: member).balance
        }
    }

    /// A member is suspended by one case and banned by a later, separate case. Their appeal against
    /// the *suspension* succeeds, and `AppealCommands.decide` sets their status to `active`
    /// unconditionally, wiping out the ban nobody appealed: the banned member can log in and trade
    /// again. Overturning an action should undo only that action (the member stays banned while the
    /// ban stands).
    @Test func overturningASuspensionLeavesAnUnrelatedBan() throws {
        let f = try ListingFixture()
        let first = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let suspension = try f.claimAndResolve(first.id, [.init(kind: .suspend, days: 7)], as: f.moderatorA)[0]
        let filed = try f.fileAppeal(suspension.id, as: f.neighbour)

        // A second, unrelated incident: the member is banned (not appealed).
        let second = try f.fileReport(about: f.neighbour.memberID, as: f.staff, text: "多次威胁邻居")
        #expect(second.id != first.id)
        _ = try f.claimAndResolve(second.id, [.init(kind: .ban)], as: f.admin)
        #expect(try status(f, f.neighbour.memberID) == .banned)

        _ = try f.overturnAppeal(filed.id, as: f.moderatorB)
        #expect(try status(f, f.neighbour.memberID) == .banned,
                "only the suspension was overturned; the ban of the second case still stands")
    }

    /// A moderator orders compensation (30 points from the offender to the victim). The offender
    /// appeals and another moderator overturns the action: the appeal comes back "the action is
    /// overturned" (撤销原处理), yet the 30 points stay with the victim and the offender's balance
    /// stays at -30. Overturning a compensation should return the points (a reversal of the
    /// compensation transfer), as an overturned no-show returns its penalty.
    @Test func overturnedCompensationReturnsThePoints() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let action = try f.claimAndResolve(moderationCase.id, [.init(kind: .compensate, points: 30, victimID: f.resident.memberID)], as: f.moderatorA)[0]
        #expect(try balance(f, f.neighbour.memberID) == -30)

        let filed = try f.fileAppeal(action.id, as: f.neighbour)
        let decided = try f.overturnAppeal(filed.id, as: f.moderatorB)
        #expect(decided.status == .overturned)
        #expect(try balance(f, f.neighbour.memberID) == 0, "the overturned compensation's 30 points go back to the member")
    }

    /// One resident files the same complaint about a neighbour five times in a day (allowed: the
    /// reports join one case, up to `reports_per_reporter_per_day`). The case is upheld with a mere
    /// warning, and the neighbour's credit score counts five upheld reports: 5 × -8 = -40, from
    /// 60-ish to ~20, dropping credit levels — for one incident seen by one person. The reporter is
    /// rewarded once per case (distinct reporters), and ratings count once per rater; the credit
    /// penalty should likewise count one upheld report per reporter per case.
    @Test func oneReporterRepeatingAComplaintCountsOnce() throws {
        let f = try ListingFixture()
        var caseID: CaseID?
        for attempt in 1...5 {
            caseID = try f.fileReport(about: f.neighbour.memberID, as: f.resident, text: "同一件事，第\(attempt)次提交").id
        }
        _ = try f.claimAndResolve(try #require(caseID), [.init(kind: .warn)], as: f.moderatorA)
        let score = try f.base.database.readSync { db in
            try TrustQueries.creditScore(db, community: f.neighbour.communityID, member: f.neighbour.memberID, now: f.clock.now(),
                                         rules: ActiveRules())
        }
        let upheld = try #require(score.components.first { $0.key == .upheldReports })
        #expect(upheld.input.description == "1.00", "one reporter, one case: one upheld report (now \(upheld.input))")
        #expect(upheld.contribution.description == "-8.00")
    }

    /// Moderator A orders the offender to compensate moderator B (allowed: only the deciding
    /// moderator may not be compensated). The offender appeals, and moderator B — the very person
    /// who received the 30 points — decides the appeal and upholds the compensation to themselves.
    /// `AppealCommands.decide` checks only that the decider did not take the action and is not its
    /// target. The README forbids "a compensation to themselves" in the cases routes; the
    /// compensated victim deciding whether they keep the points should be refused (403, e.g.
    /// `ledger.own_account`), leaving the appeal to an uninvolved moderator or admin.
    @Test func compensatedModeratorCannotDecideTheAppealOfTheirCompensation() throws {
        let f = try ListingFixture()
        let moderationCase = try f.fileReport(about: f.neighbour.memberID, as: f.moderatorB, text: "借走的工具弄坏了")
        let action = try f.claimAndResolve(moderationCase.id, [.init(kind: .compensate, points: 30, victimID: f.moderatorB.memberID)], as: f.moderatorA)[0]
        let filed = try f.fileAppeal(action.id, as: f.neighbour)
        #expect(throws: DomainError.self, "the compensated moderator may not decide the appeal of their own compensation") {
            try f.store.transactionSync { tx in
                try AppealCommands.decide(tx, principal: f.moderatorB, id: filed.id, overturn: false, reason: "维持", limits: .standard, listings: f.services,
                                          actor: .member(f.moderatorB, requestID: nil))
            }
        }
    }
}
