import GRDB
import LinliDomain

extension Member: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "members"

    public init(row: Row) throws {
        let table = Self.databaseTableName
        self.init(
            id: try row.identifier("id", table: table),
            communityID: try row.identifier("community_id", table: table),
            householdID: try row.optionalIdentifier("household_id", table: table),
            displayName: row["display_name"], phone: row["phone"],
            role: try row.enumeration("role", table: table),
            verified: row["verified"], verifiedAt: row["verified_at"],
            verifiedBy: try row.optionalIdentifier("verified_by", table: table),
            status: try row.enumeration("status", table: table),
            statusReason: row["status_reason"], suspendedUntil: row["suspended_until"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["community_id"] = communityID.rawValue
        container["household_id"] = householdID?.rawValue
        container["display_name"] = displayName
        container["phone"] = phone
        container["role"] = role.rawValue
        container["verified"] = verified
        container["verified_at"] = verifiedAt
        container["verified_by"] = verifiedBy?.rawValue
        container["status"] = status.rawValue
        container["status_reason"] = statusReason
        container["suspended_until"] = suspendedUntil
        container["created_at"] = createdAt
        container["updated_at"] = updatedAt
        container["version"] = version
    }
}
