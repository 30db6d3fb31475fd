import Foundation
import GRDB
import LinliTrust
import LinliDomain
@testable import LinliStore
import Testing

/// Repeatable offers (`ListingContent.isRepeatable`, session 20): a weekly time offer or a skill
/// offered stays published while its exchanges run, so neighbours book it again and again;
/// bookings on it may not overlap in time. Before, the first exchange reserved and then used up
/// the offer, and the provider had to post it again, through review, after every walk.
@Suite struct RepeatableOfferTests {
    func code(_ body: () throws -> Void) -> String? { ExchangeFixture.errorCode(body) }

    /// A third neighbour, to book the same offer as the first.
    func another(_ f: ExchangeFixture) throws -> Principal {
        try f.base.member("吴刚", in: f.listings.admin).1
    }

    /// A listing reported and taken down by a case (`remove_listing`); returns the action, to appeal.
    func takeDown(_ f: ExchangeFixture, _ item: Listing) throws -> CaseAction {
        let caseID = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: f.listings.moderatorB,
                input: ReportInput(targetType: .listing, targetID: item.id.rawValue, category: .fakeListing, text: "照片是网图"),
                policies: TrustPolicies())
        }.moderationCase.id
        return try #require(try f.listings.claimAndResolve(caseID, [.init(kind: .removeListing)], as: f.moderator).first)
    }

    func reservations(_ f: ExchangeFixture, _ listing: Listing) throws -> Int {
        try f.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'listing.reserve' AND target_id = ?", [listing.id.rawValue])
    }

    @Test func aWeeklyOfferStaysOpenForTheNextBooking() throws {
        let f = try ExchangeFixture()
        let offer = try f.timeListing()
        let other = try another(f)
        let first = try f.accept(try f.request(offer)).exchange
        #expect(try f.listing(offer.id).status == .published)
        let nextWeek = f.clock.now().addingTimeInterval(7 * 86_400)
        let second = try f.accept(try f.request(offer, as: other, start: nextWeek)).exchange
        #expect(second.state == .accepted)
        _ = try f.complete(first, minutes: 60)
        #expect(try f.listing(offer.id).status == .published)
        // The first neighbour books the following week as well.
        let again = try f.accept(try f.request(offer, start: nextWeek.addingTimeInterval(7 * 86_400))).exchange
        _ = try f.complete(second, as: other, minutes: 60)
        _ = try f.complete(again, minutes: 60)
        #expect(try f.listing(offer.id).status == .published)
        #expect(try reservations(f, offer) == 0)
        #expect(try f.balance(f.resident.memberID) == 3 * offer.valuation.points)
        #expect(try f.verify().isClean)
    }

    /// One provider, one place at a time: an accepted booking blocks an overlapping one (named,
    /// to the owner accepting), and a new request for a taken hour is refused at once (the
    /// booking not named to the requester); one that ends when it starts is fine; once the
    /// booking is cancelled, the time is free again.
    @Test func overlappingBookingsAreRefused() throws {
        let f = try ExchangeFixture()
        let offer = try f.timeListing()
        let other = try another(f)
        let start = f.clock.now().addingTimeInterval(86_400)
        let first = try f.request(offer, start: start)
        let clash = try f.request(offer, as: other, start: start.addingTimeInterval(1800))
        let booked = try f.accept(first).exchange
        var refusal: DomainError?
        do { _ = try f.accept(clash) } catch let error as DomainError { refusal = error }
        #expect(refusal?.code == "exchange.slot_taken")
        #expect(refusal?.parameters["exchange_id"] == booked.id.rawValue)
        #expect(refusal?.instants["scheduled_start"] == start)
        refusal = nil
        do { _ = try f.request(offer, as: other, start: start.addingTimeInterval(900)) } catch let error as DomainError { refusal = error }
        #expect(refusal?.code == "exchange.slot_taken")
        #expect(refusal?.parameters["exchange_id"] == nil)
        let before = try f.request(offer, as: other, start: start.addingTimeInterval(-3600))
        #expect(try f.accept(before).exchange.state == .accepted)
        // What a neighbour reads to pick a free time: the two booked hours, without names.
        let slots = try f.base.database.readSync { db in
            try ListingBookings.upcoming(db, principal: f.neighbour, id: offer.id, now: f.clock.now())
        }.1
        #expect(slots.map(\.start) == [start.addingTimeInterval(-3600), start])
        #expect(try f.cancel(booked, as: f.neighbour).state == .cancelled)
        #expect(try f.listing(offer.id).status == .published)
        #expect(try f.accept(clash).exchange.state == .accepted)
        #expect(try f.verify().isClean)
    }

    /// Items, fixed-window time and requests are still used up by their first exchange.
    @Test func oneOffListingsAreStillReservedAndUsedUp() throws {
        let f = try ExchangeFixture()
        let start = f.clock.now().addingTimeInterval(86_400)
        for listing in [try f.offer(), try f.fixedTimeListing(start: start)] {
            let accepted = try f.accept(try f.request(listing, start: start)).exchange
            #expect(try f.listing(listing.id).status == .reserved)
            _ = try f.complete(accepted, minutes: listing.content.kind == .time ? 60 : nil)
            #expect(try f.listing(listing.id).status == .exchanged)
        }
    }

    /// A refunded dispute over one session leaves the standing offer open (an unusable item's
    /// offer ends); cancelling a booking does not touch it either.
    @Test func aRefundedSessionLeavesTheOfferOpen() throws {
        let f = try ExchangeFixture()
        let offer = try f.timeListing()
        let disputed = try f.dispute(try f.accept(try f.request(offer)).exchange)
        #expect(try f.resolve(disputed, ExchangeResolutionInput(outcome: .refund, note: "未按约定陪同")).state == .resolved)
        #expect(try f.listing(offer.id).status == .published)
        #expect(try f.balance(f.neighbour.memberID) == 0)
        #expect(try f.verify().isClean)
    }

    /// The weekly offer turned into a one-off behind the service's back while a booking runs (the
    /// service refuses such an edit while bookings run: `bookingsHoldWhatTheySettleOn`): that
    /// booking still ends cleanly (it reserved nothing, so it releases or uses up nothing), and
    /// the next acceptance reserves the listing as for any one-off.
    @Test func anOfferEditedIntoAOneOffStillEndsItsBookings() throws {
        let f = try ExchangeFixture()
        let offer = try f.timeListing()
        let start = f.clock.now().addingTimeInterval(86_400)
        let booked = try f.accept(try f.request(offer, start: start)).exchange
        let later = start.addingTimeInterval(7 * 86_400)
        try f.base.database.writeSync { db in
            try db.execute(
                sql: "UPDATE listings SET start_at = ?, end_at = ?, availability_json = NULL WHERE id = ?",
                arguments: [later, later.addingTimeInterval(7200), offer.id.rawValue])
        }
        #expect(try f.listing(offer.id).content.isRepeatable == false)
        #expect(try f.complete(booked, minutes: 60).state == .completed)
        #expect(try f.listing(offer.id).status == .published)
        let oneOff = try f.accept(try f.request(offer, start: later)).exchange
        #expect(try f.listing(offer.id).status == .reserved)
        _ = try f.complete(oneOff, minutes: 60)
        #expect(try f.listing(offer.id).status == .exchanged)
        #expect(try f.verify().isClean)
    }

    /// Review of session 20: a repeatable offer holding bookings stays published, so what they
    /// settle on is guarded as a reservation guards a one-off: an edit of the duration (or anything
    /// priced, or a fixed window) is refused, at submission and at approval; wording may change,
    /// and the neighbour booked is told.
    @Test func bookingsHoldWhatTheySettleOn() throws {
        let f = try ExchangeFixture()
        let offer = try f.timeListing()
        func edit(_ change: (inout ListingContent) -> Void) throws -> ListingChange {
            var content = try f.listing(offer.id).content
            change(&content)
            return try f.store.transactionSync { tx in
                try ListingCommands.replaceContent(
                    tx, principal: f.resident, id: offer.id, input: ListingInput(content: content), expectedVersion: nil,
                    services: f.listings.services, actor: f.actor(f.resident))
            }
        }
        // An edit waiting for review when the booking is accepted is refused at approval.
        let longer = try edit { $0.durationMinutes = 120 }
        let pendingReview = try #require(longer.review)
        let booked = try f.accept(try f.request(offer)).exchange
        _ = try f.listings.claim(pendingReview.id, as: f.listings.moderatorA)
        #expect(code { _ = try f.listings.decide(pendingReview.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA) }
            == "listing.open_bookings")
        #expect(code { _ = try edit { $0.durationMinutes = 90 } } == "listing.open_bookings")
        #expect(code { _ = try edit { $0.availability = nil; $0.startAt = booked.scheduledStart; $0.endAt = booked.scheduledEnd } }
            == "listing.open_bookings")
        // Wording is free; the neighbour booked hears of it once approved.
        let reworded = try #require(try edit { $0.description = "周二上午，可推轮椅" }.review)
        _ = try f.listings.claim(reworded.id, as: f.listings.moderatorA)
        _ = try f.listings.decide(reworded.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM member_notifications WHERE kind = 'booked_listing_changed' AND member_id = ?", [f.neighbour.memberID.rawValue]) == 1)
        // A change applied in place (the pick-up area) is told too (session 21 review: it was not).
        #expect(try edit { $0.area = "3号楼大厅" }.review == nil)
        #expect(try f.base.count(
            "SELECT COUNT(*) FROM member_notifications WHERE kind = 'booked_listing_changed' AND member_id = ?", [f.neighbour.memberID.rawValue]) == 2)
        // The owner may stop new bookings by withdrawing it, and it expires as any listing: the
        // booking runs on and settles (it reserved nothing).
        _ = try f.store.transactionSync { tx in
            try ListingCommands.withdraw(
                tx, principal: f.resident, id: offer.id, expectedVersion: nil, services: f.listings.services, actor: f.actor(f.resident))
        }
        #expect(try f.complete(booked, minutes: 60).state == .completed)
        #expect(try f.listing(offer.id).status == .withdrawn)
        #expect(try f.verify().isClean)
    }

    /// One person, one place at a time, across their listings: a helper with two offers is not
    /// booked on both for the same hour; the other listing's booking is not named.
    @Test func aHelperIsNotBookedTwiceAcrossOffers() throws {
        let f = try ExchangeFixture()
        let walk = try f.timeListing()
        let errands = try f.timeListing(category: "errands")
        let other = try another(f)
        let start = f.clock.now().addingTimeInterval(86_400)
        let waiting = try f.request(errands, as: other, start: start.addingTimeInterval(900))
        _ = try f.accept(try f.request(walk, start: start))
        var refusal: DomainError?
        do { _ = try f.accept(waiting) } catch let error as DomainError { refusal = error }
        // Busy, without when: the helper's other bookings are not the requester's to map. The
        // helper accepting is told it is his own time (helper 144 #12).
        #expect(refusal?.code == "exchange.helper_busy")
        #expect(refusal?.parameters == ["helper_accepting": "yes"] && refusal?.instants.isEmpty == true)
    }

    /// Second review of session 20: a one-off taken down while its exchange ran, and put back on
    /// appeal, is reserved again for that exchange (it was published, so a second neighbour
    /// could take it while the first exchange completed).
    @Test func aOneOffReinstatedOnAppealIsStillReserved() throws {
        let f = try ExchangeFixture()
        let item = try f.offer()
        let accepted = try f.accept(try f.request(item)).exchange
        let action = try takeDown(f, item)
        #expect(try f.listing(item.id).status == .removed)
        let appeal = try f.listings.fileAppeal(action.id, as: f.resident)
        _ = try f.listings.overturnAppeal(appeal.id, as: f.listings.admin)
        #expect(try f.listing(item.id).status == .reserved)
        #expect(code { _ = try f.request(item, as: try another(f)) } == "exchange.listing_unavailable")
        _ = try f.complete(accepted)
        #expect(try f.listing(item.id).status == .exchanged)
        #expect(try f.verify().isClean)
    }

    /// A one-off taken down while its exchange ran, whose exchange then ended, comes back on
    /// appeal as that end left it: `exchanged` after a completion, `withdrawn` after a dispute
    /// sent the item back. It had come back `published`, and a second neighbour could take the
    /// item its owner had already been paid for (session 21 review). The same after a no-show
    /// naming the owner was overturned and she was paid (session 22: it came back published).
    enum EndWhileDown: CaseIterable { case completed, refunded, noShowOverturned }

    @Test(arguments: EndWhileDown.allCases)
    func aOneOffWhoseExchangeEndedWhileDownIsNotOfferedAgain(end: EndWhileDown) throws {
        let f = try ExchangeFixture()
        let item = try f.offer()
        let accepted = try f.accept(try f.request(item)).exchange
        let action = try takeDown(f, item)
        switch end {
        case .refunded:
            _ = try f.resolve(try f.dispute(accepted), ExchangeResolutionInput(outcome: .refund, note: "物品无法使用"), as: f.listings.moderatorB)
        case .completed:
            _ = try f.complete(accepted)
        case .noShowOverturned:
            f.clock.advance(by: 2 * 3600)
            let reported = try f.noShow(accepted, as: f.neighbour)
            _ = try f.contest(reported, as: f.resident)
            #expect(try f.decideContest(reported, .overturned).state == .overturned)
        }
        #expect(try f.listing(item.id).status == .removed)
        let appeal = try f.listings.fileAppeal(action.id, as: f.resident)
        _ = try f.listings.overturnAppeal(appeal.id, as: f.listings.admin)
        #expect(try f.listing(item.id).status == (end == .refunded ? .withdrawn : .exchanged))
        #expect(code { _ = try f.request(item, as: try another(f)) } == "exchange.listing_unavailable")
        #expect(try f.verify().isClean)
    }

    /// A weekly offer booked counts as one offer taken up in its category's scarcity, as a
    /// reserved one-off does.
    @Test func aBookedRepeatableOfferCountsAsDemand() throws {
        let f = try ExchangeFixture()
        let offer = try f.timeListing()
        func demand() throws -> Int {
            try f.base.database.readSync { db in
                try ScarcityQueries.counts(db, community: offer.communityID, category: "errands", windowDays: 30, at: f.clock.now())
            }.demand
        }
        #expect(try demand() == 0)
        _ = try f.accept(try f.request(offer))
        _ = try f.accept(try f.request(offer, as: try another(f), start: f.clock.now().addingTimeInterval(7 * 86_400)))
        #expect(try demand() == 1)
    }
}
