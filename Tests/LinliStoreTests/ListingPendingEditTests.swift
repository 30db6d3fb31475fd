import Foundation
import LinliDomain
import LinliStore
import Testing

/// Session 16 review: a published listing with an edit waiting for review, then edited in place
/// (nothing material changed: the title put back, the area moved). Approving the old edit later
/// applied its whole snapshot and silently undid the owner's latest PUT. A PUT is the whole
/// content the owner wants now, so the waiting edit is cancelled with it.
@Suite struct ListingPendingEditTests {
    func put(_ fixture: ListingFixture, _ id: ListingID, _ content: ListingContent) throws -> ListingChange {
        try fixture.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: fixture.resident, id: id, input: ListingInput(content: content), expectedVersion: nil,
                services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }
    }

    /// A material edit of a published listing (a new title), waiting for review.
    func retitle(_ fixture: ListingFixture, _ listing: Listing, to content: ListingContent? = nil) throws -> (review: ReviewItem, edit: ListingEdit) {
        var retitled = listing.content
        retitled.title = "儿童自行车（带辅助轮）"
        let waiting = try put(fixture, listing.id, content ?? retitled)
        return (try #require(waiting.review), try #require(waiting.edit))
    }

    @Test func anEditInPlaceCancelsTheEditWaitingForReview() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("儿童自行车", cost: "500.00"))
        let (review, edit) = try retitle(fixture, listing)

        var moved = listing.content
        moved.area = "南门"
        let inPlace = try put(fixture, listing.id, moved)
        #expect(inPlace.review == nil && inPlace.edit == nil)
        #expect(inPlace.listing.content.area == "南门" && inPlace.listing.content.title == "儿童自行车")
        #expect(try fixture.base.count("SELECT COUNT(*) FROM listing_edits WHERE id = ? AND status = 'cancelled'", [edit.id.rawValue]) == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM reviews WHERE id = ? AND status = 'cancelled'", [review.id.rawValue]) == 1)
        #expect(try fixture.base.count(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'listing.updated' AND after_json LIKE ?", ["%\(edit.id.rawValue)%"]) == 1)
        // A moderator deciding it now learns the owner replaced it, not that it "was already
        // handled" (helper 118).
        let late = try #require(throws: DomainError.self) {
            try fixture.decide(review.id, ReviewDecision(decision: .approve), as: fixture.moderatorA)
        }
        #expect(late.code == "review.cancelled")

        // The old review can no longer be approved, and the listing stays as last PUT.
        #expect(throws: DomainError.self) { _ = try fixture.claim(review.id, as: fixture.moderatorA) }
        let stored = try fixture.base.database.readSync { db in
            try ListingQueries.fetch(db, principal: fixture.resident, id: listing.id)
        }
        #expect(stored.content.area == "南门" && stored.content.title == "儿童自行车")
        #expect(try fixture.base.database.readSync { db in try ListingQueries.pendingEdit(db, principal: fixture.resident, listing: stored) } == nil)
    }

    /// Session-17 resident walk: an edit (a defect described, another price) approved while a
    /// request waited changed what the neighbour had asked for without telling them. Each waiting
    /// requester now hears it in their inbox, with the points when they changed; a request
    /// already accepted or declined is not told.
    @Test func anApprovedEditTellsTheNeighboursWhoseRequestsWait() throws {
        let exchanges = try ExchangeFixture()
        let fixture = exchanges.listings
        let listing = try exchanges.offer("儿童自行车")
        let waiting = try exchanges.request(listing)
        let (other, otherLogin) = try fixture.base.member("赵敏", in: fixture.admin)
        let declined = try exchanges.request(listing, as: otherLogin)
        _ = try exchanges.store.transactionSync { tx in
            try ExchangeCommands.decline(
                tx, principal: fixture.resident, id: declined.id, expectedVersion: nil, actor: exchanges.actor(fixture.resident))
        }
        var described = listing.content
        described.title = "儿童自行车（车把有划痕）"
        described.declaredCost = "450.00"
        let (review, _) = try retitle(fixture, listing, to: described)
        _ = try fixture.claim(review.id, as: fixture.moderatorA)
        let decided = try fixture.decide(review.id, ReviewDecision(decision: .approve), as: fixture.moderatorA)
        // The answer shows the edit as decided (it had said `pending`, with no decision time).
        #expect(decided.edit?.status == .approved && decided.edit?.decidedAt != nil)

        let told = try fixture.base.database.readSync { db in
            try MemberNotifications.list(db, principal: fixture.neighbour, unreadOnly: false, page: PageRequest(after: nil, limit: 10))
        }.items.filter { $0.kind == .requestedListingChanged }
        #expect(told.count == 1)
        #expect(told.first?.subject == "exchange:\(waiting.id)")
        #expect(told.first?.parameters["requested_points"] == String(waiting.points))
        #expect(told.first?.parameters["current_points"] != String(waiting.points))
        #expect(told.first?.text(in: .zhCN).contains("儿童自行车（车把有划痕）") == true)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM member_notifications WHERE kind = 'requested_listing_changed' AND member_id = ?", [other.id.rawValue]) == 0)
    }

    /// Session-17 resident walk: an edit waiting for review while the listing was reserved could
    /// not be approved (409 `listing.not_editable`), and after the exchange completed it waited in
    /// the moderators' queue for ever. Completing the exchange closes it, as withdrawal does.
    @Test func anEditWaitingWhenTheExchangeCompletesIsCancelled() throws {
        let exchanges = try ExchangeFixture()
        let fixture = exchanges.listings
        let listing = try exchanges.offer("儿童自行车")
        let (review, edit) = try retitle(fixture, listing)
        let exchange = try exchanges.request(listing)
        _ = try exchanges.accept(exchange)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM listing_edits WHERE id = ? AND status = 'pending'", [edit.id.rawValue]) == 1,
                "reserved: the exchange may still be cancelled and the edit approved then")
        _ = try exchanges.complete(exchange)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM listing_edits WHERE id = ? AND status = 'cancelled'", [edit.id.rawValue]) == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM reviews WHERE id = ? AND status = 'cancelled'", [review.id.rawValue]) == 1)
    }

    /// Expiry closes the listing the same way (through the same status write).
    @Test func anEditWaitingWhenTheListingExpiresIsCancelled() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("儿童自行车", cost: "500.00"))
        let (review, edit) = try retitle(fixture, listing)
        fixture.clock.advance(by: 400 * 86_400)
        let expired = try fixture.store.transactionSync { tx in try ListingCommands.expireDue(tx, services: fixture.services) }
        #expect(expired == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM listing_edits WHERE id = ? AND status = 'cancelled'", [edit.id.rawValue]) == 1)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM reviews WHERE id = ? AND status = 'cancelled'", [review.id.rawValue]) == 1)
    }

    /// An edit in place with no edit waiting cancels nothing and says nothing about one.
    @Test func anEditInPlaceAloneCancelsNothing() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("折叠梯"))
        var moved = listing.content
        moved.area = "南门"
        _ = try put(fixture, listing.id, moved)
        #expect(try fixture.base.count("SELECT COUNT(*) FROM audit_entries WHERE action = 'listing.updated' AND after_json LIKE '%cancelled_edit_id%'") == 0)
    }
}
