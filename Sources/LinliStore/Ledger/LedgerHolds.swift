import GRDB
import LinliDomain

/// Hold rows: reading, inserting and moving them through their state machine.
public enum LedgerHolds {
    public static func fetch(_ db: Database, community: CommunityID, id: HoldID) throws -> Hold {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM ledger_holds WHERE community_id = ? AND id = ?"),
            arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("hold", id: id.rawValue) }
        return try decode(row)
    }

    static func insert(_ db: Database, _ hold: Hold) throws {
        try db.cachedStatement(sql: """
            INSERT INTO ledger_holds (id, community_id, payer_member_id, amount, state, reference, hold_transfer_id,
                settle_transfer_id, recipient_member_id, created_at, updated_at, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [
            hold.id.rawValue, hold.communityID.rawValue, hold.payer.rawValue, hold.amount, hold.state.rawValue,
            hold.reference, hold.holdTransferID.rawValue, hold.settleTransferID?.rawValue, hold.recipient?.rawValue,
            hold.createdAt.text, hold.updatedAt.text, hold.version,
        ])
    }

    /// Writes a changed hold, refusing if someone else changed it first (its version moved on).
    static func save(_ db: Database, _ hold: Hold, expectedVersion: Int) throws {
        try db.cachedStatement(sql: """
            UPDATE ledger_holds SET state = ?, settle_transfer_id = ?, recipient_member_id = ?, updated_at = ?, version = ?
            WHERE community_id = ? AND id = ? AND version = ?
            """
        ).execute(arguments: [
            hold.state.rawValue, hold.settleTransferID?.rawValue, hold.recipient?.rawValue, hold.updatedAt.text, hold.version,
            hold.communityID.rawValue, hold.id.rawValue, expectedVersion,
        ])
        guard db.changesCount == 1 else { throw DomainError.versionConflict(current: expectedVersion) }
    }

    static func decode(_ row: Row) throws -> Hold {
        let table = "ledger_holds"
        func time(_ column: String) throws -> LedgerTimestamp {
            let text: String = row[column]
            guard let value = LedgerTimestamp(text: text) else {
                throw StoreError.corruptRow(table: table, id: row["id"], reason: "\(column) = \(text)")
            }
            return value
        }
        return Hold(
            id: try row.identifier("id", table: table), communityID: try row.identifier("community_id", table: table),
            payer: try row.identifier("payer_member_id", table: table), amount: row["amount"],
            state: try row.enumeration("state", table: table), reference: row["reference"],
            holdTransferID: try row.identifier("hold_transfer_id", table: table),
            settleTransferID: try row.optionalIdentifier("settle_transfer_id", table: table),
            recipient: try row.optionalIdentifier("recipient_member_id", table: table),
            createdAt: try time("created_at"), updatedAt: try time("updated_at"), version: row["version"])
    }
}
