import Foundation
import GRDB

/// Which database a photos directory belongs to, so the sweeps never delete in another's.
///
/// Why: the sweeps delete files that no `photos` row of *this* database names. Started against
/// the wrong database (a mistyped `database.path`, a fresh file after a reset), the daily
/// stray-file sweep would have removed every photo of the real one. (A copy of the database, a
/// restored backup or a staging server, keeps the identity: it must get a copy of the photos
/// directory, which deploy/OPERATIONS.md says.) The directory holds a marker, `.linli-database`, naming the database's
/// identity (`identity`), which a backup or a copy of the file keeps. The first sweep writes it;
/// a sweep that finds another identity deletes nothing and says why.
public enum PhotoDirectoryOwner {
    public static let markerName = ".linli-database"

    /// What the directory's marker said.
    public enum Claim: Sendable, Equatable {
        /// There was none: the directory is now this database's.
        case claimed
        /// It names this database.
        case ours
        /// It names another database (its identity).
        case another(String)
    }

    /// The database's identity (`database_identity`, migration 0030), written on first use: a
    /// random id, which a backup or a copy of the file keeps and a fresh database does not share.
    public static func identity(_ tx: Transaction) throws -> String {
        if let id = try storedIdentity(tx.db) { return id }
        let id = "linli-db-" + UUID().uuidString.lowercased()
        try tx.db.execute(sql: "INSERT INTO database_identity (id, created_at) VALUES (?, ?)", arguments: [id, tx.now])
        return id
    }

    /// The identity the directory's marker names, or nil when it has none (only a missing file
    /// counts as none: an unreadable marker is an error, not a directory free to claim).
    public static func marker(_ storage: PhotoStorage) throws -> String? {
        let marker = storage.root.appendingPathComponent(markerName)
        do {
            return try String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        }
    }

    /// The identity once written, or nil (a read, for the sweeps' hourly check).
    public static func storedIdentity(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT id FROM database_identity ORDER BY created_at, id LIMIT 1")
    }

    /// Reads the marker of `storage`'s directory, writing `identity` when there is none. The
    /// marker appears whole and flushed (`DurableFile.publish`): of two sweeps or processes
    /// claiming at once, one writes it and the other reads all it wrote. The caller decides whether a
    /// directory without a marker may be claimed at all (`PhotoSweeper`: not one full of photos
    /// this database does not know).
    public static func claim(_ storage: PhotoStorage, identity: String) throws -> Claim {
        if let found = try marker(storage) { return found == identity ? .ours : .another(found) }
        try FileManager.default.createDirectory(at: storage.root, withIntermediateDirectories: true)
        do {
            try DurableFile.publish(storage.root.appendingPathComponent(markerName), bytes: Array((identity + "\n").utf8))
        } catch let failure as DurableFile.Failure where failure.code == EEXIST {
            let found = try marker(storage) ?? ""
            return found == identity ? .ours : .another(found)
        }
        return .claimed
    }
}
