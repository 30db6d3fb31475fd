import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
import Testing
@testable import LinliStore

/// A member's standing after an overturned appeal, signals a moderator may not dismiss, and a
/// correction's limits (review 8c, over a real database): each test failed on the code it was
/// written against, for the reason its comment gives.
@Suite("Standing after appeals")
struct StandingAfterAppealTests {
    let policies = TrustPolicies()

    func appealAndOverturn(_ f: ListingFixture, _ action: CaseActionID, appellant: Principal, decider: Principal) throws {
        try f.overturnAppeal(try f.fileAppeal(action, as: appellant).id, as: decider)
    }

    func setStatus(_ f: ListingFixture, _ member: MemberID, _ input: StatusChangeInput) throws {
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.admin, id: member, input: input, expectedVersion: nil, actor: .member(f.admin, requestID: nil))
        }
    }

    /// Case 1 suspends a neighbour for 30 days; an admin reinstates them the next day by hand
    /// (`PUT /v1/members/{id}/status` active: the suspension was too harsh). Weeks later case 2
    /// suspends them for 2 days, and their appeal against that suspension succeeds. Now
    /// `AppealCommands.restoreStatus` rebuilds the status from the case actions still standing,
    /// finds case 1's 30 days "still running" and suspends the member again until then: winning
    /// the appeal leaves them suspended for three more weeks, re-imposing a suspension the admin
    /// had lifted. Overturning case 2's suspension should only lift case 2's suspension: the member
    /// is active again.
    @Test func overturnDoesNotReimposeASuspensionAnAdminLifted() throws {
        let f = try ListingFixture()
        let first = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        _ = try f.claimAndResolve(first.id, [.init(kind: .suspend, days: 30)], as: f.moderatorA)
        f.clock.advance(by: 86_400)
        try setStatus(f, f.neighbour.memberID, StatusChangeInput(status: .active, reason: "处罚过重，提前恢复", until: nil))
        #expect(try f.storedMember(f.neighbour.memberID).status == .active)

        f.clock.advance(by: 5 * 86_400)
        let second = try f.fileReport(about: f.neighbour.memberID, as: f.staff, text: "又在楼道里大声喧哗")
        let suspension = try f.claimAndResolve(second.id, [.init(kind: .suspend, days: 2)], as: f.moderatorA)[0]
        try appealAndOverturn(f, suspension.id, appellant: f.neighbour, decider: f.moderatorB)

        let after = try f.storedMember(f.neighbour.memberID)
        #expect(after.status == .active,
                "the only suspension in force was the overturned one; now \(after.status) until \(String(describing: after.suspendedUntil))")
    }

    /// Case 1 suspends a neighbour for 3 days. The same day an admin, for a separate matter,
    /// suspends them by hand until further notice (`PUT /v1/members/{id}/status` suspended without
    /// `until`). The neighbour's appeal against case 1's 3-day suspension succeeds, and
    /// `restoreStatus` sees no other case action standing and sets them `active`: the admin's
    /// open-ended suspension, which the appeal was never about, is gone. The README promises "a
    /// longer suspension stays in force"; the admin's suspension should stay.
    @Test func overturnKeepsALongerSuspensionAnAdminImposed() throws {
        let f = try ListingFixture()
        let first = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let suspension = try f.claimAndResolve(first.id, [.init(kind: .suspend, days: 3)], as: f.moderatorA)[0]
        f.clock.advance(by: 3600)
        try setStatus(f, f.neighbour.memberID, StatusChangeInput(status: .suspended, reason: "涉嫌冒用他人身份，待核查", until: nil))

        try appealAndOverturn(f, suspension.id, appellant: f.neighbour, decider: f.moderatorB)

        let after = try f.storedMember(f.neighbour.memberID)
        #expect(after.status == .suspended && after.suspendedUntil == nil,
                "the admin's open-ended suspension is not the overturned action; now \(after.status)")
    }

    /// A ring signal names a neighbour and moderator A together (score 90 ≥ the freeze threshold
    /// 80): a case about each of them freezes their holds. Moderator A may not dismiss that signal
    /// (`POST /v1/fraud-signals/{id}/dismissal` answers 403 `case.own`), but may claim the
    /// neighbour's case and resolve it as dismissed — and the resolution dismisses every open
    /// signal about the neighbour (`FraudSignalCommands.dismissAll`), the one naming moderator A
    /// included, in moderator A's name. The dismissed evidence never fires again and moderator A's
    /// own pressure drops. A signal naming the deciding moderator should stay open (or the
    /// resolution be refused).
    @Test func resolvingACaseDoesNotDismissASignalNamingTheModerator() throws {
        let f = try ListingFixture()
        let ring = FraudSignal(
            type: .ring, score: 90, subjects: [f.neighbour.memberID, f.moderatorA.memberID],
            evidence: SignalEvidence(exchanges: ["trf_ring_1"]), at: f.clock.now(), explanationZH: "互刷积分", explanationEN: "ring")
        let stored = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(tx, community: f.resident.communityID, signals: [ring], freezeAtScore: 80)
        }
        let signalID = try #require(stored.first?.id)
        let caseID = try f.base.database.readSync { db in
            try String.fetchOne(
                db, sql: "SELECT id FROM trust_cases WHERE target_member_id = ? AND status = 'open'",
                arguments: [f.neighbour.memberID.rawValue])
        }
        let neighbourCase = CaseID(trusted: try #require(caseID))

        // Directly, moderator A is refused.
        #expect(throws: DomainError(code: "case.own", category: .forbidden)) {
            try f.store.transactionSync { tx in
                try FraudSignalCommands.dismiss(
                    tx, principal: f.moderatorA, id: signalID, reason: "误报", actor: .member(f.moderatorA, requestID: nil))
            }
        }
        // Through the neighbour's case, the same signal is dismissed in moderator A's name.
        _ = try? f.claimAndResolve(neighbourCase, [.init(kind: .dismiss)], as: f.moderatorA)
        let row = try f.base.database.readSync { db in
            try Row.fetchOne(db, sql: "SELECT status, dismissed_by FROM fraud_signals WHERE id = ?", arguments: [signalID.rawValue])
        }
        let dismissedBy: String? = row?["dismissed_by"]
        #expect(dismissedBy != f.moderatorA.memberID.rawValue,
                "a signal naming moderator A was dismissed by moderator A (status \(String(describing: row?["status"] as String?)))")
    }

    /// A 40-character title was within the rule file's `title_max_length: 40` when the listing was
    /// submitted. While it waits in the queue, a new rule version lowers the limit to 20. The
    /// moderator who claims it finds the declared cost inflated and corrects it: the correction is
    /// refused 422 at `/title` (`ListingRuleLimits.check` runs over the whole listing, not the
    /// corrected fields), a field the correction body cannot even carry. The moderator can approve
    /// the listing at the inflated price but cannot correct the price. The limits should hold for
    /// the figures the moderator corrects, not for untouched text.
    @Test func correctionIsNotRefusedForAnUntouchedTitle() throws {
        let f = try ListingFixture()
        let title = String(repeating: "长", count: 40)
        let review = try #require(try f.post(ListingFixture.item(title, cost: "8000.00")).review)
        _ = try f.claim(review.id, as: f.moderatorA)
        _ = try f.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: f.admin.communityID,
                source: RulesDrivenListingTests.candidate(itemRate: "0.10", replacing: [("title_max_length: 40", "title_max_length: 20")]),
                principal: f.admin, actor: .member(f.admin, requestID: nil), activate: true)
        }
        let corrected = try f.store.transactionSync { tx in
            try ReviewCommands.correctValuation(
                tx, principal: f.moderatorA, id: review.id,
                correction: ValuationCorrection(declaredCost: "200", reason: "同款新品售价约 200 元"), expectedVersion: nil,
                services: f.services, actor: .member(f.moderatorA, requestID: nil))
        }
        #expect(corrected.content.declaredCost == "200.00")
    }
}
