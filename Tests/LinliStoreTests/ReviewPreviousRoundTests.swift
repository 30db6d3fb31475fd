import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Helper 137 #10: a listing sent back for changes came back to the queue as if new; the moderator
/// deciding it could not see what had been asked, nor whether it was done.
@Suite struct ReviewPreviousRoundTests {
    func round(_ fixture: ListingFixture, _ review: ReviewID) throws -> PreviousReviewRound? {
        try fixture.base.database.readSync { db in
            let item = try ReviewQueries.fetch(db, principal: fixture.moderatorB, id: review)
            return try ReviewQueries.previousRound(db, principal: fixture.moderatorB, review: item)
        }
    }

    @Test func aResubmittedListingShowsWhatWasAskedAndWhatChanged() throws {
        let fixture = try ListingFixture()
        let first = try #require(try fixture.post(ListingFixture.item("儿童座椅", category: "kids_items")).review)
        #expect(try round(fixture, first.id) == nil, "a first submission has no round before")
        _ = try fixture.claim(first.id, as: fixture.moderatorA)
        _ = try fixture.decide(
            first.id, ReviewDecision(decision: .requestChanges, message: "请补充照片和描述", fields: ["photos", "description"]),
            as: fixture.moderatorA)
        var content = try fixture.base.database.readSync { db in try ListingQueries.fetch(db, principal: fixture.resident, id: first.listingID) }.content
        content.description = "九成新，带说明书。"
        content.title = "儿童安全座椅"
        _ = try fixture.replace(first.listingID, with: content)
        let second = try #require(try fixture.store.transactionSync { tx in
            try ListingCommands.submit(tx, principal: fixture.resident, id: first.listingID, expectedVersion: nil,
                                       services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }.review)

        let previous = try #require(try round(fixture, second.id))
        #expect(previous.review.id == first.id)
        #expect(previous.review.decision == .requestChanges)
        #expect(previous.review.message == "请补充照片和描述")
        #expect(previous.review.decidedBy == fixture.moderatorA.memberID)
        #expect(previous.changedFields == ["title", "description"])
        #expect(previous.requestedNotChanged == ["photos"], "the photos were asked for and are as they were")

        // Approved this time: a later edit of the listing is another subject, with no round before.
        _ = try fixture.claim(second.id, as: fixture.moderatorB)
        _ = try fixture.decide(second.id, ReviewDecision(decision: .approve), as: fixture.moderatorB)
        content.description = "九成新，带说明书和包装盒。"
        let edit = try #require(try fixture.replace(first.listingID, with: content).review)
        #expect(try round(fixture, edit.id) == nil)
        // The decided review still reads as it was decided, not with a change made since (a new
        // pick-up area, applied in place; helper 146 #6).
        content.description = "九成新，带说明书。"
        content.area = "南门"
        #expect(try fixture.replace(first.listingID, with: content).review == nil)
        #expect(try round(fixture, second.id)?.changedFields == ["title", "description"])
    }

    /// An edit refused, then another edit: the second shows the refusal and what differs from
    /// the refused edit (not from the listing as it stands).
    @Test func anEditAfterARefusedOneShowsTheRefusal() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("台灯"))
        var content = listing.content
        content.description = "加微信详聊"
        let held = try #require(try fixture.replace(listing.id, with: content).review)
        _ = try fixture.claim(held.id, as: fixture.moderatorA)
        _ = try fixture.decide(held.id, ReviewDecision(decision: .reject, reasonCode: .prohibited, message: "请勿留联系方式"), as: fixture.moderatorA)
        content.description = "灯泡已换新。"
        let again = try #require(try fixture.replace(listing.id, with: content).review)
        let previous = try #require(try round(fixture, again.id))
        #expect(previous.review.id == held.id)
        #expect(previous.review.reasonCode == .prohibited)
        #expect(previous.changedFields == ["description"])
        #expect(previous.requestedNotChanged == nil, "a refusal asks for no fields")
    }

    /// A listing decided before 0.41 kept no content: the round is shown, what changed is unknown
    /// (not "nothing").
    @Test func aRoundDecidedBeforeTheContentWasKeptSaysNothingOfChanges() throws {
        let fixture = try ListingFixture()
        let first = try #require(try fixture.post(ListingFixture.item("电饭煲")).review)
        _ = try fixture.claim(first.id, as: fixture.moderatorA)
        _ = try fixture.decide(first.id, ReviewDecision(decision: .requestChanges, message: "请补充照片", fields: ["photos"]), as: fixture.moderatorA)
        try fixture.base.database.writeSync { db in try db.execute(sql: "UPDATE reviews SET decided_content_json = NULL") }
        let second = try #require(try fixture.store.transactionSync { tx in
            try ListingCommands.submit(tx, principal: fixture.resident, id: first.listingID, expectedVersion: nil,
                                       services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }.review)
        let previous = try #require(try round(fixture, second.id))
        #expect(previous.review.requestedFields == ["photos"])
        #expect(previous.changedFields == nil)
        #expect(previous.requestedNotChanged == nil)
    }
}
