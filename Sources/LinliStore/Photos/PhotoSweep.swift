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

    /// A photo row, by its key.
    public struct Key: Sendable, Hashable {
        public let community: String
        public let sha256: String
    }

    /// Deletes up to `batchSize` photo rows older than the cutoff that nothing names, oldest
    /// first, each audited; with `among`, only those of the candidates still unnamed. Named
    /// means: shown by a listing now, attached to a report (reports are kept for good),
    /// proposed by an edit still open or decided within the cutoff, shown
    /// earlier by a listing that stopped showing it within the cutoff (`removed_at`, migration
    /// 0031: the days count from when the photo stopped being named, not from its upload, so a
    /// month-old picture an edit replaced today is not gone within the hour; nor from the
    /// listing's last change, which kept every photo of a listing that changes often), or
    /// evidence: shown earlier by a
    /// listing or proposed by any edit of one while a case about its owner or about an exchange
    /// of it is open, or decided with an action that may still be appealed (within the
    /// community's `moderation.appeal_window_days`) or whose appeal is pending. A moderator
    /// looking into "not as described" needs the picture the listing had, which an edit may have
    /// replaced, and so does the one deciding the appeal.
    ///
    /// The search runs twice in the server (`PhotoSweeper`): once in a read for the candidates
    /// (`candidates`), which does not hold the write lock while it looks through every photo,
    /// then here, checking only those candidates again inside the write transaction.
    public static func forget(_ tx: Transaction, orphanDays: Int, rules: ActiveRules, among keys: [Key]? = nil) throws -> [Forgotten] {
        if let keys, keys.isEmpty { return [] }
        let rows = try unnamed(tx.db, now: tx.now, orphanDays: orphanDays, rules: rules, among: keys)
        var forgotten: [Forgotten] = []
        for row in rows {
            let community: String = row["community_id"], sha256: String = row["sha256"], media: String = row["media_type"]
            try tx.db.execute(sql: "DELETE FROM photo_uploads WHERE community_id = ? AND sha256 = ?", arguments: [community, sha256])
            try tx.db.execute(sql: "DELETE FROM photos WHERE community_id = ? AND sha256 = ?", arguments: [community, sha256])
            try tx.audit(
                CommunityID(trusted: community), actor: .system, action: "photo.forgotten", targetType: "photo", targetID: sha256,
                reason: "named by no listing, edit or report for \(orphanDays) days", before: ["uploaded_by": row["uploaded_by"] as String])
            if let format = PhotoFormat(mediaType: media) { forgotten.append(Forgotten(sha256: sha256, format: format)) }
        }
        return forgotten
    }

    /// Each community's appeal cutoff (now less its rule file's `moderation.appeal_window_days`),
    /// and now (against an action's own `appeal_until`: `CaseAction.appealDeadline`), as the rows
    /// of a `VALUES` list and their arguments: the window is in the rule file, not in a table. A
    /// row that matches no community keeps the list valid when there is none.
    private static func appealCutoffs(_ db: Database, now: Date, rules: ActiveRules) throws -> (String, StatementArguments) {
        var arguments: StatementArguments = ["", now, now]
        var rows = ["(?, ?, ?)"]
        for community in try String.fetchAll(db, sql: "SELECT id FROM communities ORDER BY id") {
            let id = CommunityID(trusted: community)
            let days = try TrustPolicies.active(db, community: id, at: now, rules: rules).moderation.appealWindowDays
            arguments += [community, now.addingTimeInterval(-Double(days) * 86_400), now]
            rows.append("(?, ?, ?)")
        }
        return ("VALUES " + rows.joined(separator: ", "), arguments)
    }

    /// Up to `batchSize` photo rows (older than `orphanDays` at `now`) that nothing names, oldest
    /// first, for a read that looks for candidates outside the write lock.
    public static func candidates(_ db: Database, now: Date, orphanDays: Int, rules: ActiveRules) throws -> [Key] {
        try unnamed(db, now: now, orphanDays: orphanDays, rules: rules, among: nil).map {
            Key(community: $0["community_id"], sha256: $0["sha256"])
        }
    }

    /// The rows `forget` deletes (see there), among `keys` when given.
    private static func unnamed(_ db: Database, now: Date, orphanDays: Int, rules: ActiveRules, among keys: [Key]?) throws -> [Row] {
        let (sql, arguments) = try unnamedQuery(db, now: now, orphanDays: orphanDays, rules: rules, among: keys)
        return try Row.fetchAll(db, sql: sql, arguments: arguments)
    }

    /// The statement of `unnamed` and its arguments (its plan is checked by a test).
    static func unnamedQuery(
        _ db: Database, now: Date, orphanDays: Int, rules: ActiveRules, among keys: [Key]?
    ) throws -> (String, StatementArguments) {
        let cutoff = now.addingTimeInterval(-Double(orphanDays) * 86_400)
        let (appealWindows, windowArguments) = try appealCutoffs(db, now: now, rules: rules)
        // A case holds a listing's photos as evidence while open, or while an action it took may
        // still be appealed or has an appeal pending. Spelt as separate EXISTS clauses, one per
        // way a case concerns the listing, so each is an index search (`trust_cases_by_member`,
        // `exchanges_by_listing` and `trust_cases_by_target`, migration 0032), not a scan of
        // every case of the community per candidate photo.
        let held = """
            (c.status = 'open'
                OR EXISTS (
                    SELECT 1 FROM trust_case_actions ca
                    WHERE ca.community_id = c.community_id AND ca.case_id = c.id AND ca.kind <> 'dismiss'
                        AND (ca.created_at >= (SELECT w.cutoff FROM appeal_cutoffs w WHERE w.community_id = ca.community_id)
                            OR ca.appeal_until >= (SELECT w.at FROM appeal_cutoffs w WHERE w.community_id = ca.community_id)
                            OR EXISTS (SELECT 1 FROM trust_appeals ap
                                       WHERE ap.community_id = ca.community_id AND ap.action_id = ca.id AND ap.status = 'pending'))))
            """
        let caseOpenAboutListing = """
            (EXISTS (
                SELECT 1 FROM trust_cases c
                WHERE c.community_id = l.community_id AND c.target_member_id = l.owner_id AND \(held))
            OR EXISTS (
                SELECT 1 FROM exchanges x
                WHERE x.community_id = l.community_id AND x.listing_id = l.id
                    AND EXISTS (
                        SELECT 1 FROM trust_cases c
                        WHERE c.community_id = x.community_id AND c.target_type = 'exchange' AND c.target_id = x.id AND \(held))))
            """
        var among = ""
        var keyArguments: StatementArguments = []
        if let keys {
            among = "AND (p.community_id, p.sha256) IN (VALUES \(keys.map { _ in "(?, ?)" }.joined(separator: ", ")))"
            for key in keys { keyArguments += [key.community, key.sha256] }
        }
        return (
            """
                WITH appeal_cutoffs(community_id, cutoff, at) AS (\(appealWindows))
                SELECT p.community_id, p.sha256, p.media_type, p.uploaded_by FROM photos p
                WHERE p.last_uploaded_at < ? \(among)
                    AND NOT EXISTS (SELECT 1 FROM listing_photos u WHERE u.community_id = p.community_id AND u.sha256 = p.sha256)
                    AND NOT EXISTS (SELECT 1 FROM report_photos r WHERE r.community_id = p.community_id AND r.sha256 = p.sha256)
                    AND NOT EXISTS (
                        SELECT 1 FROM edit_photos ep JOIN listing_edits e ON e.id = ep.edit_id JOIN listings l ON l.id = e.listing_id
                        WHERE ep.community_id = p.community_id AND ep.sha256 = p.sha256
                            AND (e.status IN ('pending', 'changes_requested') OR COALESCE(e.decided_at, e.created_at) >= ?
                                OR \(caseOpenAboutListing)))
                    AND NOT EXISTS (
                        SELECT 1 FROM listing_photo_history h JOIN listings l ON l.id = h.listing_id
                        WHERE h.community_id = p.community_id AND h.sha256 = p.sha256
                            AND (COALESCE(h.removed_at, l.updated_at) >= ? OR \(caseOpenAboutListing)))
                ORDER BY p.last_uploaded_at, p.sha256
                LIMIT ?
                """,
            windowArguments + [cutoff] + keyArguments + [cutoff, cutoff, batchSize])
    }

    /// Whether any community's `photos` row names the file of `sha256` (the files are shared).
    public static func isRecorded(_ db: Database, _ sha256: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM photos WHERE sha256 = ?)"), arguments: [sha256]) ?? false
    }

    /// Removes the files of `forgotten` photos that no community's row names any more. Run in a
    /// write transaction (see the type's comment); returns how many files went.
    public static func removeFiles(_ tx: Transaction, _ forgotten: [Forgotten], storage: PhotoStorage) throws -> Int {
        var removed = 0
        for photo in forgotten where try !isRecorded(tx.db, photo.sha256) {
            try storage.remove(digest: photo.sha256, format: photo.format)
            removed += 1
        }
        return removed
    }

    /// A file in the photos directory that may be named by no row: a photo file, or a temporary
    /// file a crash left mid-write (`PhotoStorage.store` writes `.<hash>.<uuid>.tmp` and renames;
    /// `PhotoDirectoryOwner.claim` writes `.linli-database.<uuid>.tmp` in the root and links it).
    public struct FileOnDisk: Sendable, Equatable {
        public let url: URL
        /// The photo's hash; nil for a temporary file.
        public let sha256: String?
    }

    /// Files in the photos directory last modified before `cutoff`. A file written by `record`
    /// whose transaction then failed (a later statement of the same transaction, a crash before
    /// the commit) has no row and would stay for ever: `forget` only removes files of rows it
    /// deletes. Unreadable directories and names the store never writes are passed over; the
    /// walk stops at `limit` files.
    public static func files(modifiedBefore cutoff: Date, storage: PhotoStorage, limit: Int = .max) -> [FileOnDisk] {
        let manager = FileManager.default
        guard let shards = try? manager.contentsOfDirectory(atPath: storage.root.path) else { return [] }
        func modifiedBeforeCutoff(_ url: URL) -> Bool {
            guard let modified = (try? manager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date else { return false }
            return modified < cutoff
        }
        var found: [FileOnDisk] = []
        // The marker's own temporary files, left by a crash between writing and linking.
        let markerTemporary = PhotoDirectoryOwner.markerName + "."
        for name in shards.sorted() where name.hasPrefix(markerTemporary) && name.hasSuffix(".tmp") {
            if found.count >= limit { return found }
            let url = storage.root.appendingPathComponent(name)
            if modifiedBeforeCutoff(url) { found.append(FileOnDisk(url: url, sha256: nil)) }
        }
        for shard in shards.sorted() where shard.utf8.count == 2 {
            let directory = storage.root.appendingPathComponent(shard, isDirectory: true)
            guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names.sorted() {
                if found.count >= limit { return found }
                let url = directory.appendingPathComponent(name)
                guard modifiedBeforeCutoff(url) else { continue }
                if name.hasPrefix("."), name.hasSuffix(".tmp") {
                    found.append(FileOnDisk(url: url, sha256: nil))
                } else if let dot = name.firstIndex(of: "."), PhotoFormat(rawValue: String(name[name.index(after: dot)...])) != nil {
                    let digest = String(name[..<dot])
                    if PhotoDigest.isWellFormed(digest), digest.hasPrefix(shard) { found.append(FileOnDisk(url: url, sha256: digest)) }
                }
            }
        }
        return found
    }

    /// Removes the `files` no `photos` row names (temporary files always). Run in a write
    /// transaction, so an upload of the same bytes comes wholly before (its row keeps the file)
    /// or after (it writes the file again). Returns how many files went.
    public static func removeStrayFiles(_ tx: Transaction, _ files: [FileOnDisk]) throws -> Int {
        var removed = 0
        for file in files {
            if let digest = file.sha256, try isRecorded(tx.db, digest) { continue }
            do {
                try FileManager.default.removeItem(at: file.url)
                removed += 1
            } catch let error as CocoaError where error.code == .fileNoSuchFile {
                continue  // gone meanwhile
            }
        }
        return removed
    }
}
