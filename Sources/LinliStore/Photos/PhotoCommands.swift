import Foundation
import GRDB
import LinliDomain

/// A stored photo's metadata (derived from its bytes, never from the client).
public struct PhotoRecord: Sendable, Equatable {
    public let sha256: String
    public let format: PhotoFormat
    public let byteSize: Int
    public let width: Int?
    public let height: Int?
    public let uploadedBy: MemberID
    /// When it was first uploaded (what the uploader's daily limit counts); the answer to an
    /// upload of the same bytes again carries that upload's time instead (`uploaded(at:)`).
    public let createdAt: Date

    func uploaded(at date: Date) -> PhotoRecord {
        PhotoRecord(sha256: sha256, format: format, byteSize: byteSize, width: width, height: height, uploadedBy: uploadedBy, createdAt: date)
    }
}

/// An upload that passed inspection, scrubbed and named by its digest, ready for `record` (which
/// writes the file).
public struct PreparedPhoto: Sendable {
    public let digest: String
    public let inspected: PhotoInspector.Inspected
    /// Its bytes already on disk under a temporary name (`PhotoCommands.stage`), or nil when
    /// `record` is to write them itself.
    public var staged: PhotoStorage.Staged?

    /// Writes (or places the staged) file under the photo's name unless it is there already.
    func place(_ storage: PhotoStorage) throws -> Bool {
        if let staged { return try storage.place(staged) }
        return try storage.store(inspected.bytes, digest: digest, format: inspected.format)
    }
}

/// Recording uploaded photos per community.
public enum PhotoCommands {
    /// Inspects and scrubs an upload and computes its digest, before (and outside) the database
    /// transaction: the CPU work never holds up the single writer. Nothing is written yet
    /// (`stage` writes a temporary file the caller discards, so an upload `record` refuses, the
    /// daily limit, leaves nothing on disk).
    public static func prepare(_ bytes: [UInt8], declaredType: String?, storage: PhotoStorage) throws -> PreparedPhoto {
        guard let declaredType, let declared = PhotoFormat(mediaType: declaredType) else {
            throw DomainError(code: "photo.unsupported_media_type", category: .unsupportedMedia)
        }
        guard !bytes.isEmpty else { throw DomainError(code: "photo.empty", category: .invalidInput) }
        let inspected = try PhotoInspector.inspect(bytes, declared: declared, maxBytes: storage.maxBytes)
        return PreparedPhoto(digest: PhotoStorage.sha256Hex(inspected.bytes), inspected: inspected)
    }

    /// Writes a prepared photo's bytes to a temporary file and flushes them, before the
    /// transaction that records it (`PhotoStorage.stage`): the server's upload route, so flushing
    /// up to `photos.max_bytes` does not hold the single writer. The caller discards the staged
    /// file afterwards (`PhotoStorage.Staged.discard`, a no-op once `record` placed it).
    public static func stage(_ prepared: PreparedPhoto, storage: PhotoStorage) throws -> PreparedPhoto {
        // The same bytes again: the file is there (a sweep that removes it meanwhile leaves
        // `record` to write it itself), so nothing to write and flush for nothing.
        guard !storage.holds(digest: prepared.digest, format: prepared.inspected.format) else { return prepared }
        var staged = prepared
        staged.staged = try storage.stage(prepared.inspected.bytes, digest: prepared.digest, format: prepared.inspected.format)
        return staged
    }

