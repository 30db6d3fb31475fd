import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 137: a listing taken down by mistake could be put back only through a case's appeal; the
/// owner's notice sent her to the service station, which could not either.
@Suite struct ListingReinstatementTests {
    func reinstate(_ f: ListingFixture, _ id: ListingID, as moderator: Principal) throws -> Listing {
        try f.store.transactionSync { tx in
            try ListingCommands.reinstateByHand(
                tx, principal: moderator, id: id, input: ListingReinstatement(message: "误判，已核实是本人的旧物"), expectedVersion: nil,
                services: f.services, actor: .member(moderator, requestID: nil))
        }
    }

    @Test func aRemovalByHandIsUndoneAndTheOwnerTold() throws {
        let f = try ListingFixture()
        let listing = try f.publish(ListingFixture.item("电锯"))
        _ = try f.store.transactionSync { tx in
            try ListingCommands.remove(
                tx, principal: f.moderatorB, id: listing.id, input: ListingRemoval(reasonCode: .unsafe, message: "电锯需当面演示"),
                expectedVersion: nil, services: f.services, actor: .member(f.moderatorB, requestID: nil))
        }
        let notRemoved = try #require(throws: DomainError.self) { try reinstate(f, try f.publish(ListingFixture.item("台灯")).id, as: f.moderatorA) }
        #expect(notRemoved.code == "listing.not_removed" && notRemoved.parameters["status"] == "published")
        let forbidden = try #require(throws: DomainError.self) { try reinstate(f, listing.id, as: f.resident) }
        #expect(forbidden == .forbidden(.listingRemove))

        let back = try reinstate(f, listing.id, as: f.moderatorA)
        #expect(back.status == .published && back.decisionReasonCode == nil)
        let told = try f.base.database.readSync { db in
            try MemberNotifications.decode(try #require(try Row.fetchOne(
                db, sql: "SELECT * FROM member_notifications WHERE member_id = ? AND kind = 'listing_reviewed' ORDER BY id DESC LIMIT 1",
                arguments: [f.resident.memberID.rawValue])))
        }
        #expect(told.text(in: .zhCN) == "审核员撤销了对您的发布“电锯”的下架，邻居们又可以看到它了。说明：误判，已核实是本人的旧物", "\(told.text(in: .zhCN))")
    }

    @Test func aRemovalACaseOrderedIsUndoneByItsAppealOnly() throws {
        let f = try ListingFixture()
        let listing = try f.publish(ListingFixture.item("保健品"))
        let report = try f.fileReport(on: .listing, listing.id.rawValue, category: .fakeListing, as: f.neighbour, text: "虚假宣传")
        _ = try f.claimAndResolve(report.id, [.init(kind: .removeListing)], as: f.moderatorA)
        let refused = try #require(throws: DomainError.self) { try reinstate(f, listing.id, as: f.moderatorB) }
        #expect(refused.code == "listing.removed_by_case" && refused.parameters["case_id"] == report.id.rawValue)
    }
}
