import Foundation
import GRDB

extension LedgerVerifier {
    /// The keys of an audit entry's `after` that name a transfer of its community: a reward's,
    /// a donation's, an adjustment's or a compensation's `transfer_id`, a reversal's `reversal_id`,
    /// a no-show contest's reversal and settlement. (`target_id` names one when `target_type` is
    /// `transfer`.)
    static let auditTransferKeys = ["transfer_id", "reversal_id", "reversal_transfer_id", "settlement_transfer_id", "penalty_transfer_id"]

    /// Every transfer the audit log names is still in its community's ledger (`audit_reference`).
    ///
    /// Why: the chain proves only that nothing before its head changed. Someone who can write the
    /// file may delete the newest transfers and set the balances back, and without a head written
    /// down elsewhere (`--expect-head`) every other check passes (helper 173 #4). The audit log is
    /// append-only and written in the same transaction as each organizer's and administrator's
    /// transfer: the entry that says a reward was granted or an adjustment made still names the
    /// transfer that is gone. (Deleting the entry too is possible; a recorded head catches that.)
    ///
    /// One pass over the audit log, across communities, each missing transfer reported once per
    /// entry (a reward's entry names it twice: target and `after`); only entries whose `after`
    /// mentions such a key are parsed (a `LIKE` first, then `json_each` on valid JSON only: a hand-edited entry
    /// is not a reason to stop verifying).
    func verifyAuditReferences(_ db: Database, sink: inout ViolationSink) throws {
        let keys = Self.auditTransferKeys.map { "'\($0)'" }.joined(separator: ", ")
        let missing = try Row.fetchCursor(
            db,
            sql: """
                WITH named(community_id, audit_id, action, transfer_id) AS (
                    SELECT community_id, id, action, target_id FROM audit_entries WHERE target_type = 'transfer'
                    UNION ALL
                    SELECT a.community_id, a.id, a.action, j.value
                    FROM audit_entries a,
                         json_each(CASE WHEN json_valid(a.after_json) THEN a.after_json ELSE '{}' END) j
                    WHERE (a.after_json LIKE '%transfer_id"%' OR a.after_json LIKE '%reversal_id"%')
                      AND j.key IN (\(keys)) AND j.type = 'text'
                )
                SELECT DISTINCT n.community_id, n.audit_id, n.action, n.transfer_id FROM named n
                WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.id = n.transfer_id AND t.community_id = n.community_id)
                ORDER BY n.community_id, n.audit_id, n.transfer_id
                """)
        while let row = try missing.next() {
            let transfer: String = row[3]
            sink.add(
                row[0], .auditReference, "transfer \(transfer)",
                "named by audit entry \(row[1] as String) (\(row[2] as String)), but not in the ledger: transfers were deleted")
        }
    }
}