    /// Records that the caller's community has the photo and writes its file (once per content);
    /// the existing record for repeated bytes. A new photo counts against the member's daily
    /// limit (`PhotoStorage.dailyLimitPerMember`), checked before the file gets its name:
    /// without one, a single account could fill the server's disk. The file gets its name
    /// inside the write transaction (placed from `stage`, or written here), so the orphan sweep
    /// (which deletes files inside one too) and an upload of the same bytes never cross; a file
    /// this call placed is removed again if the row is not written.
    public static func record(
        _ tx: Transaction, principal: Principal, photo prepared: PreparedPhoto, storage: PhotoStorage
    ) throws -> (photo: PhotoRecord, created: Bool) {
        try principal.require(.listingCreate)
        let inspected = prepared.inspected
        if let existing = try fetch(tx.db, community: principal.communityID, sha256: prepared.digest) {
            // New to her, so it counts as new against her daily limit, and she is recorded as one
            // of its uploaders (`photo_uploads`): she may download it as her own, and the answer
            // does not tell when, or whether, someone else had (a neighbour's 200 where she
            // expected 201, or a 404 on the photo she had just uploaded, said somebody here has
            // this exact photo; session 28 review). `created` is false only for her own again.
            let new = try !hasUploaded(tx.db, principal: principal, sha256: prepared.digest)
            if new {
                try checkNewPhotoLimits(tx.db, principal: principal, bytes: existing.byteSize, storage: storage, now: tx.now)
                try recordUploader(tx, principal: principal, sha256: prepared.digest)
            }
            // Uploaded again: the sweep counts its days from now (the member is about to use it).
            _ = try prepared.place(storage)
            try tx.db.execute(
                sql: "UPDATE photos SET last_uploaded_at = ? WHERE community_id = ? AND sha256 = ?",
                arguments: [tx.now, principal.communityID.rawValue, prepared.digest])
            return (existing.uploaded(at: tx.now), new)
        }
        try checkNewPhotoLimits(tx.db, principal: principal, bytes: inspected.bytes.count, storage: storage, now: tx.now)
        let wrote = try prepared.place(storage)
        let photo = PhotoRecord(
            sha256: prepared.digest, format: inspected.format, byteSize: inspected.bytes.count, width: inspected.width,
            height: inspected.height, uploadedBy: principal.memberID, createdAt: tx.now)
        do {
            try tx.db.execute(
                sql: """
                    INSERT INTO photos (community_id, sha256, media_type, byte_size, width, height, uploaded_by, created_at, last_uploaded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    principal.communityID.rawValue, prepared.digest, inspected.format.mediaType, photo.byteSize, photo.width,
                    photo.height, principal.memberID.rawValue, tx.now, tx.now,
                ])
            try recordUploader(tx, principal: principal, sha256: prepared.digest)
        } catch {
            if wrote { try? storage.remove(digest: prepared.digest, format: inspected.format) }
            throw error
        }
        return (photo, true)
    }

    /// Whether `principal` uploaded these bytes (first or not).
    static func hasUploaded(_ db: Database, principal: Principal, sha256: String) throws -> Bool {
        try uploaded(db, community: principal.communityID, sha256: sha256, byAnyOf: [principal.memberID])
    }

    /// Whether any of `members` uploaded these bytes (`photo_uploads`).
    static func uploaded(_ db: Database, community: CommunityID, sha256: String, byAnyOf members: [MemberID]) throws -> Bool {
        let list = Set(members).map(\.rawValue)
        return try Bool.fetchOne(
            db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM photo_uploads
                    WHERE community_id = ? AND sha256 = ? AND member_id IN (\(list.map { _ in "?" }.joined(separator: ", "))))
                """),
            arguments: StatementArguments([community.rawValue, sha256] + list)) ?? false
    }

    static func recordUploader(_ tx: Transaction, principal: Principal, sha256: String) throws {
        try tx.db.execute(
            sql: "INSERT INTO photo_uploads (community_id, sha256, member_id, uploaded_at) VALUES (?, ?, ?, ?)",
            arguments: [principal.communityID.rawValue, sha256, principal.memberID.rawValue, tx.now])
    }

    /// The same check in a read, before the upload is written to disk: 429 when `photo` would be
    /// new to her and she is at her limit (her own picture again still answers 200 later).
    public static func checkDailyLimit(_ db: Database, principal: Principal, photo: PreparedPhoto, storage: PhotoStorage, now: Date) throws {
        guard try !hasUploaded(db, principal: principal, sha256: photo.digest) else { return }
        try checkNewPhotoLimits(db, principal: principal, bytes: photo.inspected.bytes.count, storage: storage, now: now)
    }

