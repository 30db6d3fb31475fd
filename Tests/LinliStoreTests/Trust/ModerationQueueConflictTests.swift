import Foundation
import GRDB
import LinliDomain
import Testing
@testable import LinliStore

/// Helper 137: queues listed what the reader may not decide, each answered 403 only once claimed:
/// her own listing in the review queue, an appeal of her own action. They are left out; another
/// moderator sees them.
@Suite struct ModerationQueueConflictTests {
    static func reviews(_ f: ListingFixture, _ reader: Principal) throws -> [ListingID] {
        try f.store.database.readSync { db in
            try ReviewQueries.list(db, principal: reader, status: nil, page: PageRequest(after: nil, limit: 50))
        }.items.map(\.listingID)
    }

    static func appeals(_ f: ListingFixture, _ reader: Principal) throws -> [AppealID] {
        try f.store.database.readSync { db in
            try AppealQueries.list(db, principal: reader, status: .pending, page: PageRequest(after: nil, limit: 50))
        }.items.map(\.appeal.id)
    }

    @Test func theReviewQueueLeavesOutTheReadersOwnListings() throws {
        let f = try ListingFixture()
        let own = try f.post(ListingFixture.item("台钻"), as: f.moderatorA).listing
        let theirs = try f.post(ListingFixture.item("书架")).listing
        #expect(try Self.reviews(f, f.moderatorA) == [theirs.id])
        #expect(Set(try Self.reviews(f, f.moderatorB)) == [own.id, theirs.id])
        #expect(try f.store.database.readSync { db in try ReviewQueries.health(db, community: f.resident.communityID, now: f.clock.now()) }
            .pendingCount == 2, "the community's queue still counts both")
    }

    @Test func theAppealQueueLeavesOutAppealsOfTheReadersOwnActions() throws {
        let f = try ListingFixture()
        let report = try f.fileReport(about: f.neighbour.memberID, as: f.resident)
        let warning = try f.claimAndResolve(report.id, [.init(kind: .warn)], as: f.moderatorA)[0]
        let appeal = try f.fileAppeal(warning.id, as: f.neighbour)
        #expect(try Self.appeals(f, f.moderatorA).isEmpty)
        #expect(try Self.appeals(f, f.moderatorB) == [appeal.id])
    }

    /// Helper 139: the filters covered only part of each decision's rule. A listing the admin
    /// posted for a resident, and an appeal of a case the moderator reported, were still listed.
    @Test func theQueuesLeaveOutWhatTheReaderPostedOrReported() throws {
        let f = try ListingFixture()
        let forHer = try f.post(ListingFixture.item("轮椅"), as: f.admin, owner: f.neighbour.memberID).listing
        #expect(try !Self.reviews(f, f.admin).contains(forHer.id))
        #expect(try Self.reviews(f, f.moderatorA).contains(forHer.id))

        let report = try f.fileReport(about: f.neighbour.memberID, as: f.moderatorB)
        let warning = try f.claimAndResolve(report.id, [.init(kind: .warn)], as: f.moderatorA)[0]
        let appeal = try f.fileAppeal(warning.id, as: f.neighbour)
        #expect(try Self.appeals(f, f.moderatorB).isEmpty, "she reported the case")
        #expect(try Self.appeals(f, f.admin) == [appeal.id])
    }
}

/// Helper 137: the moderator who recorded a no-show saw its contest in her queue, then 403
/// `exchange.not_your_part` on deciding it.
@Suite struct NoShowContestQueueConflictTests {
    @Test func theContestQueueLeavesOutANoShowTheReaderRecorded() throws {
        let f = try ExchangeFixture()
        let accepted = try f.accept(try f.request(try f.offer())).exchange
        f.clock.advance(by: 2 * 3600)
        let recorded = try f.noShow(accepted, as: f.moderator, absent: f.neighbour.memberID)
        _ = try f.contest(recorded, as: f.neighbour)
        func queue(_ reader: Principal) throws -> [ExchangeID] {
            try f.store.database.readSync { db in
                try ExchangeQueries.contests(db, principal: reader, state: .open, page: PageRequest(after: nil, limit: 50))
            }.items.map(\.exchangeID)
        }
        #expect(try queue(f.moderator).isEmpty)
        #expect(try queue(f.listings.moderatorB) == [recorded.id])
        let recording = try f.store.database.readSync { db in
            try NoShowContestCommands.recording(db, community: recorded.communityID, exchange: recorded.id)
        }
        #expect(recording.by == f.moderator.memberID)
    }
}
