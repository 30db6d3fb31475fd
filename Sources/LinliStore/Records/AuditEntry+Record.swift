import GRDB
import LinliDomain

extension AuditEntry: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "audit_entries"

    public init(row: Row) throws {
        let table = Self.databaseTableName
        self.init(
            id: try row.identifier("id", table: table),
            communityID: try row.identifier("community_id", table: table),
            actorID: try row.optionalIdentifier("actor_id", table: table),
            actorLabel: row["actor_label"],
            onBehalfOf: try row.optionalIdentifier("on_behalf_of", table: table),
            action: row["action"], targetType: row["target_type"], targetID: row["target_id"],
            reason: row["reason"], before: row["before_json"], after: row["after_json"],
            requestID: row["request_id"], createdAt: row["created_at"],
            actorTokenID: try row.optionalIdentifier("actor_token_id", table: table))
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["community_id"] = communityID.rawValue
        container["actor_id"] = actorID?.rawValue
        container["actor_label"] = actorLabel
        container["on_behalf_of"] = onBehalfOf?.rawValue
        container["action"] = action
        container["target_type"] = targetType
        container["target_id"] = targetID
        container["reason"] = reason
        container["before_json"] = before
        container["after_json"] = after
        container["request_id"] = requestID
        container["created_at"] = createdAt
        container["actor_token_id"] = actorTokenID?.rawValue
    }
}
