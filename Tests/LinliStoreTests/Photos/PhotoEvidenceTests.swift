import Foundation
import GRDB
import LinliDomain
import LinliTestSupport
import LinliTrust
import Testing
@testable import LinliStore

/// Session 24 review (photo evidence): a listing's earlier picture (replaced by an edit) and the
/// pictures of a rejected edit were forgotten after `photos.orphan_days` even while a case about
/// the listing's owner was open, so the moderator lost the evidence mid-case. The sweep also read
/// every open edit's and report's JSON with `LIKE` once per old photo; the link tables of
/// migration 0027 replace that. And a file whose row was never committed stayed on disk for ever.
@Suite struct PhotoEvidenceTests {
    typealias Housekeeping = PhotoHousekeepingTests

    /// Puts `content` as the resident's new content of `listing` (an edit waiting for review,
    /// since the listing is published) and returns its review.
    static func edit(_ f: ListingFixture, _ listing: ListingID, _ content: ListingContent) throws -> ReviewID {
        let change = try f.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: f.resident, id: listing, input: ListingInput(content: content), expectedVersion: nil,
                services: f.services, actor: .member(f.resident, requestID: nil))
        }
        return try #require(change.review).id
    }

    /// A moderator claims the edit's review and decides it.
    static func decide(_ f: ListingFixture, _ review: ReviewID, _ decision: ReviewDecision) throws {
        _ = try f.claim(review, as: f.moderatorA)
        _ = try f.decide(review, decision, as: f.moderatorA)
    }

    static func forget(_ f: ListingFixture) throws -> [String] {
        try f.store.transactionSync { tx in try PhotoSweep.forget(tx, orphanDays: 7, rules: f.services.rules) }.map(\.sha256)
    }

    /// Uploads `count` photos of the resident, publishes a listing showing the first and, after
    /// `waiting` seconds, has an approved edit replace it with the second. Returns the listing,
    /// the photos and its content as it now stands.
    static func replacedPhoto(
        _ f: ListingFixture, photos count: Int, waiting: TimeInterval = 0
    ) throws -> (listing: ListingID, photos: [PhotoRecord], content: ListingContent) {
        let storage = Housekeeping.storage(f)
        let photos = try (1...count).map { try Housekeeping.upload(f, $0, as: f.resident, storage: storage) }
        var content = ListingFixture.item("电钻")
        content.photos = [photos[0].sha256]
        let listing = try f.publish(content)
        f.clock.advance(by: waiting)
        content.photos = [photos[1].sha256]
        content.description = "换了新电池。"
        try Self.decide(f, try Self.edit(f, listing.id, content), ReviewDecision(decision: .approve))
        return (listing.id, photos, content)
    }

    @Test func aListingsEarlierAndRejectedPhotosAreKeptWhileACaseAboutItsOwnerIsOpen() throws {
        let f = try ListingFixture()
        var (listing, photos, content) = try Self.replacedPhoto(f, photos: 3)
        let (first, second, rejected) = (photos[0], photos[1], photos[2])
        let unrelated = try Housekeeping.upload(f, 4, as: f.neighbour, storage: Housekeeping.storage(f))
        content.photos = [second.sha256, rejected.sha256]
        content.description = "再加一张照片。"
        try Self.decide(f, try Self.edit(f, listing, content), ReviewDecision(decision: .reject, reasonCode: .other, message: "照片与物品不符"))
        let moderationCase = try f.fileReport(about: f.resident.memberID, as: f.neighbour, text: "实物和最初的照片不一样")
        f.clock.advance(by: 8 * 86_400)
        #expect(try Self.forget(f) == [unrelated.sha256], "the case is open: the listing's earlier and rejected photos are evidence")
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .dismiss)], as: f.moderatorB)
        #expect(try Set(Self.forget(f)) == [first.sha256, rejected.sha256], "the case is closed: named by nothing any more")
    }

    /// Session 24 review: the evidence went once the case was decided, while the member could
    /// still appeal (`moderation.appeal_window_days`, 14 by default) and while the appeal waited,
    /// so the moderator deciding the appeal had lost the listing's earlier picture. A dismissal
    /// cannot be appealed: nothing is kept for it (above).
    @Test func theEvidenceStaysWhileTheDecisionMayBeAppealed() throws {
        let f = try ListingFixture()
        let first = try Self.replacedPhoto(f, photos: 2).photos[0]
        let moderationCase = try f.fileReport(about: f.resident.memberID, as: f.neighbour, text: "实物和最初的照片不一样")
        let actions = try f.claimAndResolve(moderationCase.id, [.init(kind: .warn)], as: f.moderatorB)
        f.clock.advance(by: 13 * 86_400)
        #expect(try Self.forget(f).isEmpty, "the warning may still be appealed")
        let appeal = try f.fileAppeal(try #require(actions.first).id, as: f.resident)
        f.clock.advance(by: 3 * 86_400)
        #expect(try Self.forget(f).isEmpty, "past the window, but the appeal is pending")
        try f.overturnAppeal(appeal.id, as: f.moderatorA)
        #expect(try Self.forget(f) == [first.sha256], "the appeal is decided")
    }

    /// Session 24 review: the orphan days counted from the upload, so a month-old picture that an
    /// edit replaced (or a rejected edit proposed) was forgotten within the hour, before anyone
    /// could report "the listing showed something else". They count from when it stopped being
    /// named.
    @Test func theDaysCountFromWhenAPhotoStoppedBeingNamed() throws {
        let f = try ListingFixture()
        var (listing, photos, content) = try Self.replacedPhoto(f, photos: 3, waiting: 30 * 86_400)
        let (first, proposed) = (photos[0], photos[2])
        content.photos = [photos[1].sha256, proposed.sha256]
        content.description = "再加一张。"
        try Self.decide(f, try Self.edit(f, listing, content), ReviewDecision(decision: .reject, reasonCode: .other, message: "照片模糊"))
        #expect(try Self.forget(f).isEmpty, "replaced and rejected today")
        // Session 25 review: counted from the listing's last change, a listing changed every few
        // days kept every photo it ever showed. The days count from when it stopped showing it.
        f.clock.advance(by: 5 * 86_400)
        content.photos = [photos[1].sha256]
        content.description = "换了新电池，价格可议。"
        try Self.decide(f, try Self.edit(f, listing, content), ReviewDecision(decision: .approve))
        f.clock.advance(by: 2 * 86_400 - 60)
        #expect(try Self.forget(f).isEmpty)
        f.clock.advance(by: 120)
        #expect(try Set(Self.forget(f)) == [first.sha256, proposed.sha256], "the listing changed two days ago; the photos went seven days ago")
    }

    /// A case about an exchange concerns the listing exchanged, whoever it is about (here the
    /// requester, not the listing's owner).
    @Test func aCaseAboutAnExchangeKeepsItsListingsEarlierPhotos() throws {
        let x = try ExchangeFixture()
        let f = x.listings
        let storage = Housekeeping.storage(f)
        let first = try Housekeeping.upload(f, 1, as: f.resident, storage: storage)
        let second = try Housekeeping.upload(f, 2, as: f.resident, storage: storage)
        var content = ListingFixture.item("折叠梯")
        content.photos = [first.sha256]
        let listing = try f.publish(content)
        content.photos = [second.sha256]
        content.description = "换了一张清楚的照片。"
        try Self.decide(f, try Self.edit(f, listing.id, content), ReviewDecision(decision: .approve))
        let exchange = try x.accept(try x.request(try x.listing(listing.id))).exchange
        let moderationCase = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: f.resident,
                input: ReportInput(targetType: .exchange, targetID: exchange.id.rawValue, category: .other, text: "对方说梯子和照片不一样，要求退分"),
                policies: TrustPolicies())
        }.moderationCase
        #expect(moderationCase.targetMemberID == f.neighbour.memberID)
        f.clock.advance(by: 8 * 86_400)
        #expect(try Self.forget(f).isEmpty)
        _ = try f.claimAndResolve(moderationCase.id, [.init(kind: .dismiss)], as: f.moderatorB)
        #expect(try Self.forget(f) == [first.sha256])
    }

    /// Migration 0027 fills the link tables from the edits, reports and listings already there.
    @Test func theMigrationFillsTheLinksOfExistingEditsReportsAndListings() throws {
        let f = try ListingFixture()
        let storage = Housekeeping.storage(f)
        let shown = try Housekeeping.upload(f, 1, as: f.resident, storage: storage)
        let proposed = try Housekeeping.upload(f, 2, as: f.resident, storage: storage)
        let attached = try Housekeeping.upload(f, 3, as: f.neighbour, storage: storage)
        var content = ListingFixture.item("电钻")
        content.photos = [shown.sha256]
        let listing = try f.publish(content)
        content.photos = [shown.sha256, proposed.sha256]
        content.description = "加一张背面的照片。"
        _ = try Self.edit(f, listing.id, content)
        let report = try f.store.transactionSync { tx in
            try ReportCommands.file(
                tx, principal: f.neighbour,
                input: ReportInput(
                    targetType: .listing, targetID: listing.id.rawValue, category: .notAsDescribed, text: "照片是网上的图",
                    photos: [attached.sha256]),
                policies: TrustPolicies())
        }.report
        let migration = try #require(MigrationRunner.shipped.migrations.first { $0.name.hasPrefix("0027_") })
        let backfills = migration.sql.components(separatedBy: ";").filter { $0.contains("INSERT INTO") }
        #expect(backfills.count == 3)
        let tables = ["edit_photos", "report_photos", "listing_photo_history"]
        let written = try f.base.database.readSync { db in
            try tables.map { try Row.fetchAll(db, sql: "SELECT * FROM \($0) ORDER BY 1, 2") }
        }
        #expect(written.map(\.count) == [2, 1, 1], "written by the use cases themselves")
        try f.base.database.writeSync { db in
            for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
            for statement in backfills { try db.execute(sql: statement) }
        }
        let backfilled = try f.base.database.readSync { db in
            try tables.map { try Row.fetchAll(db, sql: "SELECT * FROM \($0) ORDER BY 1, 2") }
        }
        #expect(backfilled == written)
        #expect(backfilled[1].first?["report_id"] == report.id.rawValue && backfilled[1].first?["sha256"] == attached.sha256)
        #expect(Set(backfilled[0].map { $0["sha256"] as String }) == [shown.sha256, proposed.sha256])
    }

    /// Session 25 review: the evidence test scanned every case of the community for each
    /// candidate photo (an OR over how a case concerns the listing defeated the indexes). Each
    /// way is now an index search: no table of cases, actions, appeals or exchanges is scanned.
    @Test func theEvidenceSearchUsesIndexes() throws {
        let f = try ListingFixture()
        let plan = try f.base.database.readSync { db in
            let (sql, arguments) = try PhotoSweep.unnamedQuery(db, now: f.clock.now(), orphanDays: 7, rules: f.services.rules, among: nil)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("trust_cases_by_target (community_id=? AND target_type=? AND target_id=?)") })
        #expect(plan.contains { $0.contains("exchanges_by_listing (community_id=? AND listing_id=?)") })
        #expect(plan.contains { $0.contains("trust_cases_by_member (community_id=? AND target_member_id=?)") })
        let scans = plan.filter { $0.hasPrefix("SCAN") && !$0.hasPrefix("SCAN p") && !$0.contains("CONSTANT ROW") && !$0.hasPrefix("SCAN w") }
        #expect(scans.isEmpty, "\(plan)")
    }

    /// Migration 0031 gives the photos a listing no longer shows the listing's last change as
    /// the moment they went; the ones it shows keep none.
    @Test func theMigrationDatesThePhotosAlreadyTakenOut() throws {
        let f = try ListingFixture()
        let (listing, photos, _) = try Self.replacedPhoto(f, photos: 2, waiting: 86_400)
        let migration = try #require(MigrationRunner.shipped.migrations.first { $0.name.hasPrefix("0031_") })
        let backfill = try #require(migration.sql.components(separatedBy: ";").first { $0.contains("UPDATE listing_photo_history") })
        let written = try f.base.database.writeSync { db in
            let written = try Row.fetchAll(db, sql: "SELECT sha256, removed_at FROM listing_photo_history ORDER BY sha256")
            try db.execute(sql: "UPDATE listing_photo_history SET removed_at = NULL")
            try db.execute(sql: backfill)
            return written
        }
        let backfilled = try f.base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT sha256, removed_at FROM listing_photo_history ORDER BY sha256")
        }
        #expect(backfilled == written, "the backfill gives what the edit wrote")
        let updated = try f.base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT updated_at FROM listings WHERE id = ?", arguments: [listing.rawValue])
        }
        let removed = backfilled.first { $0["sha256"] == photos[0].sha256 }
        #expect(removed?["removed_at"] == updated && updated != nil)
        #expect(backfilled.first { $0["sha256"] == photos[1].sha256 }?["removed_at"] == DatabaseValue.null)
    }

    /// A file no row names (its upload's transaction failed after the file was written, or a
    /// crash left a temporary file) goes once it is older than the cutoff; files rows name stay.
    @Test func filesNoRowNamesAreRemoved() throws {
        let f = try ListingFixture()
        let storage = Housekeeping.storage(f)
        let kept = try Housekeeping.upload(f, 1, as: f.resident, storage: storage)
        let strayDigest = PhotoStorage.sha256Hex(Housekeeping.picture(2))
        try storage.store(Housekeeping.picture(2), digest: strayDigest, format: .png)
        let shard = storage.root.appendingPathComponent(String(strayDigest.prefix(2)))
        let temporary = shard.appendingPathComponent(".\(strayDigest).\(UUID().uuidString).tmp")
        try Data([1, 2, 3]).write(to: temporary)
        let unknown = shard.appendingPathComponent("notes.txt")
        try Data("operator's file".utf8).write(to: unknown)
        // The marker's temporary file a crash left between writing and linking (note 29), and a
        // fresh one another process is writing now; the marker itself is never a candidate.
        try FileManager.default.createDirectory(at: storage.root, withIntermediateDirectories: true)
        let markerTemporary = storage.root.appendingPathComponent(".linli-database.\(UUID().uuidString).tmp")
        let markerWriting = storage.root.appendingPathComponent(".linli-database.\(UUID().uuidString).tmp")
        let marker = storage.root.appendingPathComponent(PhotoDirectoryOwner.markerName)
        for url in [markerTemporary, markerWriting, marker] { try Data("linli-db-x\n".utf8).write(to: url) }
        let recentDigest = PhotoStorage.sha256Hex(Housekeeping.picture(3))
        try storage.store(Housekeeping.picture(3), digest: recentDigest, format: .png)
        let old = Date().addingTimeInterval(-3 * 86_400)
        for url in [storage.url(for: kept.sha256, format: .png), storage.url(for: strayDigest, format: .png), temporary, unknown, markerTemporary, marker] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: url.path)
        }
        let candidates = PhotoSweep.files(modifiedBefore: Date().addingTimeInterval(-86_400), storage: storage)
        #expect(
            Set(candidates.map(\.url.lastPathComponent))
                == ["\(kept.sha256).png", "\(strayDigest).png", temporary.lastPathComponent, markerTemporary.lastPathComponent])
        #expect(try f.store.transactionSync { tx in try PhotoSweep.removeStrayFiles(tx, candidates) } == 3)
        let exists = { (url: URL) in FileManager.default.fileExists(atPath: url.path) }
        #expect(exists(storage.url(for: kept.sha256, format: .png)), "a row names it")
        #expect(!exists(storage.url(for: strayDigest, format: .png)) && !exists(temporary) && !exists(markerTemporary))
        #expect(exists(marker) && exists(markerWriting), "the marker, and a temporary file too new to be a crash's")
        #expect(exists(unknown) && exists(storage.url(for: recentDigest, format: .png)), "not ours, or not old enough")
        #expect(try f.store.transactionSync { tx in try PhotoSweep.removeStrayFiles(tx, candidates) } == 0, "gone already")
    }
}
