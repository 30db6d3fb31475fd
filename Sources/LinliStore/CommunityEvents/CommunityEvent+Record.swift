import GRDB
import LinliDomain

extension CommunityEvent: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "community_events"

    public init(row: Row) throws {
        let table = Self.databaseTableName
        self.init(
            id: try row.identifier("id", table: table), communityID: try row.identifier("community_id", table: table),
            kind: try row.enumeration("kind", table: table), title: row["title"], description: row["description"], place: row["place"],
            startsAt: row["starts_at"], endsAt: row["ends_at"], registrationClosesAt: row["registration_closes_at"],
            capacity: row["capacity"], perHouseholdLimit: row["per_household_limit"], state: try row.enumeration("state", table: table),
            cancelReason: row["cancel_reason"], createdBy: try row.identifier("created_by", table: table),
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }

    /// Every column but `reminded_at`, which only the reminder scheduler and a moved start write.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["community_id"] = communityID.rawValue
        container["kind"] = kind.rawValue
        container["title"] = title
        container["description"] = description
        container["place"] = place
        container["starts_at"] = startsAt
        container["ends_at"] = endsAt
        container["registration_closes_at"] = registrationClosesAt
        container["capacity"] = capacity
        container["per_household_limit"] = perHouseholdLimit
        container["state"] = state.rawValue
        container["cancel_reason"] = cancelReason
        container["created_by"] = createdBy.rawValue
        container["created_at"] = createdAt
        container["updated_at"] = updatedAt
        container["version"] = version
    }
}

extension EventRegistration: FetchableRecord, PersistableRecord, TableRecord {
    public static let databaseTableName = "event_registrations"

    public init(row: Row) throws {
        let table = Self.databaseTableName
        self.init(
            id: try row.identifier("id", table: table), communityID: try row.identifier("community_id", table: table),
            eventID: try row.identifier("event_id", table: table), memberID: try row.identifier("member_id", table: table),
            householdID: try row.optionalIdentifier("household_id", table: table), state: try row.enumeration("state", table: table),
            registeredBy: try row.identifier("registered_by", table: table), createdAt: row["created_at"], promotedAt: row["promoted_at"],
            cancelledAt: row["cancelled_at"], cancelledBy: try row.optionalIdentifier("cancelled_by", table: table),
            checkedInAt: row["checked_in_at"], checkedInBy: try row.optionalIdentifier("checked_in_by", table: table),
            updatedAt: row["updated_at"], version: row["version"])
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id.rawValue
        container["community_id"] = communityID.rawValue
        container["event_id"] = eventID.rawValue
        container["member_id"] = memberID.rawValue
        container["household_id"] = householdID?.rawValue
        container["state"] = state.rawValue
        container["registered_by"] = registeredBy.rawValue
        container["created_at"] = createdAt
        container["promoted_at"] = promotedAt
        container["cancelled_at"] = cancelledAt
        container["cancelled_by"] = cancelledBy?.rawValue
        container["checked_in_at"] = checkedInAt
        container["checked_in_by"] = checkedInBy?.rawValue
        container["updated_at"] = updatedAt
        container["version"] = version
    }
}
