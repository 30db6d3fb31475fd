import GRDB
import LinliDomain

/// The communities of a database and their admins, for the operator on the server
/// (`linli admin communities`): the ids `linli admin token` needs. Helper 136: the bootstrap token
/// is shown once, and recovering an admin's access took `sqlite3` to find those ids.
public enum CommunityDirectory {
    public struct Entry: Sendable, Equatable {
        public let id: String
        public let name: String
        public let timezone: String
        public let admins: [Admin]
    }

    public struct Admin: Sendable, Equatable {
        public let id: String
        public let name: String
        public let status: String
    }

    /// Every community, oldest first, each with its admins, oldest first.
    public static func all(_ db: Database) throws -> [Entry] {
        try Row.fetchAll(db, sql: "SELECT id, name, timezone FROM communities ORDER BY created_at, id").map { community in
            let id: String = community["id"]
            let admins = try Row.fetchAll(
                db, sql: "SELECT id, display_name, status FROM members WHERE community_id = ? AND role = 'admin' ORDER BY created_at, id",
                arguments: [id]
            ).map { Admin(id: $0["id"], name: $0["display_name"], status: $0["status"]) }
            return Entry(id: id, name: community["name"], timezone: community["timezone"], admins: admins)
        }
    }
}
