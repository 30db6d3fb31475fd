import GRDB
import LinliDomain

/// Reading posted transfers back, with their postings.
public enum LedgerTransfers {
    public static func fetch(_ db: Database, community: CommunityID, id: TransferID) throws -> Transfer {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM ledger_transfers WHERE community_id = ? AND id = ?",
            arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("transfer", id: id.rawValue) }
        return try decode(db, row)
    }

    /// The transfer posted under an idempotency key, if any.
    static func fetch(_ db: Database, community: CommunityID, idempotencyKey: String) throws -> Transfer? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM ledger_transfers WHERE community_id = ? AND idempotency_key = ?")
        guard let row = try Row.fetchOne(statement, arguments: [community.rawValue, idempotencyKey]) else { return nil }
        return try decode(db, row)
    }

    /// The reversal of a transfer, if it has been reversed.
    static func reversal(_ db: Database, community: CommunityID, of id: TransferID) throws -> TransferID? {
        try String.fetchOne(
            db, sql: "SELECT id FROM ledger_transfers WHERE community_id = ? AND reverses_id = ?",
            arguments: [community.rawValue, id.rawValue]
        ).map { TransferID(trusted: $0) }
    }

    /// The last transfer's seq and hash (0 and the genesis hash for an empty ledger).
    static func head(_ db: Database, community: CommunityID) throws -> (seq: Int, hash: String) {
        let statement = try db.cachedStatement(
            sql: "SELECT seq, hash FROM ledger_transfers WHERE community_id = ? ORDER BY seq DESC LIMIT 1")
        guard let row = try Row.fetchOne(statement, arguments: [community.rawValue]) else {
            return (0, TransferCanonicalEncoding.genesisHash)
        }
        return (row[0], row[1])
    }

    static func decode(_ db: Database, _ row: Row) throws -> Transfer {
        let table = "ledger_transfers"
        let community: CommunityID = try row.identifier("community_id", table: table)
        let seq: Int = row["seq"]
        let postingRows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT leg, account_id, amount, balance_after FROM ledger_postings
                WHERE community_id = ? AND transfer_seq = ? ORDER BY leg
                """),
            arguments: [community.rawValue, seq])
        let postings = try postingRows.map { posting -> Posting in
            let raw: String = posting["account_id"]
            guard let account = AccountRef(rawValue: raw) else {
                throw StoreError.corruptRow(table: "ledger_postings", id: "\(seq)", reason: "account_id = \(raw)")
            }
            return Posting(leg: posting["leg"], account: account, amount: posting["amount"], balanceAfter: posting["balance_after"])
        }
        let createdText: String = row["created_at"]
        guard let createdAt = LedgerTimestamp(text: createdText) else {
            throw StoreError.corruptRow(table: table, id: row["id"], reason: "created_at = \(createdText)")
        }
        var settlement: Settlement?
        if let points: Int = row["settled_points"] {
            settlement = Settlement(
                payer: try row.identifier("payer_member_id", table: table), payee: try row.identifier("payee_member_id", table: table),
                points: points, minutes: row["service_minutes"])
        }
        return Transfer(
            id: try row.identifier("id", table: table), communityID: community, seq: seq,
            kind: try row.enumeration("kind", table: table), reason: row["reason"], category: row["category"],
            memo: row["memo"], reference: row["reference"], actorID: try row.optionalIdentifier("actor_id", table: table),
            actorLabel: row["actor_label"], onBehalfOf: try row.optionalIdentifier("on_behalf_of", table: table),
            idempotencyKey: row["idempotency_key"], reversesID: try row.optionalIdentifier("reverses_id", table: table),
            holdID: try row.optionalIdentifier("hold_id", table: table), settlement: settlement, createdAt: createdAt,
            postings: postings, previousHash: row["prev_hash"], hash: row["hash"])
    }
}
