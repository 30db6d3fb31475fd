import Foundation
import GRDB
import LinliDomain
import LinliStore
import Testing

/// Review 7: defects found in the exchange life cycle and the points ledger. Each test fails on
/// the code under review and states the expected behaviour. Unless named otherwise, the neighbour
/// pays and the resident provides (an offer of the resident's).
@Suite struct ReviewFindings7Tests {
    func autoConfirm(_ f: ExchangeFixture, _ exchange: Exchange) throws -> ExchangeOutcome? {
        try f.store.transactionSync { tx in
            try ExchangeCompletionCommands.autoConfirm(tx, community: f.resident.communityID, id: exchange.id, services: f.services)
        }
    }

    /// The neighbour requests `listing` for the window `start ..< start + minutes`.
    func request(_ f: ExchangeFixture, _ listing: Listing, start: Date, minutes: Int) throws -> Exchange {
        try f.store.transactionSync { tx in
            try ExchangeCommands.request(
                tx, principal: f.neighbour,
                input: ExchangeRequestInput(
                    listingID: listing.id, scheduledStart: start, scheduledEnd: start.addingTimeInterval(TimeInterval(minutes) * 60)),
                services: f.services, actor: f.actor(f.neighbour))
        }.exchange
    }

    /// An admin who already reversed a no-show penalty (`POST /v1/ledger/transfers/{id}/reversal`,
    /// e.g. on the member's complaint at the station) makes the no-show contest impossible to
    /// overturn: `decide` calls `LedgerCorrectionCommands.reverse` unconditionally, which answers
    /// 409 `ledger.already_reversed`, and the whole decision rolls back — the no-show mark is never
    /// voided and the provider wrongly named absent is never paid the held points. Expected: an
    /// overturn whose penalty is already reversed records that reversal and goes on (mark voided,
    /// provider paid), leaving the ledger clean.
    @Test func overturnStillPaysWhenThePenaltyWasAlreadyReversed() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: 2 * 3600)
        let ended = try f.noShow(accepted, as: f.neighbour)
        let contest = try f.contest(ended, as: f.resident)
        let penalty = try #require(contest.penaltyTransferID)
        let admin = f.listings.admin
        let adminReversal = try f.store.transactionSync { tx in
            try LedgerCorrectionCommands.reverse(
                tx, community: admin.communityID, principal: admin, transfer: penalty, input: ReversalInput(reason: "居民到服务站申诉，先退回罚分"),
                idempotencyKey: "admin-reversal-1", actor: f.actor(admin), limits: .standard)
        }.transfer
        #expect(try f.balance(f.resident.memberID) == 0)

        let decided: NoShowContest
        do {
            decided = try f.decideContest(ended, .overturned)
        } catch {
            Issue.record("overturning the contest was refused: \(error)")
            return
        }
        #expect(decided.state == .overturned)
        #expect(decided.reversalTransferID == adminReversal.id)
        #expect(decided.settlementTransferID != nil)
        #expect(try f.balance(f.resident.memberID) == ended.points)
        #expect(try f.base.count("SELECT COUNT(*) FROM member_exchange_marks WHERE kind = 'no_show' AND voided_at IS NULL") == 0)
        #expect(try f.verify().isClean)
    }

    /// An overturned no-show in which the provider was wrongly named absent pays the provider the
    /// held points because "the service the hold was for took place" — but the listing the no-show
    /// published again stays `published`. The item (or the one-off service) is paid for and still
    /// on offer: the owner accepts another neighbour and is paid a second time for the same thing
    /// (and requests waiting on it are never declined). Expected: the overturn ends the listing as
    /// a completion would (`exchanged`, waiting requests declined), so a second exchange of it is
    /// refused with `exchange.listing_unavailable`.
    @Test func overturnedNoShowLeavesThePaidListingOnOffer() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let accepted = try f.accept(try f.request(listing)).exchange
        f.clock.advance(by: 2 * 3600)
        let ended = try f.noShow(accepted, as: f.neighbour)
        #expect(try f.listing(listing.id).status == .published)
        _ = try f.contest(ended, as: f.resident)
        let decided = try f.decideContest(ended, .overturned)
        #expect(decided.settlementTransferID != nil)
        #expect(try f.balance(f.neighbour.memberID) == -ended.points)

        // The payer has paid for the ladder; it must not be sold again.
        #expect(try f.listing(listing.id).status == .exchanged)
        let second = Result { try f.accept(try f.request(listing, as: f.listings.moderatorB), as: f.resident).exchange }
        if case .success(let again) = second {
            let done = try f.complete(again, as: f.listings.moderatorB)
            Issue.record("the same listing was exchanged again after its overturned no-show paid for it: \(done.id)")
            #expect(try f.account(f.resident.memberID).pointsReceived == ended.points)
        }
    }

    /// Station staff may request for a resident (`requester_id`), and nothing stops them doing it
    /// on their own listing: the staff member then accepts as owner, the resident's points are held
    /// to pay the staff member, and automatic confirmation pays them out — the resident is made to
    /// pay the very person who put them into the exchange (the staff member could as well report
    /// them absent and have them penalised). The same conflict of interest is refused elsewhere
    /// (a moderator may not review their own listing, nor resolve an exchange they act in).
    /// Expected: `ExchangeCommands.request` refuses a request made for someone else on a listing
    /// the caller owns (e.g. 403 `exchange.not_your_part` / 409 `exchange.with_self`).
    @Test func staffCannotMakeAResidentPayThem() throws {
        let f = try ExchangeFixture()
        let own = try f.offer("自家的梯子", as: f.staff)
        let attempt = Result { try f.request(own, as: f.staff, for: f.neighbour.memberID) }
        guard case .success(let exchange) = attempt else { return }
        Issue.record("station staff requested their own listing in a resident's name")
        let accepted = try f.accept(exchange, as: f.staff).exchange
        f.clock.advance(by: 80 * 3600)
        _ = try autoConfirm(f, accepted)
        #expect(try f.balance(f.neighbour.memberID) == 0, "the resident paid the staff member who acted for them")
        #expect(try f.balance(f.staff.memberID) == 0)
    }

    /// Acceptance does not look at the schedule: an owner can accept a request whose scheduled
    /// window (and confirmation period) ended days ago. The payer's points are held at once, and
    /// every way out is already closed to them — cancel answers `exchange.cancel_after_start`, a
    /// no-show `exchange.confirmation_period_over` (new in 44a5364) — while the exchange is due for
    /// automatic confirmation on the scheduler's next run (≤ 5 minutes), which pays the provider
    /// for a service that was never arranged to take place. Expected: accepting a request whose
    /// scheduled start has passed is refused with a 409 (the requester proposes a new time), or at
    /// least the confirmation period runs from the acceptance, not from a past scheduled end.
    @Test func aStaleRequestCannotBeAcceptedAndConfirmedAtOnce() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer())
        // The owner answers five days after the requested (one-hour) slot.
        f.clock.advance(by: 5 * 86_400)
        let attempt = Result { try f.accept(requested).exchange }
        guard case .success(let accepted) = attempt else { return }
        Issue.record("a request whose scheduled window ended days ago was accepted")
        // The payer can neither call it off nor say it did not happen...
        #expect(throws: DomainError.self) { try f.cancel(accepted, as: f.neighbour) }
        #expect(throws: DomainError.self) { try f.noShow(accepted, as: f.neighbour) }
        // ...and the very next scheduler run pays the owner.
        let done = try autoConfirm(f, accepted)
        #expect(done == nil, "the exchange was confirmed automatically the moment it was accepted")
        #expect(try f.account(f.resident.memberID).pointsReceived == 0)
    }

    /// A scheduled window may last up to 31 days and `actual_minutes` may be up to 44,640, but
    /// re-pricing a time exchange values the listing at the actual minutes through the rule engine,
    /// which refuses durations over 7 days (`ValuationProgram.maximumScheduleSeconds`). So automatic
    /// confirmation of a time exchange scheduled over more than a week throws 422 at
    /// `/duration_minutes` on every run — the hold never settles by itself, exactly the
    /// "automatic confirmation would fail forever" the settlement rules were written to prevent —
    /// and a payer confirming 10,081 minutes gets a 422 about a field that is not in their body.
    /// Expected: both complete (the value is capped at the hold anyway).
    @Test func longTimeExchangesConfirm() throws {
        let f = try ExchangeFixture()
        let listing = try f.timeListing()
        let eightDays = 8 * 24 * 60
        let exchange = try request(f, listing, start: f.clock.now().addingTimeInterval(3600), minutes: eightDays)
        let accepted = try f.accept(exchange).exchange
        f.clock.advance(by: TimeInterval(eightDays) * 60 + 80 * 3600)
        do {
            let done = try autoConfirm(f, accepted)
            #expect(done?.exchange.state == .completed)
            #expect(done?.exchange.settledPoints == accepted.points)
        } catch {
            Issue.record("automatic confirmation failed: \(error)")
        }

        let other = try f.accept(try f.request(try f.timeListing())).exchange
        f.clock.advance(by: 2 * 3600)
        do {
            let done = try f.complete(other, minutes: 10_081)
            #expect(done.state == .completed && done.settledPoints == other.points)
        } catch {
            Issue.record("confirming 10,081 minutes (allowed up to 44,640) failed: \(error)")
        }
        #expect(try f.verify().isClean)
    }

    /// `recompute_time_from_actual_hours` does nothing for a time listing with a fixed
    /// `start_at`/`end_at`: the rule input takes the window instead of `duration_minutes` whenever
    /// `start_at` is set (`ListingValuationInput.ruleInput`), and `finish` only changes
    /// `durationMinutes`, so value(actual) == value(listed) and the hold is released whole. The
    /// provider reports 30 minutes of a 60-minute service, the payer confirms 30, and pays the full
    /// 60 minutes' points (the same exchange on an availability listing pays half). Expected: the
    /// settlement is scaled as documented (held × value(30 min) ÷ value(60 min)), e.g. by valuing
    /// both durations without the fixed window.
    @Test func fixedTimeListingsAreRepricedFromActualMinutes() throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(3 * 3600)
        let fixed = try f.listings.publish(
            ListingContent(
                direction: .offer, kind: .time, categoryCode: "errands", title: "陪同买菜", description: "周六上午陪同去菜市场", area: "南门",
                startAt: start, endAt: start.addingTimeInterval(3600), durationMinutes: 60, intensity: .light))
        let accepted = try f.accept(try f.request(fixed)).exchange
        f.clock.advance(by: 2 * 3600)
        let reported = try f.reportMinutes(accepted, 30)
        let done = try f.complete(reported, minutes: 30)
        #expect(done.actualMinutes == 30)
        #expect(try f.account(f.resident.memberID).minutesServed == 30)
        #expect(try #require(done.settledPoints) < accepted.points, "30 of 60 minutes paid the whole hold of \(accepted.points)")
    }
}
