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
    public let createdAt: Date
}

/// An upload that passed inspection and whose scrubbed bytes are on disk, ready to be recorded.
public struct PreparedPhoto: Sendable {
    public let digest: String
    public let inspected: PhotoInspector.Inspected
}

/// Recording uploaded photos per community.
public enum PhotoCommands {
    /// Inspects and scrubs an upload and writes it to disk under its digest. Done before (and
    /// outside) the database transaction so the single writer is never held up by file I/O; a file
    /// whose transaction then fails is harmless (content-addressed, reused by the next upload).
    public static func prepare(_ bytes: [UInt8], declaredType: String?, storage: PhotoStorage) throws -> PreparedPhoto {
        guard let declaredType, let declared = PhotoFormat(mediaType: declaredType) else {
            throw DomainError(code: "photo.unsupported_media_type", category: .unsupportedMedia)
        }
        guard !bytes.isEmpty else { throw DomainError(code: "photo.empty", category: .invalidInput) }
        let inspected = try PhotoInspector.inspect(bytes, declared: declared, maxBytes: storage.maxBytes)
        let digest = PhotoStorage.sha256Hex(inspected.bytes)
        try storage.store(inspected.bytes, digest: digest, format: inspected.format)
        return PreparedPhoto(digest: digest, inspected: inspected)
    }

    /// Records that the caller's community has the photo; the existing record for repeated bytes.
    public static func record(_ tx: Transaction, principal: Principal, photo prepared: PreparedPhoto) throws -> (photo: PhotoRecord, created: Bool) {
        try principal.require(.listingCreate)
        if let existing = try fetch(tx.db, community: principal.communityID, sha256: prepared.digest) { return (existing, false) }
        let inspected = prepared.inspected
        let photo = PhotoRecord(
            sha256: prepared.digest, format: inspected.format, byteSize: inspected.bytes.count, width: inspected.width,
            height: inspected.height, uploadedBy: principal.memberID, createdAt: tx.now)
        try tx.db.execute(
            sql: """
                INSERT INTO photos (community_id, sha256, media_type, byte_size, width, height, uploaded_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                principal.communityID.rawValue, prepared.digest, inspected.format.mediaType, photo.byteSize, photo.width,
                photo.height, principal.memberID.rawValue, tx.now,
            ])
        return (photo, true)
    }

    /// Both steps in one call, for the command line and tests that already hold a transaction.
    public static func upload(
        _ tx: Transaction, principal: Principal, bytes: [UInt8], declaredType: String?, storage: PhotoStorage
    ) throws -> (photo: PhotoRecord, created: Bool) {
        try principal.require(.listingCreate)
        return try record(tx, principal: principal, photo: try prepare(bytes, declaredType: declaredType, storage: storage))
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
