import GRDB
import LinliDomain

extension Community: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "communities"

    public init(row: Row) throws {
        self.init(
            id: try row.identifier("id", table: Self.databaseTableName),
            name: row["name"], timezone: row["timezone"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["name"] = name
        container["timezone"] = timezone
        container["created_at"] = createdAt
        container["updated_at"] = updatedAt
        container["version"] = version
    }
}
