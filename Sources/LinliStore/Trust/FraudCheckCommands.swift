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
    /// Cases now holding points frozen.
    public var freezingCases: [CaseID]
    /// The ledger sequence number the check has read up to.
    public var cursor: Int64
}

/// The incremental fraud check: each exchange that settled (its points released to the provider,
/// or paid directly) is judged as it happened against the exchanges before it — self-dealing,
/// velocity, reciprocity, rings, concentration, a new account with a high value — and what it
/// raises is stored, raises priorities and may freeze held points (`FraudSignalCommands.record`).
///
/// It runs after the completing transaction has committed, not inside it: an exchange completes
/// at the speed of the ledger, and the check reads a month of history. It cannot miss one, though:
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

    /// Checks the next `batch` ledger transfers of one community. Call again while
    /// `exchangesChecked` or the cursor moves.
    public static func run(_ tx: Transaction, community: CommunityID, rules: ActiveRules, batch: Int = 500) throws -> FraudCheckOutcome {
        let cursor = try Int64.fetchOne(
            tx.db, sql: "SELECT last_seq FROM fraud_check_cursors WHERE community_id = ?", arguments: [community.rawValue]) ?? 0
        let lastSeq = try Int64.fetchOne(
            tx.db, sql: "SELECT MAX(seq) FROM (SELECT seq FROM ledger_transfers WHERE community_id = ? AND seq > ? ORDER BY seq LIMIT ?)",
            arguments: [community.rawValue, cursor, batch])
        guard let lastSeq else { return FraudCheckOutcome(exchangesChecked: 0, signalsRaised: [], freezingCases: [], cursor: cursor) }
        let fresh = try TrustSnapshotQueries.settledExchanges(tx.db, community: community, since: nil, seqs: (cursor + 1)...lastSeq)
        var raised: [FraudSignalID] = []
        var freezing: [CaseID] = []
        if let first = fresh.first {
            let policy = try TrustPolicies.active(tx.db, community: community, at: tx.now, rules: rules).fraud
            let from = first.exchange.at.addingTimeInterval(-Double(TrustQueries.lookBackDays(policy)) * 86_400)
            let history = cursor > 0
                ? try TrustSnapshotQueries.settledExchanges(tx.db, community: community, since: from, seqs: 1...cursor).map(\.exchange)
                : []
            var engine = FraudEngine(
                policy: policy, members: try TrustSnapshotQueries.members(tx.db, community: community, policy: policy),
                history: history, dismissed: try FraudSignalCommands.dismissed(tx.db, community: community))
            var found: [FraudSignal] = []
            for (_, exchange) in fresh { found += engine.evaluate(newExchange: exchange) }
            let before = Set(try openFreezingCases(tx.db, community: community))
            raised = try FraudSignalCommands.record(tx, community: community, signals: found, freezeAtScore: policy.freezeHoldsAtScore).map(\.id)
            freezing = try openFreezingCases(tx.db, community: community).filter { !before.contains($0) }
        }
        try tx.db.execute(
            sql: """
                INSERT INTO fraud_check_cursors (community_id, last_seq, checked_at) VALUES (?, ?, ?)
                ON CONFLICT (community_id) DO UPDATE SET last_seq = excluded.last_seq, checked_at = excluded.checked_at
                """,
            arguments: [community.rawValue, lastSeq, tx.now])
        return FraudCheckOutcome(exchangesChecked: fresh.count, signalsRaised: raised, freezingCases: freezing, cursor: lastSeq)
    }

    static func openFreezingCases(_ db: Database, community: CommunityID) throws -> [CaseID] {
        try String.fetchAll(
            db, sql: "SELECT id FROM trust_cases WHERE community_id = ? AND status = 'open' AND holds_frozen = 1 ORDER BY id",
            arguments: [community.rawValue]
        ).map(CaseID.init(trusted:))
    }
}
