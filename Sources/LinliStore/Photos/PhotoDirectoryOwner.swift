import Foundation
import GRDB

/// Which database a photos directory belongs to, so the sweeps never delete in another's.
///
/// Why: the sweeps delete files that no `photos` row of *this* database names. Started against
/// the wrong database (a mistyped `database.path`, a fresh file after a reset, a staging copy
/// pointed at the production photos), the daily stray-file sweep would have removed every photo
/// of the real one. The directory holds a marker, `.linli-database`, naming the database's
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
        if let id = try String.fetchOne(tx.db, sql: "SELECT id FROM database_identity ORDER BY created_at, id LIMIT 1") { return id }
        let id = "linli-db-" + UUID().uuidString.lowercased()
        try tx.db.execute(sql: "INSERT INTO database_identity (id, created_at) VALUES (?, ?)", arguments: [id, tx.now])
        return id
    }

    /// Reads the marker of `storage`'s directory, writing `identity` when there is none.
    public static func claim(_ storage: PhotoStorage, identity: String) throws -> Claim {
        let marker = storage.root.appendingPathComponent(markerName)
        if let data = FileManager.default.contents(atPath: marker.path) {
            let found = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return found == identity ? .ours : .another(found)
        }
        try FileManager.default.createDirectory(at: storage.root, withIntermediateDirectories: true)
        try Data((identity + "\n").utf8).write(to: marker, options: .atomic)
        return .claimed
    }
}
