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

/// Recording uploaded photos per community.
public enum PhotoCommands {
    /// Inspects, scrubs and stores an upload; returns the photo (the existing one for repeated bytes).
    /// File writing happens before the row is inserted: a row never points at a missing file.
    public static func upload(
        _ tx: Transaction, principal: Principal, bytes: [UInt8], declaredType: String?, storage: PhotoStorage, actor: AuditActor
    ) throws -> (photo: PhotoRecord, created: Bool) {
        try principal.require(.listingCreate)
        let inspected = try inspect(bytes, declaredType: declaredType, storage: storage)
        let digest = PhotoStorage.sha256Hex(inspected.bytes)
        if let existing = try fetch(tx.db, community: principal.communityID, sha256: digest) { return (existing, false) }
        try storage.store(inspected.bytes, digest: digest, format: inspected.format)
        let photo = PhotoRecord(
            sha256: digest, format: inspected.format, byteSize: inspected.bytes.count, width: inspected.width,
            height: inspected.height, uploadedBy: principal.memberID, createdAt: tx.now)
        try tx.db.execute(
            sql: """
                INSERT INTO photos (community_id, sha256, media_type, byte_size, width, height, uploaded_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                principal.communityID.rawValue, digest, inspected.format.mediaType, photo.byteSize, photo.width, photo.height,
                principal.memberID.rawValue, tx.now,
            ])
        return (photo, true)
    }

    /// Validates an upload before any database work (the API calls this outside the transaction too).
    public static func inspect(_ bytes: [UInt8], declaredType: String?, storage: PhotoStorage) throws -> PhotoInspector.Inspected {
        guard let declaredType, let declared = PhotoFormat(mediaType: declaredType) else {
            throw DomainError(code: "photo.unsupported_media_type", category: .unsupportedMedia)
        }
        guard !bytes.isEmpty else { throw DomainError(code: "photo.empty", category: .invalidInput) }
        return try PhotoInspector.inspect(bytes, declared: declared, maxBytes: storage.maxBytes)
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
