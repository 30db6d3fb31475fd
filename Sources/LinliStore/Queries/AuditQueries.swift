import Foundation
import GRDB
import LinliDomain

/// Reading the audit log (moderators and admins).
public enum AuditQueries {
    /// Entries of the community, optionally for one target, in order. The reward paid to the
    /// reporters of an upheld case (`ledger.reward_granted`, category `upheld_report`; the case is
    /// in `report_rewards`, or in the transfer's memo for rewards paid before migration 0019)
    /// names the reporter, and so does its reversal (`ledger.transfer_reversed`, whose target is
    /// the reward transfer too): both are left out for the member the case was about
    /// (a reported moderator reads the audit log too), as the case itself is (`case.own`), and for
    /// their housemates, as the case is (`moderation.own_household`). So is a compensation
    /// ordered from them (`ledger.compensation_ordered`, whose `recipient_id` is usually the
    /// case's reporter; session 30 review).
    /// What an admin looks for in the log (helper 145 #5: after a month, yesterday's entries were
    /// pages away, and `?action=` was silently ignored).
    public struct Filter: Sendable {
        public var targetType: String?
        public var targetID: String?
        /// One action (`token.revoked`), or every action under a prefix (`proxy.*`).
        public var action: String?
        /// Entries at or after this instant.
        public var since: Date?
        /// Newest first (the cursor then pages back in time).
        public var newestFirst = false

        public init(targetType: String? = nil, targetID: String? = nil, action: String? = nil, since: Date? = nil, newestFirst: Bool = false) {
            self.targetType = targetType
            self.targetID = targetID
            self.action = action
            self.since = since
            self.newestFirst = newestFirst
        }
    }

    public static func list(
        _ db: Database, principal: Principal, targetType: String?, targetID: String?, page: PageRequest
    ) throws -> Page<AuditEntry> {
        try list(db, principal: principal, filter: Filter(targetType: targetType, targetID: targetID), page: page)
    }

    public static func list(_ db: Database, principal: Principal, filter: Filter, page: PageRequest) throws -> Page<AuditEntry> {
        try principal.require(.auditRead)
        let household = try ModerationConflict.selfAndHousemates(db, of: principal).map(\.rawValue).sorted()
        let among = "(\(household.map { _ in "?" }.joined(separator: ", ")))"
        var sql = """
            SELECT * FROM audit_entries WHERE community_id = ? AND \(filter.newestFirst ? "id < ?" : "id > ?")
                AND NOT (action IN ('ledger.reward_granted', 'ledger.transfer_reversed') AND (EXISTS (
                    SELECT 1 FROM ledger_transfers t JOIN trust_cases c ON c.community_id = t.community_id AND c.id = t.memo
                    WHERE t.id = audit_entries.target_id AND t.community_id = audit_entries.community_id AND t.kind = 'reward'
                        AND t.category = ? AND c.target_member_id IN \(among)) OR EXISTS (
                    SELECT 1 FROM report_rewards r JOIN trust_cases c ON c.community_id = r.community_id AND c.id = r.case_id
                    WHERE r.community_id = audit_entries.community_id AND r.transfer_id = audit_entries.target_id
                        AND c.target_member_id IN \(among))))
                AND NOT (action = 'ledger.compensation_ordered' AND target_id IN \(among))
            """
        // Ids grow with time (ULIDs), so "before the last one read" pages back from the newest.
        let after = page.after ?? (filter.newestFirst ? "~" : "")
        var arguments: StatementArguments = [principal.communityID.rawValue, after, CaseCommands.upheldReportCategory]
        arguments += StatementArguments(household) + StatementArguments(household) + StatementArguments(household)
        if let targetType = filter.targetType { sql += " AND target_type = ?"; arguments += [targetType] }
        if let targetID = filter.targetID { sql += " AND target_id = ?"; arguments += [targetID] }
        if let action = filter.action {
            if action.hasSuffix(".*") {
                sql += " AND action LIKE ?"
                arguments += [String(action.dropLast()) + "%"]
            } else {
                sql += " AND action = ?"
                arguments += [action]
            }
        }
        if let since = filter.since { sql += " AND created_at >= ?"; arguments += [since] }
        sql += filter.newestFirst ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try AuditEntry.fetchAll(db, sql: sql, arguments: arguments)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }
}
