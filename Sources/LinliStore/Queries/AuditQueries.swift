import GRDB
import LinliDomain

/// Reading the audit log (moderators and admins).
public enum AuditQueries {
    /// Entries of the community, optionally for one target, in order.
    public static func list(
        _ db: Database, principal: Principal, targetType: String?, targetID: String?, page: PageRequest
    ) throws -> Page<AuditEntry> {
        try principal.require(.auditRead)
        var sql = "SELECT * FROM audit_entries WHERE community_id = ? AND id > ?"
        var arguments: StatementArguments = [principal.communityID.rawValue, page.after ?? ""]
        if let targetType { sql += " AND target_type = ?"; arguments += [targetType] }
        if let targetID { sql += " AND target_id = ?"; arguments += [targetID] }
        sql += " ORDER BY id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try AuditEntry.fetchAll(db, sql: sql, arguments: arguments)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.id.rawValue }
    }
}
