import Foundation
import LinliDomain
import Testing
@testable import LinliStore

/// An overturned `remove_listing` undoes the removal (session 17 black-box review: the owner won
/// the appeal, was told the action was overturned, and the listing stayed removed for good,
/// since `removed` is final and cannot be resubmitted).
@Suite struct AppealRemedyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The listing had been published before it was removed (otherwise: removed in review).
        let published: Bool
        let overturn: Bool
        let after: ListingStatus
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "published, overturned: published again", published: true, overturn: true, after: .published),
        Case(name: "never published, overturned: back to its owner", published: false, overturn: true, after: .changesRequested),
        Case(name: "upheld: stays removed", published: true, overturn: false, after: .removed),
    ]

    @Test(arguments: cases)
    func anOverturnedRemovalIsUndone(_ c: Case) throws {
        let f = try ListingFixture()
        let listing = c.published ? try f.publish(ListingFixture.item("折叠梯")) : try f.post(ListingFixture.item("折叠梯")).listing
        #expect(listing.status == (c.published ? .published : .pendingReview))
        let caseID = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: f.moderatorB,
                input: ReportInput(targetType: .listing, targetID: listing.id.rawValue, category: .fakeListing, text: "照片是网图"),
                policies: TrustPolicies())
        }.moderationCase.id
        let action = try #require(try f.claimAndResolve(caseID, [.init(kind: .removeListing)], as: f.moderatorA).first)
        #expect(try stored(f, listing.id).status == .removed)
        f.clock.advance(by: 3 * 86_400)

        let appeal = try f.fileAppeal(action.id, as: f.resident)
        _ = try f.store.transactionSync { tx in
            try AppealCommands.decide(
                tx, principal: f.admin, id: appeal.id, overturn: c.overturn, reason: "照片是本人拍摄", limits: .standard,
                listings: f.services, actor: .member(f.admin, requestID: nil))
        }
        let after = try stored(f, listing.id)
        #expect(after.status == c.after)
        if c.after == .published {
            #expect(after.publishedAt == f.clock.now(), "a fresh publication")
            #expect((after.expiresAt ?? .distantPast) > f.clock.now())
            #expect(after.decisionReasonCode == nil)
        }
        let reinstated = try f.base.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries WHERE action = 'listing.reinstated' AND target_id = ?", arguments: [listing.id.rawValue])
        }
        #expect(reinstated == (c.overturn ? 1 : 0))
        #expect(try f.events("listing.reinstated").count == (c.overturn ? 1 : 0))
        if c.after == .changesRequested {
            // The owner may edit and submit it again.
            let resubmitted = try f.store.transactionSync { tx in
                try ListingCommands.submit(tx, principal: f.resident, id: listing.id, expectedVersion: nil, services: f.services, actor: .member(f.resident, requestID: nil))
            }
            #expect(resubmitted.listing.status == .pendingReview)
        }
    }

    func stored(_ f: ListingFixture, _ id: ListingID) throws -> Listing {
        try f.base.database.readSync { db in try ListingQueries.fetch(db, principal: f.admin, id: id) }
    }
}
