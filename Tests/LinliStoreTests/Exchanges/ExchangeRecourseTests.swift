import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust
import Testing
@testable import LinliStore

/// Recourse that must stay consistent (found by a second review in session 7, each fixed):
/// confirming the booked time is never worse than staying silent, an overturned no-show pays what
/// silence would have paid, and a freeze cannot eat the confirmation period. Unless named
/// otherwise the neighbour pays and the resident provides (an offer of the resident's).
@Suite struct ExchangeRecourseTests {
    let policies = TrustPolicies()

    /// Without a provider's report, the payer's confirmation may not go below the *listing's*
    /// duration (`ExchangeMinutes.agreed(reported: nil, listed:)`), while an exchange nobody
    /// confirms settles on the *scheduled window* when that is shorter
    /// (`ExchangeMinutes.automatic`). A 120-minute listing booked for a 60-minute slot: the payer
    /// who confirms the 60 minutes that were agreed and took place gets 409
    /// `exchange.minutes_below_agreed` ("agreed 120 minutes") and can only confirm 120 minutes and
    /// pay the whole hold (20 points), whereas a payer who stays silent is confirmed automatically
    /// at 60 minutes and pays 10. Confirming honestly costs more than ignoring the exchange (and
    /// before today the payer could confirm 60). Expected: without a report the floor is what an
    /// unconfirmed exchange settles on, `min(scheduled window, listed duration)`, so confirming
    /// the scheduled 60 minutes completes and pays what automatic confirmation pays.
    @Test func payerCanConfirmTheScheduledWindowThatSilenceWouldSettleOn() throws {
        let f = try ExchangeFixture()
        // Both booked for a one-hour slot on a two-hour listing, one after the other (one helper
        // is not booked twice for the same hour): 20 points held each.
        let silent = try f.accept(try f.request(try f.timeListing(minutes: 120))).exchange
        let confirming = try f.accept(
            try f.request(try f.timeListing(minutes: 120), start: f.clock.now().addingTimeInterval(2 * 3600))).exchange
        #expect(silent.points == 20 && confirming.points == 20)

        f.clock.advance(by: 2 * 3600 + 72 * 3600)
        let automatic = try #require(try f.autoConfirm(silent))
        #expect(automatic.exchange.actualMinutes == 60 && automatic.exchange.settledPoints == 10)

        do {
            let done = try f.complete(confirming, minutes: 60)
            #expect(done.state == .completed)
            #expect(done.settledPoints == automatic.exchange.settledPoints, "confirming pays more than staying silent")
        } catch {
            Issue.record("the payer confirming the scheduled 60 minutes was refused: \(error)")
        }
        #expect(try f.verify().isClean)
    }

