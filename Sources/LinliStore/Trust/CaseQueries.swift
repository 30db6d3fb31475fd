import Foundation
import GRDB
import LinliDomain

/// One case with everything a moderator reads: its reports, private notes and actions.
public struct CaseDetail: Sendable {
    public var moderationCase: ModerationCase
    public var reports: [FiledReport]
    public var notes: [(id: CaseNoteID, author: MemberID, text: String, createdAt: Date)]
    public var actions: [CaseAction]
}

/// Moderators' reads of cases.
public enum CaseQueries {
    /// Cases by status in queue order: highest priority (fraud signals about the target member)
    /// first, then oldest; at most `limit`.
    public static func list(_ db: Database, principal: Principal, status: ModerationCase.Status, limit: Int) throws -> [ModerationCase] {
        try principal.require(.caseManage)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM trust_cases WHERE community_id = ? AND status = ? ORDER BY priority DESC, id LIMIT ?",
            arguments: [principal.communityID.rawValue, status.rawValue, limit]
        ).map(TrustCaseRows.moderationCase)
    }

    public static func detail(_ db: Database, principal: Principal, id: CaseID) throws -> CaseDetail {
        try principal.require(.caseManage)
        let value = try TrustCaseRows.fetchCase(db, community: principal.communityID, id: id)
        let arguments: StatementArguments = [principal.communityID.rawValue, id.rawValue]
        return CaseDetail(
            moderationCase: value,
            reports: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_reports WHERE community_id = ? AND case_id = ? ORDER BY id", arguments: arguments
            ).map(TrustCaseRows.report),
            notes: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_case_notes WHERE community_id = ? AND case_id = ? ORDER BY id", arguments: arguments
            ).map { (CaseNoteID(trusted: $0["id"]), MemberID(trusted: $0["author_id"]), $0["text"], $0["created_at"]) },
            actions: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_case_actions WHERE community_id = ? AND case_id = ? ORDER BY id", arguments: arguments
            ).map(TrustCaseRows.action))
    }
}
