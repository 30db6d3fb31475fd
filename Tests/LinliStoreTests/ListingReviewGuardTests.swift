import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliStore
import Testing

/// Found by review 9d (each test failed first): which edits of a published listing go back to a moderator.
@Suite struct PublishedEditReviewTests {
    static func lesson() -> ListingContent {
        ListingContent(
            direction: .offer, kind: .skill, categoryCode: "tutoring", title: "小学数学辅导", description: "退休教师，耐心细致。",
            area: "北门", durationMinutes: 60, skillName: "小学数学", level: .advanced, certification: .verifiedLicence,
            evidenceRef: "教师资格证 20190001")
    }

    /// The pre-screen reads the skill name for hotwords (`PreScreen.evaluate`: title, description,
    /// skill name), and the skill name is shown on the listing; yet
    /// `ListingContent.materialChanges` does not count it, so `ListingCommands.replaceContent`
    /// writes a changed skill name on a published listing in place: no review, no hotword check.
    /// The same holds for the certification evidence a moderator checked before a
    /// `verified_licence` (×1.30) was published.
    @Test(arguments: ["skill_name", "evidence_ref"])
    func editOfAPublishedSkillGoesToReview(field: String) throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(Self.lesson())
        #expect(listing.status == .published)
        var changed = listing.content
        if field == "skill_name" { changed.skillName = "加微信代购保健品" } else { changed.evidenceRef = "无" }
        let change = try fixture.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: fixture.resident, id: listing.id, input: ListingInput(content: changed), expectedVersion: listing.version,
                services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }
        #expect(change.review != nil, "\(field) changed on a published listing without review")
        let seen = try #require(try fixture.browse(ListingFilter(kind: .skill), as: fixture.neighbour).first)
        #expect(seen.content.skillName == "小学数学")
        #expect(seen.content.evidenceRef == "教师资格证 20190001")
    }

    /// Session 27 review (helper 88): the area is not material and is changed in place, without
    /// any screening; an area carrying a hotword goes to review, any other is still changed in place.
    @Test func anAreaWithAHotwordGoesToReview() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(Self.lesson())
        func edit(area: String, version: Int) throws -> ListingChange {
            var changed = listing.content
            changed.area = area
            return try fixture.replace(listing.id, with: changed, version: version)
        }
        let moved = try edit(area: "南门", version: listing.version)
        #expect(moved.review == nil && moved.listing.content.area == "南门")
        let flagged = try edit(area: "南门 加微信", version: moved.listing.version)
        #expect(flagged.review?.signals.contains { $0.code == .hotword } == true)
        #expect(try fixture.browse(ListingFilter(kind: .skill), as: fixture.neighbour).first?.content.area == "南门")
    }
}

/// Found by review 9d (each test failed first): demand counted for the scarcity step.
@Suite struct ScarcityWithdrawnTests {
    /// README: "drafts, rejected and removed listings never count" — so that "a burst of fake
    /// requests that moderators threw out cannot make a category dearer". Requests submitted and
    /// withdrawn by their owner before any moderator saw them never were public either, yet
    /// `ScarcityQueries.countedRows` (`status NOT IN ('draft', 'rejected', 'removed')`) counts
    /// them as demand: six requests posted and withdrawn at once make the next tools offer 30 %
    /// dearer (scarcity ×1.30) without a moderator ever being involved.
    @Test func requestsWithdrawnBeforeReviewAreNotDemand() throws {
        let fixture = try ListingFixture()
        for index in 0..<6 {
            var request = ListingFixture.item("求借电钻 \(index)")
            request.direction = .request
            let posted = try fixture.post(request, as: fixture.neighbour)
            #expect(posted.listing.status == .pendingReview)
            _ = try fixture.store.transactionSync { tx in
                try ListingCommands.withdraw(
                    tx, principal: fixture.neighbour, id: posted.listing.id, expectedVersion: nil, services: fixture.services,
                    actor: .member(fixture.neighbour, requestID: nil))
            }
        }
        fixture.clock.advance(by: 120)  // past the scarcity cache
        let offer = try fixture.post(ListingFixture.item("手电钻")).listing
        // default.yaml: 300 × 0.10 × 0.75 (good) × 0.8909 (6 months) = 20.04 → 20, no scarcity adjustment.
        #expect(offer.valuation.points == 20, "valued at \(offer.valuation.points)")
        #expect(!offer.valuation.breakdownJSON.contains("\"factor\":\"1.30\""))
    }

    /// Found by review (session 22): requests waiting for a moderator counted as demand. Six fake
    /// requests held for review made the next offer ×1.30, and stayed counted while they waited;
    /// once one of them is published it is demand like any other.
    @Test func requestsStillInReviewAreNotDemandUntilPublished() throws {
        let fixture = try ListingFixture()
        var held: [ReviewID] = []
        for index in 0..<6 {
            var request = ListingFixture.item("求借电钻 \(index)")
            request.direction = .request
            let posted = try fixture.post(request, as: fixture.neighbour)
            #expect(posted.listing.status == .pendingReview)
            held.append(try #require(posted.review).id)
        }
        fixture.clock.advance(by: 120)  // past the scarcity cache
        let offer = try fixture.post(ListingFixture.item("手电钻")).listing
        #expect(offer.valuation.points == 20, "valued at \(offer.valuation.points)")
        #expect(!offer.valuation.breakdownJSON.contains("\"factor\":\"1.30\""))

        func counts() throws -> ScarcityCounts {
            try fixture.base.database.readSync { db in
                try ScarcityQueries.counts(
                    db, community: fixture.resident.communityID, category: "tools", windowDays: 30, at: fixture.clock.now())
            }
        }
        #expect(try counts().demand == 0)
        _ = try fixture.claim(held[0], as: fixture.moderatorA)
        let approved = try fixture.decide(
            held[0], ReviewDecision(decision: .approve, reasonCode: nil, message: nil, fields: nil), as: fixture.moderatorA)
        #expect(approved.listing.status == .published)
        #expect(try counts().demand == 1)
    }
}