    /// An overturned no-show that names the provider absent pays the provider the whole hold
    /// (`payProvider` posts `exchange.points`), although the minutes it records are
    /// `unconfirmedMinutes` — here the provider's own report of 30 minutes of a 60-minute
    /// service. The provider reported 30 minutes, the payer wrongly reported them absent, a
    /// moderator overturned: the provider is credited 30 minutes served but paid the 60-minute
    /// value, more than they claimed and more than automatic confirmation or the payer's
    /// confirmation of their report would pay; the payer has no recourse against a moderator's
    /// decision. (docs/exchanges.md also says the hours served are "the scheduled window", which
    /// the code no longer does.) Expected: the overturn pays what the exchange would have settled
    /// on had it not been reported (re-priced from the same minutes, as `finish` does), so a
    /// shorter report pays less than the hold.
    @Test func overturnedNoShowPaysNoMoreThanTheProvidersOwnReport() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(minutes: 60))).exchange
        #expect(accepted.points == 10)
        f.clock.advance(by: 2 * 3600)
        let reported = try f.reportMinutes(accepted, 30)
        let ended = try f.noShow(reported, as: f.neighbour)
        #expect(ended.absentMember == f.resident.memberID)
        _ = try f.contest(ended, as: f.resident)
        let decided = try f.decideContest(ended, .overturned)
        #expect(decided.settlementTransferID != nil)

        #expect(try f.account(f.resident.memberID).minutesServed == 30)
        let paid = try f.balance(f.resident.memberID)  // penalty charged and reversed: only the payment remains
        #expect(paid < accepted.points, "paid the full \(accepted.points) points for the 30 minutes the provider reported")
        #expect(try f.verify().isClean)
    }

    /// A fraud-signal freeze refuses a no-show (`ExchangeFreezes.refused`), and since today a
    /// no-show is refused once the confirmation period is over. A freeze that outlasts the period
    /// (the moderator takes longer than 72 h) therefore takes the no-show away from the payer for
    /// good: while frozen, 409 `exchange.frozen`; once the case is dismissed and the freeze
    /// lifted, 409 `exchange.confirmation_period_over` — and the exchange is due for automatic
    /// confirmation at once, paying a provider who did not turn up. The unfreeze message even
    /// says the exchange "can be completed or cancelled as usual". A withdrawn dispute gets
    /// `dispute_withdrawal_grace_hours` for exactly this reason; a lifted freeze gets nothing.
    /// Expected: when a freeze is lifted after the confirmation period, the period is extended
    /// (e.g. `auto_confirm_resume_at` = lift + grace), so the payer can still report the no-show.
    @Test func aFreezeOutlastingTheConfirmationPeriodStillAllowsTheNoShow() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        let caseID = try flagResident(f)
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_freezes WHERE lifted_at IS NULL") == 1)

        // The provider does not turn up; the payer cannot say so while the points are frozen.
        f.clock.advance(by: 2 * 3600)
        #expect((#expect(throws: DomainError.self) { try f.noShow(accepted, as: f.neighbour) })?.code == "exchange.frozen")

        // The moderator dismisses the case four days later.
        f.clock.advance(by: 96 * 3600)
        try dismiss(caseID, f)
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_freezes WHERE lifted_at IS NULL") == 0)

        do {
            let ended = try f.noShow(accepted, as: f.neighbour)
            #expect(ended.state == .noShow)
        } catch {
            Issue.record("the payer could never report the no-show: frozen during the whole period, then \(error)")
        }
        #expect(try f.verify().isClean)
    }

    /// Session 24 review: a side under a fraud-signal case could have the frozen points released
    /// by disputing and having another moderator resolve the dispute, and a dispute opened before
    /// the case was not frozen at all. Both wait for the case now.
    @Test func aDisputeIsNotResolvedWhileTheCaseHoldsThePoints() throws {
        let f = try ExchangeFixture()
        let early = try f.dispute(try f.accept(try f.request(try f.offer("电钻"))).exchange)
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        let caseID = try flagResident(f)
        #expect(try f.base.count("SELECT COUNT(*) FROM exchange_freezes WHERE lifted_at IS NULL") == 2)
        let disputed = try f.dispute(accepted)
        let moderatorB = f.listings.moderatorB
        for exchange in [early, disputed] {
            let refused = #expect(throws: DomainError.self) {
                try f.resolve(exchange, ExchangeResolutionInput(outcome: .refund, note: "无法使用"), as: moderatorB)
            }
            #expect(refused?.code == "exchange.frozen")
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM exchanges WHERE state = 'disputed'") == 2)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state = 'frozen'") == 2)

        try dismiss(caseID, f)
        for exchange in [early, disputed] {
            #expect(try f.resolve(exchange, ExchangeResolutionInput(outcome: .refund, note: "无法使用"), as: moderatorB).state == .resolved)
        }
        #expect(try f.verify().isClean)
    }

    /// Session 25 review: an overturned no-show contest reverses the penalty and may make the payer
    /// pay the provider: the same route around a freeze as a dispute's resolution. It waits for
    /// the case too, and the unfreeze notice of a disputed exchange says a moderator may decide it.
    @Test func aContestIsNotOverturnedWhileTheCaseHoldsThePoints() throws {
        let f = try ExchangeFixture()
        let ended = try f.reportedNoShow()
        _ = try f.contest(ended, as: f.resident)
        let caseID = try flagResident(f)
        let refused = #expect(throws: DomainError.self) { try f.decideContest(ended, .overturned, as: f.listings.moderatorB) }
        #expect(refused?.code == "exchange.frozen" && refused?.parameters["case_id"] == caseID.rawValue)
        #expect(try f.balance(f.resident.memberID) == -5, "the penalty stays until the case is decided")
        try dismiss(caseID, f)
        #expect(try f.decideContest(ended, .overturned, as: f.listings.moderatorB).state == .overturned)
        #expect(try f.balance(f.resident.memberID) == ended.points)
        #expect(try f.verify().isClean)
    }

    @Test func theUnfreezeNoticeOfADisputeSaysAModeratorMayDecideIt() throws {
        let f = try ExchangeFixture()
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange)
        try dismiss(try flagResident(f), f)
        let notices = try f.base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT parameters_json FROM member_notifications WHERE kind = 'exchange_unfrozen' AND subject = ?",
                                arguments: ["exchange:\(disputed.id)"])
        }
        #expect(notices.count == 2 && notices.allSatisfy { $0.contains(#""state":"disputed""#) })
        let notice = MemberNotification(
            id: NotificationID(trusted: "ntf_1"), communityID: f.resident.communityID, memberID: f.resident.memberID, kind: .exchangeUnfrozen,
            subject: "exchange:\(disputed.id)", parameters: ["exchange_id": disputed.id.rawValue, "state": "disputed"],
            createdAt: f.clock.now(), readAt: nil)
        #expect(notice.text(in: .en).contains("decide its dispute") && notice.text(in: .zhCN).contains("处理这次纠纷"))
    }

    /// A fraud-signal ring case against the resident, at a score that freezes her exchanges' points.
    func flagResident(_ f: ExchangeFixture) throws -> CaseID {
        _ = try f.store.transactionSync { tx in
            try FraudSignalCommands.record(
                tx, community: f.resident.communityID,
                signals: [
                    FraudSignal(
                        type: .ring, score: 100, subjects: [f.resident.memberID], evidence: SignalEvidence(exchanges: ["trf_1"]),
                        at: f.clock.now(), explanationZH: "测试", explanationEN: "test")
                ],
                freezeAtScore: 80)
        }
        return CaseID(trusted: try f.base.database.readSync { db in try String.fetchOne(db, sql: "SELECT id FROM trust_cases")! })
    }

    /// The moderator claims and dismisses the case, which lifts its freezes.
    func dismiss(_ caseID: CaseID, _ f: ExchangeFixture) throws {
        let moderator = f.moderator
        _ = try f.store.transactionSync { tx in
            _ = try CaseCommands.claim(tx, principal: moderator, id: caseID, leaseSeconds: 900, actor: .member(moderator, requestID: nil))
            return try CaseCommands.resolve(
                tx, principal: moderator, id: caseID, input: CaseResolutionInput(actions: [.init(kind: .dismiss)], reason: "未发现异常"),
                policies: policies, services: f.listings.services, limits: .standard, actor: .member(moderator, requestID: nil))
        }
    }
}
