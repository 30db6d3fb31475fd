import Foundation
import LinliDomain
import LinliStore
import Testing

/// Helper 114: 王秀英 withdrew her consent ("我自己来"), and the staff member who had requested an
/// exchange for her still confirmed it in her name: 29 points left her account. Work staff
/// registered for a resident is theirs to carry on only until she withdraws a consent naming them.
@Suite struct ProxyWithdrawalTests {
    /// The neighbour's consent that the station staff member acts for her.
    func grantConsent(_ f: ExchangeFixture) throws -> ProxyConsent {
        try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.neighbour, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.neighbour))
        }
    }

    /// An offer the staff member registered for her, approved and up.
    func publishedForHer(_ f: ExchangeFixture) throws -> Listing {
        let posted = try f.listings.post(ListingFixture.item("暖水瓶"), as: f.staff, owner: f.neighbour.memberID)
        let review = try #require(posted.review)
        _ = try f.listings.claim(review.id, as: f.listings.moderatorA)
        return try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA).listing
    }

    /// She withdraws it herself ("I'll do it myself").
    func withdraw(_ consent: ProxyConsent, _ f: ExchangeFixture) throws {
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.neighbour, id: consent.id, input: ProxyRevocationInput(reason: "我自己来"), expectedVersion: nil,
                actor: f.actor(f.neighbour))
        }
    }

    /// Helper 140 #10: the agent learnt of a withdrawal only from a refusal at the next step.
    /// She hears it in her inbox, without the resident's reason; withdrawing it herself tells her
    /// nothing.
    @Test func theAgentIsToldOfAWithdrawal() throws {
        let f = try ExchangeFixture()
        func agentNotices() throws -> [MemberNotification] {
            try f.base.database.readSync { db in
                try MemberNotifications.list(db, principal: f.staff, unreadOnly: false, page: PageRequest(after: nil, limit: 20))
            }.items.filter { $0.kind == .proxyWithdrawnForAgent }
        }
        let consent = try grantConsent(f)
        try withdraw(consent, f)
        let told = try agentNotices()
        #expect(told.count == 1 && told.first?.parameters["proxy_id"] == consent.id.rawValue)
        #expect(told.first?.parameters["reason"] == nil, "her reason is for the record")
        let second = try grantConsent(f)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.staff, id: second.id, input: ProxyRevocationInput(reason: "调岗"), expectedVersion: nil, actor: f.actor(f.staff))
        }
        #expect(try agentNotices().count == 1, "giving it up herself tells her nothing")
    }

    /// Helper 168 #3: staff whose consent she withdrew still accepted the request they had typed
    /// in her name, acting for the owner by the owner's own consent, and her points were held.
    /// Staff who registered a side act for it or for neither.
    @Test func staffSheTurnedAwayDoNotActForTheOtherSideInstead() throws {
        let f = try ExchangeFixture()
        let consent = try grantConsent(f)
        let requested = try f.request(try f.offer("台灯"), as: f.staff, for: f.neighbour.memberID)
        try withdraw(consent, f)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.resident))
        }
        let refused = #expect(throws: DomainError.self) { try f.accept(requested, as: f.staff) }
        #expect(refused?.code == "proxy.consent_withdrawn", "\(String(describing: refused))")
        #expect(try f.base.count("SELECT COUNT(*) FROM ledger_holds") == 0, "nothing held from her")
        // Nor is it in their list through the owner's consent (helper 172 #1).
        let listed = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.staff, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now()).items
        }
        #expect(!listed.map(\.id).contains(requested.id))
        #expect(try f.accept(requested).exchange.state == .accepted, "the owner accepts it herself")
        // She trusts them again: a new consent of hers lets them act for her in it (helper 172 #1).
        f.clock.advance(by: 60)
        _ = try grantConsent(f)
        #expect(try f.cancel(requested, as: f.staff).state == .cancelled)
    }

    /// Helper 172 #5: a resident suspended mid-exchange may still dispute it or report a no-show
    /// herself; an elder without a phone had no one to do it for her, as her consent and the
    /// work staff registered lapse with her standing. For those objections (and for calling the
    /// exchange off or taking a dispute back) they still act; for anything else they wait for
    /// her good standing.
    @Test func staffStillObjectForAResidentSuspendedMidExchange() throws {
        let f = try ExchangeFixture()
        _ = try grantConsent(f)
        let accepted = try f.accept(try f.request(try f.offer("台灯"), as: f.staff, for: f.neighbour.memberID)).exchange
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.moderator, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .suspended, reason: "被举报，核查中", until: f.clock.now().addingTimeInterval(30 * 86_400)),
                expectedVersion: nil, actor: f.actor(f.moderator))
        }
        // Confirming it (paying the provider with her points) waits for her good standing.
        #expect(ExchangeFixture.errorCode { _ = try f.complete(accepted, as: f.staff) } == "exchange.not_found")
        // They read what they object to (helper 174 #2).
        #expect(try f.base.database.readSync { db in try ExchangeQueries.fetch(db, principal: f.staff, id: accepted.id, now: f.clock.now()) }.id == accepted.id)
        let disputed = try f.dispute(accepted, as: f.staff)
        #expect(disputed.state == .disputed)
        // Taking the dispute back and calling the exchange off, as she may herself (helper 187 #1).
        let withdrawn = try f.withdrawDispute(disputed, as: f.staff)
        #expect(withdrawn.state == .accepted)
        #expect(try f.cancel(withdrawn, as: f.staff).state == .cancelled)
    }

    /// Helper 174 #2 (rest): staff holding the consent of a resident suspended after she was
    /// reported absent could read her exchange by id, but their list left it out, and they could
    /// not contest the no-show for her (her one objection to it, which she may make herself).
    @Test func staffListAndContestANoShowForASuspendedResident() throws {
        let f = try ExchangeFixture()
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.resident))
        }
        let reported = try f.reportedNoShow()
        #expect(reported.absentMember == f.resident.memberID)
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.moderator, id: f.resident.memberID,
                input: StatusChangeInput(status: .suspended, reason: "被举报，核查中", until: f.clock.now().addingTimeInterval(30 * 86_400)),
                expectedVersion: nil, actor: f.actor(f.moderator))
        }
        let listed = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.staff, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now()).items
        }
        #expect(listed.map(\.id) == [reported.id])
        let contest = try f.contest(reported, as: f.staff)
        #expect(contest.absentMember == f.resident.memberID)
        #expect(contest.createdBy == f.staff.memberID)
        #expect(try f.base.database.readSync { db in
            try ExchangeQueries.contest(db, principal: f.staff, id: reported.id, now: f.clock.now())
        }.exchangeID == reported.id)
    }

    /// Helper 174 #1: with both sides' consents, staff reporting for the active side were taken
    /// for the suspended one (her consent counted again for objections) and recorded the active
    /// side absent. The side in good standing comes first; the suspended one's consent alone
    /// still lets them object for her.
    @Test func staffObjectingWithBothSidesConsentsActForTheSideInGoodStanding() throws {
        let f = try ExchangeFixture()
        _ = try grantConsent(f)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.resident))
        }
        let accepted = try f.accept(try f.request(try f.offer("台灯"))).exchange  // both sides act themselves
        _ = try f.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: f.moderator, id: f.neighbour.memberID,
                input: StatusChangeInput(status: .suspended, reason: "被举报，核查中", until: f.clock.now().addingTimeInterval(30 * 86_400)),
                expectedVersion: nil, actor: f.actor(f.moderator))
        }
        f.clock.advance(by: 3 * 3600)  // past the start and the no-show grace
        let recorded = try f.noShow(accepted, as: f.staff, reason: "邻居没有来取，打电话也没人接")
        #expect(recorded.absentMember == f.neighbour.memberID, "reported for the owner, in good standing")
    }

    /// Helper 174 #3: staff who registered the offer for its owner and then the request for
    /// another resident, whom she turned away, still listed the exchange through the listing.
    @Test func anExchangeStaffRegisteredOnBothSidesLeavesTheirListWhenTheRequesterTurnsThemAway() throws {
        let f = try ExchangeFixture()
        let consent = try grantConsent(f)
        let offer = try f.listings.post(ListingFixture.item("暖水瓶"), as: f.staff, owner: f.resident.memberID)
        let review = try #require(offer.review)
        _ = try f.listings.claim(review.id, as: f.listings.moderatorA)
        let published = try f.listings.decide(review.id, ReviewDecision(decision: .approve), as: f.listings.moderatorA).listing
        let requested = try f.request(published, as: f.staff, for: f.neighbour.memberID)
        try withdraw(consent, f)
        let listed = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.staff, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now()).items
        }
        #expect(!listed.map(\.id).contains(requested.id))
    }

    @Test func aWithdrawnConsentEndsTheWorkRegisteredBeforeIt() throws {
        let f = try ExchangeFixture()
        let consent = try grantConsent(f)
        let lamp = try f.offer("台灯")
        let accepted = try f.accept(try f.request(lamp, as: f.staff, for: f.neighbour.memberID)).exchange
        f.clock.advance(by: 60)
        try withdraw(consent, f)
        let before = try f.balance(f.neighbour.memberID)
        #expect(throws: DomainError.self) { _ = try f.complete(accepted, as: f.staff) }
        // Nor is it in their list any more (helper 117: listed, then "not found" when opened).
        let listed = try f.base.database.readSync { db in
            try ExchangeQueries.list(db, principal: f.staff, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now()).items
        }
        #expect(!listed.map(\.id).contains(accepted.id))
        #expect(try f.balance(f.neighbour.memberID) == before, "nothing paid in her name")
        #expect(try f.complete(accepted, as: f.neighbour).state == .completed, "she confirms it herself")

        // New work in her name is not theirs any more either (helper 144 #1: a typed note let the
        // staff member she turned away spend her points again): other staff register it, and
        // carry it on.
        f.clock.advance(by: 60)
        let fan = try f.offer("电扇")
        #expect(ExchangeFixture.errorCode { _ = try f.request(fan, as: f.staff, for: f.neighbour.memberID) } == "proxy.consent_withdrawn")
        let (_, other) = try f.base.member("周站长", role: .stationStaff, in: f.listings.admin)
        let again = try f.accept(try f.request(fan, as: other, for: f.neighbour.memberID)).exchange
        #expect(try f.complete(again, as: other).state == .completed)
        #expect(try f.verify().isClean)
    }

    /// The same for a listing they posted for her (helper 117: still submitted and withdrawn).
    @Test func aWithdrawnConsentEndsTheListingRegisteredBeforeIt() throws {
        let f = try ExchangeFixture()
        let consent = try grantConsent(f)
        let draft = try f.listings.post(
            ListingContent(
                direction: .offer, kind: .item, categoryCode: "household", title: "暖水瓶", description: "九成新", area: "南门",
                declaredCost: "60.00", ageMonths: 6, condition: .good, quantity: 1),
            as: f.staff, owner: f.neighbour.memberID, submit: false
        ).listing
        f.clock.advance(by: 60)
        try withdraw(consent, f)
        let refused = #expect(throws: DomainError.self) {
            _ = try f.store.transactionSync { tx in
                try ListingCommands.submit(tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.listings.services, actor: f.actor(f.staff))
            }
        }
        #expect(refused?.category == .forbidden || refused?.category == .notFound, "\(String(describing: refused))")
    }

    /// Helper 144 #11: on a published listing they registered for her (which anyone sees), the
    /// refusal after her withdrawal said "your role may not manage others' listings"; the role may,
    /// and the withdrawn consent is why.
    @Test func theRefusalSaysHerConsentWasWithdrawn() throws {
        let f = try ExchangeFixture()
        let consent = try grantConsent(f)
        let published = try publishedForHer(f)
        #expect(published.status == .published)
        f.clock.advance(by: 60)
        try withdraw(consent, f)
        let code = ExchangeFixture.errorCode {
            _ = try f.store.transactionSync { tx in
                try ListingCommands.withdraw(
                    tx, principal: f.staff, id: published.id, expectedVersion: nil, services: f.listings.services, actor: f.actor(f.staff))
            }
        }
        #expect(code == "proxy.consent_withdrawn")
    }

    /// The same for an exchange on it they still see through the other side's consent.
    @Test func anExchangeStepSaysHerConsentWasWithdrawn() throws {
        let f = try ExchangeFixture()
        let consent = try grantConsent(f)
        let published = try publishedForHer(f)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: f.actor(f.resident))
        }
        let requested = try f.request(published, as: f.resident)
        f.clock.advance(by: 60)
        try withdraw(consent, f)
        #expect(ExchangeFixture.errorCode { _ = try f.accept(requested, as: f.staff) } == "proxy.consent_withdrawn")
    }
}
