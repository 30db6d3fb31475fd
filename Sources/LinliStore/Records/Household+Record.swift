import GRDB
import LinliDomain

extension Household: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "households"

    public init(row: Row) throws {
        self.init(
            id: try row.identifier("id", table: Self.databaseTableName),
            communityID: try row.identifier("community_id", table: Self.databaseTableName),
            name: row["name"], area: row["area"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["community_id"] = communityID.rawValue
        container["name"] = name
        container["area"] = area
        container["created_at"] = createdAt
        container["updated_at"] = updatedAt
        container["version"] = version
    }
}
