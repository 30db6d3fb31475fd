import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing
@testable import LinliStore

/// A moderator's decision never pays the moderator (`ledger.own_account`), however the case came
/// to them.
@Suite struct CaseSelfDealingTests {
    let policies = TrustPolicies()

    /// `ledger.own_account` promises that staff tools never touch the staff member's own points,
    /// and is enforced on rewards, adjustments and reversals only. A moderator can still pay
    /// themselves through a case: they report a neighbour (anyone may), claim the case (only the
    /// target may not) and resolve it upheld with a `compensate` action naming themselves the
    /// victim — the neighbour's points move to the moderator — and `rewardReporters` grants them
    /// the upheld-report reward as well (posted with a nil principal, so the reward guard never
    /// sees it). Expected: a compensation to the resolving moderator is refused with 403
    /// `ledger.own_account` (and a moderator does not collect the reward of a case they decide).
    @Test func aModeratorCannotCompensateThemselvesThroughACase() throws {
        let f = try ListingFixture()
        let moderator = f.moderatorA
        let filed = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: moderator,
                input: ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .notAsDescribed, text: "借给他的电钻坏了"),
                policies: policies)
        }
        let caseID = filed.moderationCase.id
        let attempt = {
            try f.store.transactionSync { tx in
                _ = try CaseCommands.claim(tx, principal: moderator, id: caseID, leaseSeconds: 900, actor: .member(moderator, requestID: nil))
                return try CaseCommands.resolve(
                    tx, principal: moderator, id: caseID,
                    input: CaseResolutionInput(actions: [.init(kind: .compensate, points: 30, victimID: moderator.memberID)], reason: "核实属实"),
                    policies: policies, services: f.services, limits: .standard, actor: .member(moderator, requestID: nil))
            }
        }
        let refused = #expect(throws: DomainError.self) { _ = try attempt() }
        #expect(refused?.code == "ledger.own_account")
        let balance = try f.base.database.readSync { db in
            try LedgerAccounts.member(db, community: moderator.communityID, member: moderator.memberID).balance
        }
        #expect(balance == 0, "the moderator paid themselves \(balance) points through their own decision")
    }

    /// Session-17 moderation walk: `victim_id` could be any member, so a moderator could move the
    /// offender's points to anyone under the name of compensation. The victim must have reported
    /// the case or had an exchange with the offender.
    @Test func aCompensationGoesOnlyToSomeoneTheCaseConcerns() throws {
        let f = try ListingFixture()
        let filed = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: f.resident,
                input: ReportInput(targetType: .member, targetID: f.neighbour.memberID.rawValue, category: .notAsDescribed, text: "借给他的电钻坏了"),
                policies: policies)
        }
        func resolve(victim: MemberID) throws {
            try f.store.transactionSync { tx in
                _ = try CaseCommands.claim(tx, principal: f.moderatorA, id: filed.moderationCase.id, leaseSeconds: 900, actor: .member(f.moderatorA, requestID: nil))
                _ = try CaseCommands.resolve(
                    tx, principal: f.moderatorA, id: filed.moderationCase.id,
                    input: CaseResolutionInput(actions: [.init(kind: .compensate, points: 20, victimID: victim)], reason: "核实属实"),
                    policies: policies, services: f.services, limits: .standard, actor: .member(f.moderatorA, requestID: nil))
            }
        }
        let refused = #expect(throws: DomainError.self) { try resolve(victim: f.staff.memberID) }
        #expect(refused?.fieldIssues.first?.parameters["reason"] == "case.victim_unrelated", "\(String(describing: refused))")
        try resolve(victim: f.resident.memberID)
        let balance = try f.base.database.readSync { db in
            try LedgerAccounts.member(db, community: f.resident.communityID, member: f.resident.memberID).balance
        }
        #expect(balance >= 20, "the reporter was compensated")
    }
}
