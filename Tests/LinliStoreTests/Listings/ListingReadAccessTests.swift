import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Who keeps reading a listing that is not public: staff only while they hold the role that let
/// them register it, and requesters only through a request still asked or once accepted.
@Suite struct ListingReadAccessTests {
    /// The staff member as they are after an admin demotes them to resident.
    func demoted(_ staff: Principal) -> Principal {
        Principal(communityID: staff.communityID, memberID: staff.memberID, role: .resident, tokenID: staff.tokenID)
    }

    func read(_ f: ListingFixture, _ id: ListingID, as principal: Principal) throws -> Listing {
        try f.base.database.readSync { db in try ListingQueries.fetch(db, principal: principal, id: id, now: f.clock.now()) }
    }

    @Test func aDemotedStaffMemberNoLongerSeesTheDraftsTheyRegistered() throws {
        let f = try ListingFixture()
        let draft = try f.post(ListingFixture.item("代登记的助行器"), as: f.staff, owner: f.resident.memberID, submit: false).listing
        #expect(try read(f, draft.id, as: f.staff).id == draft.id)
        #expect(try f.browse(ListingFilter(), as: f.staff).contains { $0.id == draft.id })
        let former = demoted(f.staff)
        #expect(throws: DomainError.notFound("listing", id: draft.id.rawValue)) { try read(f, draft.id, as: former) }
        #expect(try !f.browse(ListingFilter(), as: former).contains { $0.id == draft.id })
        #expect(!draft.isRegistered(by: former))
        // The owner still sees her draft.
        #expect(try read(f, draft.id, as: f.resident).id == draft.id)
    }

    /// Helper 127: after the resident withdrew her consent naming the staff member, the listings
    /// they had registered for her stayed readable to them (the listing, its history, browsing by
    /// owner) while managing one was refused as a matter of role. Now an unpublished one is
    /// absent to them (404, as the exchanges they requested for her); a published one is public.
    @Test func aWithdrawnConsentEndsTheStaffsViewOfTheListingsTheyRegistered() throws {
        let f = try ListingFixture()
        let consent = try f.store.transactionSync { tx in
            try ProxyConsentCommands.grant(
                tx, principal: f.resident, input: NewProxyConsentInput(memberID: nil, agentID: f.staff.memberID, expiresAt: nil, note: nil),
                actor: .member(f.resident, requestID: nil))
        }
        let draft = try f.post(ListingFixture.item("代登记的助行器"), as: f.staff, owner: f.resident.memberID, submit: false).listing
        #expect(try read(f, draft.id, as: f.staff).id == draft.id)
        // And one published: public to all, but its history and owner's view were theirs too (helper 130).
        let posted = try f.post(ListingFixture.item("代登记的轮椅"), as: f.staff, owner: f.resident.memberID)
        let review = try #require(posted.review)
        _ = try f.claim(review.id, as: f.moderatorA)
        let published = try f.decide(review.id, ReviewDecision(decision: .approve), as: f.moderatorA).listing
        func history(as principal: Principal) throws -> Int {
            try f.base.database.readSync { db in
                try ListingQueries.history(db, principal: principal, id: published.id, page: PageRequest(after: nil, limit: 50), now: f.clock.now()).items.count
            }
        }
        func seesAsOwner(_ principal: Principal) throws -> Bool {
            try f.base.database.readSync { db in try ListingQueries.seesAsOwner(db, published, principal: principal, now: f.clock.now()) }
        }
        #expect(try history(as: f.staff) > 0 && seesAsOwner(f.staff))
        f.clock.advance(by: 60)
        _ = try f.store.transactionSync { tx in
            try ProxyConsentCommands.revoke(
                tx, principal: f.resident, id: consent.id, input: ProxyRevocationInput(reason: "不再需要代办"), expectedVersion: nil,
                actor: .member(f.resident, requestID: nil))
        }
        #expect(throws: DomainError.notFound("listing", id: draft.id.rawValue)) { try read(f, draft.id, as: f.staff) }
        #expect(try !f.browse(ListingFilter(ownerID: f.resident.memberID), as: f.staff).contains { $0.id == draft.id })
        #expect(try !f.browse(ListingFilter(), as: f.staff).contains { $0.id == draft.id })
        let withdraw = #expect(throws: DomainError.self) {
            try f.store.transactionSync { tx in
                try ListingCommands.withdraw(tx, principal: f.staff, id: draft.id, expectedVersion: nil, services: f.services, actor: .member(f.staff, requestID: nil))
            }
        }
        #expect(withdraw?.code == "listing.not_found", "absent to them, not refused as a matter of role")
        #expect(try read(f, draft.id, as: f.resident).id == draft.id, "she still sees her draft")
        #expect(try read(f, published.id, as: f.staff).id == published.id, "a published listing is public")
        #expect(try !seesAsOwner(f.staff), "but not as hers any more")
        let refused = #expect(throws: DomainError.self) { _ = try history(as: f.staff) }
        #expect(refused?.category == .forbidden)
        #expect(try history(as: f.resident) > 0)
    }

    @Test func aDemotedStaffMemberNoLongerListsTheRequestsTheyMadeForAResident() throws {
        let f = try ExchangeFixture()
        let ladder = try f.offer(as: f.neighbour)
        let asked = try f.request(ladder, as: f.staff, for: f.resident.memberID)
        func listed(_ principal: Principal) throws -> [ExchangeID] {
            try f.base.database.readSync { db in
                try ExchangeQueries.list(db, principal: principal, state: nil, page: PageRequest(after: nil, limit: 50), now: f.clock.now()).items.map(\.id)
            }
        }
        #expect(try listed(f.staff).contains(asked.id))
        #expect(try !listed(demoted(f.staff)).contains(asked.id))
    }

    @Test func onlyARequestStillAskedOrOnceAcceptedKeepsARemovedListingReadable() throws {
        let f = try ExchangeFixture()
        let (_, third) = try f.base.member("赵敏", in: f.listings.admin)
        let ladder = try f.offer(as: f.resident)
        let declined = try f.request(ladder, as: third)
        try f.store.transactionSync { tx in
            _ = try ExchangeCommands.decline(tx, principal: f.resident, id: declined.id, expectedVersion: nil, actor: f.actor(f.resident))
        }
        _ = try f.accept(try f.request(ladder, as: f.neighbour))
        try f.store.transactionSync { tx in
            _ = try ListingCommands.remove(
                tx, principal: f.moderator, id: ladder.id, input: ListingRemoval(reasonCode: .misleading, message: "照片是网图"),
                expectedVersion: nil, services: f.listings.services, actor: f.actor(f.moderator))
        }
        // The neighbour whose exchange is under way still needs the pick-up details.
        #expect(try read(f.listings, ladder.id, as: f.neighbour).status == .removed)
        // The one the owner turned down has nothing under way.
        #expect(throws: DomainError.notFound("listing", id: ladder.id.rawValue)) { try read(f.listings, ladder.id, as: third) }
    }
}
