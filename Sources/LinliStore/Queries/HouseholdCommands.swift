import Foundation
import GRDB
import LinliDomain

/// Creating, editing and reading households.
public enum HouseholdCommands {
    public static func exists(_ db: Database, community: CommunityID, id: HouseholdID) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM households WHERE community_id = ? AND id = ?",
            arguments: [community.rawValue, id.rawValue]) ?? false
    }

    public static func fetch(_ db: Database, community: CommunityID, id: HouseholdID) throws -> Household {
        guard let household = try Household.fetchOne(
            db, sql: "SELECT * FROM households WHERE community_id = ? AND id = ?",
            arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("household", id: id.rawValue) }
        return household
    }

    public static func list(_ db: Database, community: CommunityID, page: PageRequest) throws -> Page<Household> {
        let rows = try Household.fetchAll(
            db, sql: "SELECT * FROM households WHERE community_id = ? AND id > ? ORDER BY id LIMIT ?",
            arguments: [community.rawValue, page.after ?? "", page.limit + 1])
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// A household's name is often its address ("6号楼 1单元 101 孙家"), and members name their
    /// household: together they would tell any resident where an elder living alone lives. So
    /// staff (who hold `member.read_contact`) see every household, and a resident only their own.
    public static func listVisible(_ db: Database, principal: Principal, page: PageRequest) throws -> Page<Household> {
        try principal.require(.householdRead)
        if principal.can(.memberReadContact) { return try list(db, community: principal.communityID, page: page) }
        let own = try ownHousehold(db, principal: principal).flatMap { (page.after ?? "") < $0.rawValue ? $0 : nil }
        let rows = try own.map { [try fetch(db, community: principal.communityID, id: $0)] } ?? []
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }

    /// One household, for staff or for a member of it; 404 for anyone else (see `listVisible`).
    public static func fetchVisible(_ db: Database, principal: Principal, id: HouseholdID) throws -> Household {
        try principal.require(.householdRead)
        let own = principal.can(.memberReadContact) ? nil : try ownHousehold(db, principal: principal)
        guard principal.can(.memberReadContact) || own == id else {
            throw DomainError.notFound("household", id: id.rawValue)
        }
        return try fetch(db, community: principal.communityID, id: id)
    }

    private static func ownHousehold(_ db: Database, principal: Principal) throws -> HouseholdID? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT household_id FROM members WHERE community_id = ? AND id = ?"),
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue]
        ).flatMap(HouseholdID.init)
    }

    public static func create(
        _ tx: Transaction, community: CommunityID, input: NewHouseholdInput, principal: Principal?, actor: AuditActor
    ) throws -> Household {
        try principal?.require(.householdWrite)
        try input.validate()
        let household = Household(
            id: tx.ids.next(), communityID: community, name: input.name.trimmingCharacters(in: .whitespacesAndNewlines),
            area: FieldValidator.nonBlank(input.area), createdAt: tx.now, updatedAt: tx.now, version: 1)
        try household.insert(tx.db)
        try tx.audit(
            community, actor: actor, action: "household.created", targetType: "household", targetID: household.id.rawValue,
            after: ["name": household.name, "area": household.area])
        return household
    }

    public static func update(
        _ tx: Transaction, principal: Principal, id: HouseholdID, patch: HouseholdPatch, expectedVersion: Int?, actor: AuditActor
    ) throws -> Household {
        try principal.require(.householdWrite)
        try patch.validate()
        var household = try fetch(tx.db, community: principal.communityID, id: id)
        try MemberCommands.checkVersion(household.version, expectedVersion)
        let before: [String: String?] = ["name": household.name, "area": household.area]
        if case .value(let name) = patch.name { household.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        // Stored trimmed, as the name is (helper 191 #3: "3号楼\n" passed the one-line check and
        // kept its line break); an area the patch leaves alone stays as stored.
        if case .value(let area) = patch.area { household.area = FieldValidator.nonBlank(area) } else {
            household.area = patch.area.applied(to: household.area)
        }
        // Nothing changed: no new version (another editor's If-Match still holds) and no audit
        // entry saying nothing (helper 110), as an event's edit does.
        let after: [String: String?] = ["name": household.name, "area": household.area]
        if UnchangedFields.same(before, after) { return household }
        household.version += 1
        household.updatedAt = tx.now
        try tx.db.execute(
            sql: "UPDATE households SET name = ?, area = ?, updated_at = ?, version = ? WHERE community_id = ? AND id = ? AND version = ?",
            arguments: [household.name, household.area, tx.now, household.version, principal.communityID.rawValue, id.rawValue, household.version - 1])
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: household.version - 1) }
        try tx.audit(
            principal.communityID, actor: actor, action: "household.updated", targetType: "household", targetID: id.rawValue,
            before: before, after: after)
        return household
    }
}
