import GRDB
import LinliDomain

/// Account rows: opened lazily by the first posting, read for balances.
///
/// Opening and updating are one statement (an upsert returning the new balance), so a posting
/// costs one round trip per account and the balance the credit check sees is the one written, in
/// the same write transaction.
public enum LedgerAccounts {
    /// Adds `amount` to the account (opening it if needed) and returns the new balance.
    static func apply(_ db: Database, community: CommunityID, account: AccountRef, amount: Int, seq: Int, at time: LedgerTimestamp) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO ledger_accounts (community_id, id, kind, member_id, balance, last_seq, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (community_id, id) DO UPDATE SET balance = balance + excluded.balance, last_seq = excluded.last_seq
            RETURNING balance
            """)
        let arguments: StatementArguments = [
            community.rawValue, account.rawValue, account.kind.rawValue, account.memberID?.rawValue, amount, seq, time.text,
        ]
        guard let balance = try Int.fetchOne(statement, arguments: arguments) else {
            throw StoreError.corruptRow(table: "ledger_accounts", id: account.rawValue, reason: "upsert returned no balance")
        }
        return balance
    }

    /// Moves the exchange counters of a settlement (`sign` -1 undoes one, for reversals).
    static func count(_ db: Database, community: CommunityID, settlement: Settlement, sign: Int) throws {
        let minutes = (settlement.minutes ?? 0) * sign
        let points = settlement.points * sign
        let statement = try db.cachedStatement(sql: """
            UPDATE ledger_accounts
            SET points_given = points_given + ?, points_received = points_received + ?,
                minutes_served = minutes_served + ?, minutes_received = minutes_received + ?
            WHERE community_id = ? AND id = ?
            """)
        try statement.execute(arguments: [points, 0, 0, minutes, community.rawValue, AccountRef.member(settlement.payer).rawValue])
        try statement.execute(arguments: [0, points, minutes, 0, community.rawValue, AccountRef.member(settlement.payee).rawValue])
    }

    /// The account, or nil if nothing was ever posted to it.
    public static func fetch(_ db: Database, community: CommunityID, account: AccountRef) throws -> LedgerAccount? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM ledger_accounts WHERE community_id = ? AND id = ?",
            arguments: [community.rawValue, account.rawValue]
        ).map(decode)
    }

    /// A member's account (all zero if never posted to).
    public static func member(_ db: Database, community: CommunityID, member: MemberID) throws -> LedgerAccount {
        let ref = AccountRef.member(member)
        return try fetch(db, community: community, account: ref) ?? .empty(ref, in: community)
    }

    /// Points the member currently has held in open (held or frozen) holds.
    public static func heldAmount(_ db: Database, community: CommunityID, member: MemberID) throws -> Int {
        try Int.fetchOne(
            db, sql: """
                SELECT COALESCE(SUM(amount), 0) FROM ledger_holds
                WHERE community_id = ? AND payer_member_id = ? AND state IN ('held', 'frozen')
                """,
            arguments: [community.rawValue, member.rawValue]) ?? 0
    }

    static func decode(_ row: Row) throws -> LedgerAccount {
        let raw: String = row["id"]
        guard let ref = AccountRef(rawValue: raw) else {
            throw StoreError.corruptRow(table: "ledger_accounts", id: raw, reason: "id = \(raw)")
        }
        return LedgerAccount(
            ref: ref, communityID: try row.identifier("community_id", table: "ledger_accounts"), balance: row["balance"],
            pointsGiven: row["points_given"], pointsReceived: row["points_received"], minutesServed: row["minutes_served"],
            minutesReceived: row["minutes_received"], lastSeq: row["last_seq"])
    }
}
