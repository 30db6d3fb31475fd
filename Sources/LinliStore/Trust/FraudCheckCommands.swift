import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust

/// What one incremental fraud check did.
public struct FraudCheckOutcome: Sendable, Equatable {
    /// Settled exchanges judged (ledger transfers that moved points between two members).
    public var exchangesChecked: Int
    /// Signals stored for the first time.
    public var signalsRaised: [FraudSignalID]
    /// Cases holding frozen the points of the members the new signals are about.
    public var freezingCases: [CaseID]
    /// The ledger sequence number the check has read up to.
    public var cursor: Int64
}

/// One batch of the incremental check, judged in a read and waiting to be stored.
public struct FraudCheckBatch: Sendable {
    public var community: CommunityID
    /// The bookmark the batch was read from, and the one it moves to.
    public var fromCursor: Int64
    public var toCursor: Int64
    public var checked: Int
    public var signals: [FraudSignal]
    /// The rule file's `fraud.freeze_holds_at_score` when the batch was judged.
    public var freezeAtScore: Int?
}

/// The incremental fraud check: each exchange that settled (its points released to the provider,
/// or paid directly) is judged as it happened against the exchanges before it — self-dealing,
/// velocity, reciprocity, rings, concentration, a new account with a high value — and what it
/// raises is stored, raises priorities and may freeze held points (`FraudSignalCommands.record`).
///
/// It runs after the completing transaction has committed, not inside it: an exchange completes
/// at the speed of the ledger, and the check reads a month of history (in a read, `evaluate`;
/// only storing what it found takes the write lock, `apply`). It cannot miss one, though:
/// it follows the community's ledger sequence with a bookmark (`fraud_check_cursors`) that moves
/// in the same transaction as the signals it stored, so a crash repeats a batch at worst, and
/// signals are stored once per evidence fingerprint.
public enum FraudCheckCommands {
    /// Communities whose ledger has moved past their bookmark.
    public static func pending(_ db: Database) throws -> [CommunityID] {
        try String.fetchAll(
            db, sql: """
                SELECT c.id FROM communities c LEFT JOIN fraud_check_cursors f ON f.community_id = c.id
                WHERE EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.community_id = c.id AND t.seq > COALESCE(f.last_seq, 0))
                ORDER BY c.id
                """
        ).map(CommunityID.init(trusted:))
    }

    /// Checks the next `batch` ledger transfers of one community in one transaction (`evaluate`
    /// then `apply`). Call again while the cursor moves.
    public static func run(_ tx: Transaction, community: CommunityID, rules: ActiveRules, batch: Int = 500) throws -> FraudCheckOutcome {
        try apply(tx, try evaluate(tx.db, community: community, rules: rules, now: tx.now, batch: batch))
    }

    /// What the next batch raises, computed in a read: loading a month of history and walking the
    /// exchange graph must not hold the write lock that every other request waits for.
    public static func evaluate(_ db: Database, community: CommunityID, rules: ActiveRules, now: Date, batch: Int = 500) throws -> FraudCheckBatch {
        let cursor = try Int64.fetchOne(
            db, sql: "SELECT last_seq FROM fraud_check_cursors WHERE community_id = ?", arguments: [community.rawValue]) ?? 0
        let lastSeq = try Int64.fetchOne(
            db, sql: "SELECT MAX(seq) FROM (SELECT seq FROM ledger_transfers WHERE community_id = ? AND seq > ? ORDER BY seq LIMIT ?)",
            arguments: [community.rawValue, cursor, batch])
        guard let lastSeq else {
            return FraudCheckBatch(community: community, fromCursor: cursor, toCursor: cursor, checked: 0, signals: [], freezeAtScore: nil)
        }
        let fresh = try TrustSnapshotQueries.settledExchanges(db, community: community, since: nil, seqs: (cursor + 1)...lastSeq)
        guard let first = fresh.first else {
            return FraudCheckBatch(community: community, fromCursor: cursor, toCursor: lastSeq, checked: 0, signals: [], freezeAtScore: nil)
        }
        let policy = try TrustPolicies.active(db, community: community, at: now, rules: rules).fraud
        let from = first.exchange.at.addingTimeInterval(-Double(TrustQueries.lookBackDays(policy)) * 86_400)
        let history = cursor > 0
            ? try TrustSnapshotQueries.settledExchanges(db, community: community, since: from, seqs: 1...cursor).map(\.exchange)
            : []
        var engine = FraudEngine(
            policy: policy, members: try TrustSnapshotQueries.members(db, community: community, policy: policy, now: now),
            history: history, dismissed: try FraudSignalCommands.dismissed(db, community: community))
        var found: [FraudSignal] = []
        for (_, exchange) in fresh { found += engine.evaluate(newExchange: exchange) }
        return FraudCheckBatch(
            community: community, fromCursor: cursor, toCursor: lastSeq, checked: fresh.count, signals: found,
            freezeAtScore: policy.freezeHoldsAtScore)
    }

    /// Stores a batch's signals and moves the bookmark, unless another checker moved it since the
    /// batch was read (then nothing is written and the caller reads again).
    public static func apply(_ tx: Transaction, _ batch: FraudCheckBatch) throws -> FraudCheckOutcome {
        let community = batch.community
        let cursor = try Int64.fetchOne(
            tx.db, sql: "SELECT last_seq FROM fraud_check_cursors WHERE community_id = ?", arguments: [community.rawValue]) ?? 0
        guard cursor == batch.fromCursor else {
            return FraudCheckOutcome(exchangesChecked: 0, signalsRaised: [], freezingCases: [], cursor: cursor)
        }
        guard batch.toCursor > batch.fromCursor else {
            return FraudCheckOutcome(exchangesChecked: 0, signalsRaised: [], freezingCases: [], cursor: cursor)
        }
        let recorded = try FraudSignalCommands.recordWithConsequences(
            tx, community: community, signals: batch.signals, freezeAtScore: batch.freezeAtScore)
        try tx.db.execute(
            sql: """
                INSERT INTO fraud_check_cursors (community_id, last_seq, checked_at) VALUES (?, ?, ?)
                ON CONFLICT (community_id) DO UPDATE SET last_seq = excluded.last_seq, checked_at = excluded.checked_at
                """,
            arguments: [community.rawValue, batch.toCursor, tx.now])
        return FraudCheckOutcome(
            exchangesChecked: batch.checked, signalsRaised: recorded.stored.map(\.id), freezingCases: recorded.freezing.map(\.id),
            cursor: batch.toCursor)
    }
}
