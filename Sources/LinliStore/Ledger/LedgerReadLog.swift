import Foundation
import GRDB
import LinliDomain

/// The trace of staff reading a member's points (`LedgerRead`): each read of another member's
/// balance, statement or transfer writes an audit entry (`ledger.balance_read`,
/// `ledger.statement_read`, `ledger.transfer_read`, target the member read), and the member reads
/// the list of them. The read is recorded before its answer is sent: a read that cannot be
/// recorded is not answered.
public enum LedgerReadLog {
    static let actions: [LedgerRead.What: String] = [
        .balance: "ledger.balance_read", .statement: "ledger.statement_read", .transfer: "ledger.transfer_read",
    ]

    /// Records that `actor` read `what` of each member in `members` other than the reader
    /// (reading one's own points leaves no trace).
    public static func record(
        _ tx: Transaction, community: CommunityID, actor: AuditActor, members: [MemberID], what: LedgerRead.What,
        transferID: TransferID? = nil, format: String? = nil
    ) throws {
        for member in Set(members) where member != actor.memberID {
            var after: [String: String?] = [:]
            if let transferID { after["transfer_id"] = transferID.rawValue }
            if let format { after["format"] = format }
            try tx.audit(
                community, actor: actor, action: actions[what]!, targetType: "member", targetID: member.rawValue,
                after: after.isEmpty ? nil : after)
        }
    }

    /// The reads of `member`'s points by others, newest first: for the member themselves, and for
    /// moderators and admins (`audit.read`), who read the audit log anyway.
    public static func list(_ db: Database, principal: Principal, member: MemberID, page: PageRequest) throws -> Page<LedgerRead> {
        if member != principal.memberID { try principal.require(.auditRead) }
        _ = try MemberCommands.fetch(db, community: principal.communityID, id: member)
        var sql = """
            SELECT a.*, m.display_name AS reader_name, m.role AS reader_role FROM audit_entries a
            LEFT JOIN members m ON m.community_id = a.community_id AND m.id = a.actor_id
            WHERE a.community_id = ? AND a.target_type = 'member' AND a.target_id = ?
                AND a.action IN ('ledger.balance_read', 'ledger.statement_read', 'ledger.transfer_read')
            """
        var arguments: StatementArguments = [principal.communityID.rawValue, member.rawValue]
        if let after = page.after { sql += " AND a.id < ?"; arguments += [after] }
        sql += " ORDER BY a.id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let byAction = Dictionary(uniqueKeysWithValues: actions.map { ($0.value, $0.key) })
        let reads = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row -> LedgerRead in
            let entry = try AuditEntry(row: row)
            guard let what = byAction[entry.action] else {
                throw StoreError.corruptRow(table: "audit_entries", id: entry.id.rawValue, reason: "action = \(entry.action)")
            }
            let details = try entry.after.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            return LedgerRead(
                id: entry.id, readerID: entry.actorID, readerName: row["reader_name"], readerRole: (row["reader_role"] as String?).flatMap(Role.init),
                onBehalfOf: entry.onBehalfOf, what: what, transferID: details["transfer_id"].map { TransferID(trusted: $0) },
                format: details["format"], readAt: entry.createdAt)
        }
        return Page.fromOverfetch(reads, limit: page.limit) { $0.id.rawValue }
    }
}
