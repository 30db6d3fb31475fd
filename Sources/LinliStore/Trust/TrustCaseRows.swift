import Foundation
import GRDB
import LinliDomain

/// Reading and writing the trust tables' rows (cases, reports, actions, appeals).
enum TrustCaseRows {
    static func moderationCase(_ row: Row) throws -> ModerationCase {
        guard let type = ReportTargetType(rawValue: row["target_type"]), let status = ModerationCase.Status(rawValue: row["status"])
        else { throw StoreError.corruptRow(table: "trust_cases", id: row["id"], reason: "unknown target type or status") }
        var value = ModerationCase(
            id: CaseID(trusted: row["id"]), communityID: CommunityID(trusted: row["community_id"]), targetType: type,
            targetID: row["target_id"], targetMemberID: MemberID(trusted: row["target_member_id"]), status: status,
            claimedBy: (row["claimed_by"] as String?).map(MemberID.init(trusted:)), claimExpiresAt: row["claim_expires_at"],
            outcome: (row["outcome"] as String?).flatMap(ModerationCase.Outcome.init(rawValue:)),
            resolutionReason: row["resolution_reason"], resolvedBy: (row["resolved_by"] as String?).map(MemberID.init(trusted:)),
            resolvedAt: row["resolved_at"], createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
        value.priority = row["priority"]
        value.openedBy = ModerationCase.Origin(rawValue: row["opened_by"]) ?? .report
        value.holdsFrozen = row["holds_frozen"]
        return value
    }

    static func report(_ row: Row) throws -> FiledReport {
        guard let type = ReportTargetType(rawValue: row["target_type"]), let category = ReportCategory(rawValue: row["category"])
        else { throw StoreError.corruptRow(table: "trust_reports", id: row["id"], reason: "unknown target type or category") }
        let photos = (try? JSONDecoder().decode([String].self, from: Data((row["photos_json"] as String).utf8))) ?? []
        return FiledReport(
            id: ReportID(trusted: row["id"]), caseID: CaseID(trusted: row["case_id"]), reporterID: MemberID(trusted: row["reporter_id"]),
            targetType: type, targetID: row["target_id"], targetMemberID: MemberID(trusted: row["target_member_id"]),
            category: category, text: row["text"], photos: photos, createdAt: row["created_at"],
            filedBy: (row["filed_by"] as String?).map(MemberID.init(trusted:)))
    }

    static func action(_ row: Row) throws -> CaseAction {
        guard let kind = CaseActionKind(rawValue: row["kind"]) else {
            throw StoreError.corruptRow(table: "trust_case_actions", id: row["id"], reason: "unknown kind")
        }
        return CaseAction(
            id: CaseActionID(trusted: row["id"]), caseID: CaseID(trusted: row["case_id"]), kind: kind,
            targetMemberID: MemberID(trusted: row["target_member_id"]), days: row["days"], points: row["points"],
            victimID: (row["victim_id"] as String?).map(MemberID.init(trusted:)), strike: row["strike"],
            takenBy: MemberID(trusted: row["taken_by"]), createdAt: row["created_at"], overturnedAt: row["overturned_at"],
            appealUntil: row["appeal_until"])
    }

    static func appeal(_ row: Row) throws -> Appeal {
        guard let status = Appeal.Status(rawValue: row["status"]) else {
            throw StoreError.corruptRow(table: "trust_appeals", id: row["id"], reason: "unknown status")
        }
        return Appeal(
            id: AppealID(trusted: row["id"]), actionID: CaseActionID(trusted: row["action_id"]),
            appellantID: MemberID(trusted: row["appellant_id"]), text: row["text"], status: status,
            decidedBy: (row["decided_by"] as String?).map(MemberID.init(trusted:)), decisionReason: row["decision_reason"],
            decidedAt: row["decided_at"], createdAt: row["created_at"],
            filedBy: (row["filed_by"] as String?).map(MemberID.init(trusted:)))
    }

    static func fetchCase(_ db: Database, community: CommunityID, id: CaseID) throws -> ModerationCase {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM trust_cases WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("case", id: id.rawValue) }
        return try moderationCase(row)
    }

    /// Moves a case's version (its ETag) on without changing its fields: a report joined it or a
    /// note was added, so a resolution sent with the `If-Match` of what the moderator read before
    /// is refused (409) and she reads the new evidence first (helper 128).
    static func touch(_ tx: Transaction, community: CommunityID, id: CaseID) throws {
        try tx.db.execute(
            sql: "UPDATE trust_cases SET updated_at = ?, version = version + 1 WHERE community_id = ? AND id = ?",
            arguments: [tx.now, community.rawValue, id.rawValue])
    }

    /// Writes a case's mutable fields with an optimistic version check.
    static func save(_ tx: Transaction, _ value: ModerationCase) throws -> ModerationCase {
        var updated = value
        updated.version += 1
        updated.updatedAt = tx.now
        try tx.db.execute(
            sql: """
                UPDATE trust_cases SET status = ?, claimed_by = ?, claim_expires_at = ?, outcome = ?, resolution_reason = ?,
                    resolved_by = ?, resolved_at = ?, updated_at = ?, version = ?
                WHERE community_id = ? AND id = ? AND version = ?
                """,
            arguments: [
                updated.status.rawValue, updated.claimedBy?.rawValue, updated.claimExpiresAt, updated.outcome?.rawValue,
                updated.resolutionReason, updated.resolvedBy?.rawValue, updated.resolvedAt, updated.updatedAt, updated.version,
                value.communityID.rawValue, value.id.rawValue, value.version,
            ])
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: value.version) }
        return updated
    }

}
