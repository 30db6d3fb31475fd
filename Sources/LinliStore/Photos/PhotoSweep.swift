import Foundation
import GRDB
import LinliDomain

/// Forgets uploaded photos that nothing names once they are `PhotoStorage.orphanDays` old: an
/// upload whose listing was never written, a photo an edit took out of a listing. Without it
/// every abandoned upload stayed on disk for ever (and counted as the community's content).
///
/// Two transactions, so no file is ever missing under a row: `forget` deletes the rows, and only
/// after that commits does `removeFiles` delete the files no row names any more, inside a write
/// transaction of its own, so an upload of the same bytes (whose `record` writes the file again
/// when it is missing, in its own write transaction) comes either before (the row keeps the file)
/// or after (it writes the file back).
public enum PhotoSweep {
    /// Rows forgotten per round: each round is one short write transaction.
    public static let batchSize = 500

    /// A photo the sweep forgot, for `removeFiles`.
    public struct Forgotten: Sendable, Equatable {
        public let sha256: String
        public let format: PhotoFormat
    }

    /// Deletes up to `batchSize` photo rows older than the cutoff that no listing, no edit still
    /// open and no report names, oldest first, each audited.
    public static func forget(_ tx: Transaction, orphanDays: Int) throws -> [Forgotten] {
        let cutoff = tx.now.addingTimeInterval(-Double(orphanDays) * 86_400)
        let rows = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT p.community_id, p.sha256, p.media_type, p.uploaded_by FROM photos p
                WHERE p.last_uploaded_at < ?
                    AND NOT EXISTS (SELECT 1 FROM listing_photos u WHERE u.community_id = p.community_id AND u.sha256 = p.sha256)
                    AND NOT EXISTS (
                        SELECT 1 FROM listing_edits e
                        WHERE e.community_id = p.community_id AND e.status IN ('pending', 'changes_requested')
                            AND e.content_json LIKE '%' || p.sha256 || '%')
                    AND NOT EXISTS (
                        SELECT 1 FROM trust_reports r
                        WHERE r.community_id = p.community_id AND r.photos_json <> '[]' AND r.photos_json LIKE '%' || p.sha256 || '%')
                ORDER BY p.last_uploaded_at, p.sha256
                LIMIT ?
                """,
            arguments: [cutoff, batchSize])
        var forgotten: [Forgotten] = []
        for row in rows {
            let community: String = row["community_id"], sha256: String = row["sha256"], media: String = row["media_type"]
            try tx.db.execute(sql: "DELETE FROM photos WHERE community_id = ? AND sha256 = ?", arguments: [community, sha256])
            try tx.audit(
                CommunityID(trusted: community), actor: .system, action: "photo.forgotten", targetType: "photo", targetID: sha256,
                reason: "named by no listing or report for \(orphanDays) days", before: ["uploaded_by": row["uploaded_by"] as String])
            if let format = PhotoFormat(mediaType: media) { forgotten.append(Forgotten(sha256: sha256, format: format)) }
        }
        return forgotten
    }

    /// Removes the files of `forgotten` photos that no community's row names any more. Run in a
    /// write transaction (see the type's comment); returns how many files went.
    public static func removeFiles(_ tx: Transaction, _ forgotten: [Forgotten], storage: PhotoStorage) throws -> Int {
        var removed = 0
        let stillRecorded = try tx.db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM photos WHERE sha256 = ?)")
        for photo in forgotten where try Bool.fetchOne(stillRecorded, arguments: [photo.sha256]) == false {
            try storage.remove(digest: photo.sha256, format: photo.format)
            removed += 1
        }
        return removed
    }
}
