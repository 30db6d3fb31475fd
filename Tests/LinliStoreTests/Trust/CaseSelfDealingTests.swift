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
    /// and is enforced on rewards, adjustments and reversals only. A moderator could still pay
    /// themselves through a case: they report a neighbour (anyone may), claim the case (only the
    /// target may not) and resolve it upheld with a `compensate` action naming themselves the
    /// victim — the neighbour's points move to the moderator. Since session 20 a moderator who
    /// reported the case does not decide it at all (403 `case.own_report`); one who only traded
    /// with the member reported (which also makes them a possible victim) is refused the
    /// compensation to themselves with 403 `ledger.own_account`.
    @Test func aModeratorCannotCompensateThemselvesThroughACase() throws {
        let f = try ExchangeFixture()
        let moderator = f.moderator
        func compensateThemselves(_ caseID: CaseID) -> String? {
            ExchangeFixture.errorCode {
                _ = try f.store.transactionSync { tx in
                    _ = try CaseCommands.claim(tx, principal: moderator, id: caseID, leaseSeconds: 900, actor: f.actor(moderator))
                    return try CaseCommands.resolve(
                        tx, principal: moderator, id: caseID,
                        input: CaseResolutionInput(actions: [.init(kind: .compensate, points: 30, victimID: moderator.memberID)], reason: "核实属实"),
                        policies: policies, services: f.listings.services, limits: .standard, actor: f.actor(moderator))
                }
            }
        }
        // Their own report: they do not decide it.
        let reported = try f.listings.fileReport(about: f.neighbour.memberID, as: moderator, text: "借给他的电钻坏了").id
        #expect(compensateThemselves(reported) == "case.own_report")
        // A case the neighbour filed about the resident, with whom the moderator traded.
        _ = try f.complete(try f.accept(try f.request(try f.offer(), as: moderator)).exchange, as: moderator)
        let traded = try f.listings.fileReport(about: f.resident.memberID, as: f.neighbour).id
        let before = try f.balance(moderator.memberID)
        #expect(compensateThemselves(traded) == "ledger.own_account")
        #expect(try f.balance(moderator.memberID) == before, "the moderator paid themselves through their own decision")
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

    /// Helper 128: a request withdrawn before it was accepted made its requester someone a
    /// compensation could go to (any neighbour could qualify by requesting one of the offender's
    /// listings). Now the exchange must have been accepted; the error points at the victim field.
    @Test func aRequestNeverAcceptedDoesNotMakeAVictim() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        _ = try f.cancel(try f.request(listing), as: f.neighbour)
        let id = try f.listings.fileReport(about: f.resident.memberID, as: f.staff).id
        let refused = #expect(throws: DomainError.self) {
            try f.listings.claimAndResolve(id, [.init(kind: .compensate, points: 10, victimID: f.neighbour.memberID)], as: f.moderator)
        }
        #expect(refused?.fieldIssues.first?.parameters["reason"] == "case.victim_unrelated", "\(String(describing: refused))")
        #expect(refused?.fieldIssues.first?.pointer == "/actions/0/victim_id")
        _ = try f.accept(try f.request(listing))
        let actions = try f.listings.claimAndResolve(id, [.init(kind: .compensate, points: 10, victimID: f.neighbour.memberID)], as: f.moderator)
        #expect(actions.count == 1, "an accepted exchange makes her someone the case concerns")
    }
}