    /// What a photo new to her must pass, in the read before the file is written and again in
    /// the write: her daily limit, then her storage quota with its `bytes`.
    static func checkNewPhotoLimits(_ db: Database, principal: Principal, bytes: Int, storage: PhotoStorage, now: Date) throws {
        try checkDailyLimit(db, principal: principal, limit: storage.dailyLimitPerMember, now: now)
        try checkStorageQuota(db, principal: principal, adding: bytes, storage: storage)
    }

    /// 409 `photo.storage_full` when the photos she holds (every one she uploaded, first or
    /// since, that is still kept) and this one would pass `maxTotalBytesPerMember`. Photos nothing
    /// names any more are forgotten by the sweep after `orphanDays`, which frees her room; so do
    /// drafts she deletes. A neighbour's bytes she uploaded again count as hers, as for the daily limit.
    static func checkStorageQuota(_ db: Database, principal: Principal, adding bytes: Int, storage: PhotoStorage) throws {
        let limit = storage.maxTotalBytesPerMember
        guard limit > 0, !principal.can(.listingManageOthers) else { return }
        let held = try Int.fetchOne(
            db,
            sql: """
                SELECT COALESCE(SUM(p.byte_size), 0) FROM photo_uploads u
                JOIN photos p ON p.community_id = u.community_id AND p.sha256 = u.sha256
                WHERE u.community_id = ? AND u.member_id = ?
                """,
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue]) ?? 0
        guard held + bytes <= limit else {
            throw DomainError(
                code: "photo.storage_full", category: .conflict,
                parameters: [
                    "used_mb": megabytes(held), "limit_mb": megabytes(limit), "orphan_days": String(storage.orphanDays),
                ])
        }
    }

    /// Bytes as megabytes (MiB) with one decimal, as people read a storage figure.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// 429 `photo.daily_limit` once the member has uploaded `limit` photos new to her this local
    /// day (a neighbour's bytes count as hers: she uploaded them), until the next local day
    /// (`retry_at`, which the API also sends as `Retry-After`).
    static func checkDailyLimit(_ db: Database, principal: Principal, limit: Int, now: Date) throws {
        guard limit > 0, !principal.can(.listingManageOthers) else { return }
        let day = LocalDayWindow(containing: now, timeZoneID: try CommunityCommands.fetch(db, id: principal.communityID).timezone)
        let today = try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM photo_uploads WHERE community_id = ? AND member_id = ? AND uploaded_at >= ? AND uploaded_at < ?",
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue, day.start.date, day.end.date]) ?? 0
        guard today < limit else {
            throw DomainError(
                code: "photo.daily_limit", category: .rateLimited, parameters: ["limit": String(limit)],
                instants: ["retry_at": day.end.date])
        }
    }

    /// Both steps in one call, for the command line and tests that already hold a transaction.
    public static func upload(
        _ tx: Transaction, principal: Principal, bytes: [UInt8], declaredType: String?, storage: PhotoStorage
    ) throws -> (photo: PhotoRecord, created: Bool) {
        try principal.require(.listingCreate)
        return try record(tx, principal: principal, photo: try prepare(bytes, declaredType: declaredType, storage: storage), storage: storage)
    }

    /// The photo for `principal` to download, or nil (404, as for an unknown one) unless they
    /// uploaded it (first or since: `photo_uploads`), may see every listing (`listing.read_all`),
    /// or may see a listing that shows it now (`seesAListingShowing`). So a photo goes out of sight with its listing: taken down
    /// by moderation, withdrawn by its owner (who expects her pictures to go with it), expired, or
    /// edited out of it, for everyone but those who still see the listing (its owner, the staff
    /// who registered it or act for her, the neighbours who asked for it).
    public static func readable(_ db: Database, principal: Principal, sha256: String, now: Date) throws -> PhotoRecord? {
        guard let photo = try fetch(db, community: principal.communityID, sha256: sha256) else { return nil }
        if principal.can(.listingReadAll) || photo.uploadedBy == principal.memberID { return photo }
        if try hasUploaded(db, principal: principal, sha256: sha256) { return photo }
        if try seesAListingShowing(db, principal: principal, sha256: sha256, now: now) { return photo }
        return try seesAnEditShowing(db, principal: principal, sha256: sha256, now: now) ? photo : nil
    }

    /// Whether an edit still open (pending) adds the photo to a listing
    /// the principal sees as its owner does (`ListingPersistence.seesAsOwner`): the edit is shown
    /// to them (`pending_edit`), and its photo answered 404 to whoever had not uploaded it, the
    /// resident or the staff who registered her listing (helper 155 #3).
    static func seesAnEditShowing(_ db: Database, principal: Principal, sha256: String, now: Date) throws -> Bool {
        let listings = try String.fetchAll(
            db.cachedStatement(sql: """
                SELECT DISTINCT e.listing_id FROM edit_photos p JOIN listing_edits e ON e.id = p.edit_id
                WHERE p.community_id = ? AND p.sha256 = ? AND e.status = 'pending'
                ORDER BY e.listing_id
                """),
            arguments: [principal.communityID.rawValue, sha256])
        for id in listings {
            let listing = try ListingPersistence.fetch(db, community: principal.communityID, id: ListingID(trusted: id))
            if try ListingPersistence.seesAsOwner(db, listing, principal: principal, now: now) { return true }
        }
        return false
    }

    /// Whether a listing that shows the photo now (`listing_photos`) is one the principal may see
    /// (`ListingPersistence.fetchVisible`), published ones first: one by one, as a published
    /// listing of a suspended or banned owner is not shown (helper 169 #1).
    static func seesAListingShowing(_ db: Database, principal: Principal, sha256: String, now: Date) throws -> Bool {
        let listings = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT l.id, l.status FROM listing_photos u JOIN listings l ON l.id = u.listing_id
                WHERE u.community_id = ? AND u.sha256 = ?
                ORDER BY l.status = 'published' DESC, l.id
                """),
            arguments: [principal.communityID.rawValue, sha256])
        for row in listings {
            do {
                _ = try ListingPersistence.fetchVisible(db, principal: principal, id: ListingID(trusted: row["id"]), now: now)
                return true
            } catch let error as DomainError where error.category == .notFound {
                continue
            }
        }
        return false
    }

    /// Whether the photo is taken down: a listing moderation removed shows it, and no published
    /// listing does. A reserved or exchanged listing does not keep it up: only the parties of its
    /// exchange see it, and counting it let a photo removed with a repost stay nameable in new
    /// listings (session 28 review). A draft, a rejected or a withdrawn listing does not keep it
    /// up: its uploader may name it in a new draft of her own, and that would have put a removed
    /// listing's photo back in front of everyone. A photo
    /// named only by reports or by nothing is not taken down. Nobody but a moderator names a
    /// taken-down photo in a listing again (`ListingPersistence.checkPhotos`).
    static func isTakenDown(_ db: Database, community: CommunityID, sha256: String) throws -> Bool {
        let statuses = Set(try String.fetchAll(
            db.cachedStatement(sql: """
                SELECT DISTINCT l.status FROM listing_photos u JOIN listings l ON l.id = u.listing_id
                WHERE u.community_id = ? AND u.sha256 = ?
                """),
            arguments: [community.rawValue, sha256]))
        return statuses.contains(ListingStatus.removed.rawValue) && !statuses.contains(ListingStatus.published.rawValue)
    }

    public static func fetch(_ db: Database, community: CommunityID, sha256: String) throws -> PhotoRecord? {
        guard PhotoDigest.isWellFormed(sha256),
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM photos WHERE community_id = ? AND sha256 = ?", arguments: [community.rawValue, sha256])
        else { return nil }
        let media: String = row["media_type"]
        guard let format = PhotoFormat(mediaType: media) else {
            throw StoreError.corruptRow(table: "photos", id: sha256, reason: "media_type = \(media)")
        }
        return PhotoRecord(
            sha256: sha256, format: format, byteSize: row["byte_size"], width: row["width"], height: row["height"],
            uploadedBy: try row.identifier("uploaded_by", table: "photos"), createdAt: row["created_at"])
    }
}
