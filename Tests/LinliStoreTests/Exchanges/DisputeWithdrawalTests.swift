import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

/// Withdrawing a dispute: only its opener, only while disputed; the hold is held again and
/// automatic confirmation resumes at the original moment or, when that has passed, after the grace.
@Suite struct DisputeWithdrawalTests {
    func candidates(_ f: ExchangeFixture) throws -> [ExchangeID] {
        try f.base.database.readSync { db in try ExchangeCompletionCommands.candidates(db, now: f.clock.now()).map(\.1) }
    }

    @Test func onlyTheOpenerWithdrawsAndTheOriginalScheduleStands() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let disputed = try f.dispute(try f.accept(try f.request(listing)).exchange)  // the payer (neighbour) disputes
        // The other party and a moderator cannot drop someone else's dispute.
        #expect(throws: DomainError(code: "exchange.not_dispute_opener", category: .forbidden, parameters: ["disputed_by": f.neighbour.memberID.rawValue])) {
            try f.withdrawDispute(disputed, as: f.resident)
        }
        #expect(throws: DomainError.self) { try f.withdrawDispute(disputed, as: f.moderator) }
        let withdrawn = try f.withdrawDispute(disputed)
        #expect(withdrawn.state == .accepted)
        #expect(withdrawn.disputedBy == nil && withdrawn.disputeReason == nil && withdrawn.disputedAt == nil)
        #expect(withdrawn.autoConfirmResumeAt == nil)  // the original moment is still ahead
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state = 'held'") == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.dispute_withdrawn'") == 1)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'ledger.hold_unfrozen'") == 1)
        #expect(try f.listings.events("exchange.dispute_withdrawn").count == 1)
        // The owner, told of the dispute, hears it was withdrawn (helper 105).
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM member_notifications WHERE member_id = ? AND kind = 'exchange_disputed'", [f.resident.memberID.rawValue]) == 1)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM member_notifications WHERE member_id = ? AND kind = 'exchange_dispute_withdrawn'", [f.resident.memberID.rawValue]) == 1)
        // Withdrawing again: it is no longer disputed.
        #expect(throws: DomainError.self) { try f.withdrawDispute(withdrawn) }
        // Her dispute said the two met: she records no no-show after it (helper 112: the payer
        // was refunded in full and the provider penalised), though a moderator still may.
        f.clock.advance(by: 3 * 3600)  // past the start and the no-show grace
        #expect(throws: DomainError(code: "exchange.disputed_before", category: .conflict, parameters: ["exchange_id": withdrawn.id.rawValue])) {
            try f.noShow(withdrawn, as: f.neighbour)
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds WHERE state = 'held'") == 1)
        // Automatic confirmation at the original moment: scheduled end (+2 h) + 72 h (3 h gone above).
        f.clock.advance(by: 70 * 3600)
        #expect(try f.autoConfirm(withdrawn) == nil)
        f.clock.advance(by: 1 * 3600)
        #expect(try f.autoConfirm(withdrawn)?.exchange.state == .completed)
        #expect(try f.balance(f.resident.memberID) == 20)
        #expect(try f.verify().isClean)
    }

    /// Helper 168 #4: a provider who did not come opened a dispute and withdrew it, and the
    /// payer's no-show report was then refused as "disputed before". Only the reporter's own
    /// dispute refuses it; the absent provider is penalised and may contest.
    @Test func theOtherSidesWithdrawnDisputeDoesNotStopANoShowReport() throws {
        let f = try ExchangeFixture()
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange, as: f.resident)  // the provider disputes
        let withdrawn = try f.withdrawDispute(disputed, as: f.resident)
        f.clock.advance(by: 3 * 3600)  // past the start and the no-show grace
        #expect(throws: DomainError(code: "exchange.disputed_before", category: .conflict, parameters: ["exchange_id": withdrawn.id.rawValue])) {
            try f.noShow(withdrawn, as: f.resident)
        }
        let recorded = try f.noShow(withdrawn, as: f.neighbour)
        #expect(recorded.state == .noShow)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.balance(f.resident.memberID) == -ExchangeRules.standard.noShowPenaltyPoints)
        #expect(try f.verify().isClean)
    }

    @Test func afterTheOriginalMomentConfirmationWaitsTheGrace() throws {
        let f = try ExchangeFixture()
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange, as: f.resident)  // the provider disputes
        f.clock.advance(by: 100 * 3600)  // past scheduled end + 72 h
        let withdrawn = try f.withdrawDispute(disputed, as: f.resident)
        #expect(withdrawn.autoConfirmResumeAt == f.clock.now().addingTimeInterval(24 * 3600))
        #expect(try f.autoConfirm(withdrawn) == nil)
        #expect(try candidates(f).isEmpty)  // not due: it does not take a place in the scheduler's batch
        f.clock.advance(by: 24 * 3600)
        #expect(try candidates(f) == [withdrawn.id])
        #expect(try f.autoConfirm(withdrawn)?.exchange.state == .completed)
        #expect(try f.verify().isClean)
    }

    /// The grace comes from the rule file's exchange section.
    @Test func graceFollowsTheRules() throws {
        let rules = ExchangeRules(
            autoConfirmAfterHours: 72, noShowPenaltyPoints: 5, maxOpenPerMember: 5, recomputeTimeFromActualHours: true,
            disputeWithdrawalGraceHours: 6)
        let f = try ExchangeFixture(rules: rules)
        let disputed = try f.dispute(try f.accept(try f.request(try f.offer())).exchange)
        f.clock.advance(by: 80 * 3600)
        let withdrawn = try f.withdrawDispute(disputed)
        #expect(withdrawn.autoConfirmResumeAt == f.clock.now().addingTimeInterval(6 * 3600))
        // A party can dispute again, and complete or cancel as from any accepted exchange.
        #expect(try f.dispute(withdrawn).state == .disputed)
    }

    @Test func onlyADisputedExchangeCanBeWithdrawn() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        #expect(throws: DomainError(
            code: "exchange.invalid_transition", category: .conflict,
            parameters: ["current_state": "accepted", "event": "withdraw_dispute"])) { try f.withdrawDispute(accepted) }
        let resolved = try f.resolve(try f.dispute(accepted), ExchangeResolutionInput(outcome: .refund, note: "无法使用"))
        #expect(throws: DomainError.self) { try f.withdrawDispute(resolved) }
    }
}
