import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// Defects a review found in session 7, each fixed: an overturn blocked by an earlier penalty
/// reversal, an overturned no-show leaving the paid listing on offer, staff requesting their own
/// listing for a resident, stale requests accepted and confirmed at once, time exchanges longer
/// than the rules can value, and fixed-window listings never re-priced. Unless named otherwise,
/// the neighbour pays and the resident provides (an offer of the resident's).
@Suite struct ExchangeFairnessTests {
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
        let ended = try f.reportedNoShow()
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
        let ended = try f.reportedNoShow(listing)
        #expect(try f.listing(listing.id).status == .published)
        _ = try f.contest(ended, as: f.resident)
        let decided = try f.decideContest(ended, .overturned)
        #expect(decided.settlementTransferID != nil)
        #expect(try f.balance(f.neighbour.memberID) == -ended.points)

        // The payer has paid for the ladder; it must not be sold again.
        #expect(try f.listing(listing.id).status == .exchanged)
        #expect(throws: DomainError(code: "exchange.listing_unavailable", category: .conflict, parameters: ["current_status": "exchanged"])) {
            try f.request(listing, as: f.listings.moderatorB)
        }
        #expect(try f.account(f.resident.memberID).pointsReceived == ended.points)
        // Reserved at acceptance and again for the overturn, then exchanged: each step audited.
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE target_id = ? AND action = 'listing.reserve'", [listing.id.rawValue]) == 2)
        #expect(try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE target_id = ? AND action = 'listing.complete'", [listing.id.rawValue]) == 1)
        #expect(try f.verify().isClean)
    }

    /// A listing that moved on after the no-show (here reserved by another neighbour's exchange)
    /// is left to that exchange. Since helper 120 the provider is not paid by the first payer for
    /// an item that went to another exchange (completing that one would have paid them twice).
    @Test func overturnLeavesAListingThatMovedOn() throws {
        let f = try ExchangeFixture()
        let listing = try f.offer()
        let ended = try f.reportedNoShow(listing)
        let other = try f.accept(try f.request(listing, as: f.listings.moderatorB), as: f.resident).exchange
        _ = try f.contest(ended, as: f.resident)
        #expect(try f.decideContest(ended, .overturned, as: f.listings.moderatorA).settlementTransferID == nil)
        #expect(try f.listing(listing.id).status == .reserved)
        #expect(try f.cancel(other, as: f.resident).state == .cancelled)
        #expect(try f.verify().isClean)
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
        #expect(throws: DomainError(code: "exchange.proxy_own_listing", category: .forbidden, parameters: ["listing_id": own.id.rawValue])) {
            try f.request(own, as: f.staff, for: f.neighbour.memberID)
        }
        #expect(try f.base.count("SELECT COUNT(*) FROM exchanges") == 0)
        // The resident may still ask for it themselves.
        #expect(try f.request(own, as: f.neighbour).state == .requested)
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
        let refused = #expect(throws: DomainError.self) { try f.accept(requested) }
        #expect(refused?.code == "exchange.schedule_passed" && refused?.parameters["scheduled_end"] != nil)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds") == 0)
        // The requester calls it off (or the owner declines) and asks again for a new time.
        #expect(try f.cancel(requested, as: f.neighbour).state == .cancelled)
    }

    /// A request whose time ended unanswered is declined by the scheduler, audited and announced,
    /// so it stops counting against the requester's open-exchange limit; one still ahead stays.
    @Test func staleRequestsAreDeclined() throws {
        let f = try ExchangeFixture()
        let stale = try f.request(try f.offer("梯子一"))
        f.clock.advance(by: 3 * 3600)
        let fresh = try f.request(try f.offer("梯子二"))
        let declined = try f.store.transactionSync { tx in try ExchangeCommands.declineStaleRequests(tx, limit: 10) }
        #expect(declined == 1)
        let states = try f.base.database.readSync { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, state FROM exchanges").map { ($0["id"] as String, $0["state"] as String) })
        }
        #expect(states[stale.id.rawValue] == "declined" && states[fresh.id.rawValue] == "requested")
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'exchange.declined' AND target_id = ? AND reason = 'requested time passed'",
            [stale.id.rawValue]) == 1)
        #expect(try f.listings.events("exchange.declined").count == 1)
        #expect(try f.store.transactionSync { tx in try ExchangeCommands.declineStaleRequests(tx, limit: 10) } == 0)
    }

    /// During the requested slot (an exchange being recorded as it happens) acceptance still works.
    @Test func aRequestCanBeAcceptedUntilItsSlotEnds() throws {
        let f = try ExchangeFixture()
        let requested = try f.request(try f.offer())
        f.clock.advance(by: 2 * 3600 - 1)  // the one-hour slot starts in 1 h: one second before its end
        #expect(try f.accept(requested).exchange.state == .accepted)
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
            let done = try f.autoConfirm(accepted)
            #expect(done?.exchange.state == .completed)
            #expect(done?.exchange.settledPoints == accepted.points)
        } catch {
            Issue.record("automatic confirmation failed: \(error)")
        }

        // Either side's word goes to four times the booking (session 30): a week and a minute is
        // refused at the field named, reported or confirmed; four hours re-prices and completes.
        let other = try f.accept(try f.request(try f.timeListing())).exchange
        f.clock.advance(by: 2 * 3600)
        #expect(ExchangeFixture.errorCode { _ = try f.complete(other, minutes: 10_081) } == "validation_failed")
        #expect(ExchangeFixture.errorCode { _ = try f.reportMinutes(other, 10_081) } == "validation_failed")
        do {
            let done = try f.complete(try f.reportMinutes(other, 240), minutes: 240)
            #expect(done.state == .completed && done.settledPoints == other.points && done.actualMinutes == 240)
        } catch {
            Issue.record("confirming 240 reported minutes of a one-hour booking failed: \(error)")
        }
        #expect(try f.verify().isClean)
    }

    /// A request may start in the past (an exchange recorded as it happens), so a window stretched
    /// back days would count days of hours served on automatic confirmation; nobody confirmed
    /// them, so no more than the listed duration counts.
    @Test func aBackdatedWindowDoesNotInflateHoursServed() throws {
        let f = try ExchangeFixture()
        let listing = try f.timeListing(minutes: 60)
        let exchange = try request(f, listing, start: f.clock.now().addingTimeInterval(-5 * 86_400), minutes: 5 * 24 * 60 + 120)
        let accepted = try f.accept(exchange).exchange
        f.clock.advance(by: 80 * 3600)
        let done = try #require(try f.autoConfirm(accepted))
        #expect(done.exchange.actualMinutes == 60 && done.exchange.settledPoints == accepted.points)
        #expect(try f.account(f.resident.memberID).minutesServed == 60)
    }

    /// The default rules as version 2, edited by `edit`, activated now.
    func activateVersion2(_ f: ExchangeFixture, _ edit: (String) -> String) throws {
        var text = RuleSource.preset("default")!.text
        text = text.replacingOccurrences(of: "\nversion: 1 ", with: "\nversion: 2 ")
        text = edit(text)
        if let tests = text.range(of: "\ntests:") { text = String(text[..<tests.lowerBound]) + "\n" }
        let admin = f.listings.admin
        _ = try f.store.transactionSync { tx in
            try RuleSetCommands.upload(
                tx, community: admin.communityID, source: RuleSource(fileName: "v2.yaml", text: text), principal: admin,
                actor: .member(admin, requestID: nil), activate: true)
        }
    }

    /// The norm group took the exchange's category out of the rule file after acceptance, and the
    /// exchange was accepted before its terms named their rule file (so the rules in force re-price
    /// it): they can no longer value the listing, and re-pricing fewer minutes used to fail every
    /// confirmation. It falls back to scaling the hold by the minutes (30 of 60 pay half).
    @Test func aCategoryRemovedSinceAcceptanceStillSettles() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(category: "daily_care", minutes: 60))).exchange
        try f.base.database.writeSync { db in
            try db.execute(
                sql: "UPDATE exchanges SET agreed_terms_json = json_remove(agreed_terms_json, '$.ruleSetHash') WHERE id = ?",
                arguments: [accepted.id.rawValue])
            #expect(try String.fetchOne(db, sql: "SELECT agreed_terms_json FROM exchanges WHERE id = ?", arguments: [accepted.id.rawValue])?
                .contains("ruleSetHash") == false)
        }
        try activateVersion2(f) { text in
            let removed = text.replacingOccurrences(
                of: "  - id: daily_care                     # 生活照料：买菜、做饭、打扫\n    name_zh: 生活照料\n    name_en: Daily care\n    kinds: [time]\n", with: "")
            #expect(!removed.contains("id: daily_care"))
            return removed
        }
        f.clock.advance(by: 2 * 3600)
        let done = try f.complete(try f.reportMinutes(accepted, 30), minutes: 30)
        #expect(done.state == .completed)
        #expect(done.settledPoints == ExchangeSettlementPlan.scaled(held: accepted.points, actual: 30, scheduled: 60))
        #expect(try f.verify().isClean)
    }

    /// Helper 115: a file activated while a walk was under way raised `time.minimum_minutes` to
    /// 60, and the 20 minutes walked were re-priced under it — valued as the full hour, so the
    /// whole hold was paid. Fewer minutes are re-priced under the file whose valuation was held
    /// (its 30-minute minimum: 30 of 60 minutes pay half), whatever is in force at completion.
    @Test func aFileActivatedSinceAcceptanceDoesNotRepriceTheExchange() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.timeListing(category: "daily_care", minutes: 60))).exchange
        try activateVersion2(f) { text in
            let raised = text.replacingOccurrences(
                of: "      minimum_minutes: 30              # 最少按半小时计（出门就有成本）",
                with: "      minimum_minutes: 60              # 最少按一小时计")
            #expect(raised != text)
            return raised
        }
        f.clock.advance(by: 2 * 3600)
        let done = try f.complete(try f.reportMinutes(accepted, 20), minutes: 20)
        #expect(done.state == .completed)
        #expect(done.settledPoints == ExchangeSettlementPlan.scaled(held: accepted.points, actual: 30, scheduled: 60))
        #expect(done.settledPoints != accepted.points)
        let audit = try f.base.database.readSync { db in
            try String.fetchOne(
                db, sql: "SELECT after_json FROM audit_entries WHERE action = 'exchange.completed' AND target_id = ?", arguments: [accepted.id.rawValue])
        }
        #expect(audit?.contains(#""repriced_by_rule_set":"1 "#) == true, "\(audit ?? "")")
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
        let fixed = try f.fixedTimeListing(start: start)
        let accepted = try f.accept(try f.request(fixed, start: start)).exchange
        f.clock.advance(by: 4 * 3600)
        let reported = try f.reportMinutes(accepted, 30)
        let done = try f.complete(reported, minutes: 30)
        #expect(done.actualMinutes == 30)
        #expect(try f.account(f.resident.memberID).minutesServed == 30)
        #expect(try #require(done.settledPoints) < accepted.points, "30 of 60 minutes paid the whole hold of \(accepted.points)")
    }
}
