import Foundation
import GRDB
import LinliDomain

/// The community summary: balances by kind of account, open holds, and what moved in a window.
/// A handful of aggregate queries over indexed columns, run in one read transaction.
public enum LedgerSummaryQueries {
    public static func summary(_ db: Database, community: CommunityID, windowDays: Int, now: Date) throws -> LedgerSummary {
        guard LedgerSummary.windowRange.contains(windowDays) else {
            throw DomainError(
                code: "query.out_of_range", category: .invalidInput,
                parameters: ["name": "window_days", "min": String(LedgerSummary.windowRange.lowerBound), "max": String(LedgerSummary.windowRange.upperBound)])
        }
        let id = community.rawValue
        let end = LedgerTimestamp(now)
        let start = LedgerTimestamp(milliseconds: end.milliseconds - Int64(windowDays) * 86_400_000)
        let members = try Row.fetchOne(
            db, sql: """
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN balance > 0 THEN balance ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN balance < 0 THEN -balance ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN balance <> 0 THEN 1 ELSE 0 END), 0)
                FROM ledger_accounts WHERE community_id = ? AND kind = 'member'
                """,
            arguments: [id])
        var system: [AccountKind: Int] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT kind, balance FROM ledger_accounts WHERE community_id = ? AND kind <> 'member'", arguments: [id])
        {
            if let kind = AccountKind(rawValue: row[0]) { system[kind] = row[1] }
        }
        let holds = try Row.fetchOne(
            db, sql: "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM ledger_holds WHERE community_id = ? AND state IN ('held', 'frozen')",
            arguments: [id])
        let window: StatementArguments = [id, start.text, end.text]
        var kinds: [LedgerSummary.KindVolume] = []
        var transfers = 0
        for row in try Row.fetchAll(
            db, sql: """
                SELECT t.kind, COUNT(DISTINCT t.seq), COALESCE(SUM(p.amount), 0)
                FROM ledger_transfers t
                JOIN ledger_postings p ON p.community_id = t.community_id AND p.transfer_seq = t.seq AND p.amount > 0
                WHERE t.community_id = ? AND t.created_at >= ? AND t.created_at < ?
                GROUP BY t.kind
                """,
            arguments: window)
        {
            guard let kind = TransferKind(rawValue: row[0]) else { continue }
            kinds.append(LedgerSummary.KindVolume(kind: kind, transfers: row[1], points: row[2]))
            transfers += row[1] as Int
        }
        // Settlements made in the window and never reversed: subtracting the reversals made in
        // the window took an old exchange's reversal off this window's trade, down to 0 (helper
        // 173 #3).
        let volume = try Int.fetchOne(
            db, sql: """
                SELECT COALESCE(SUM(t.settled_points), 0) FROM ledger_transfers t
                WHERE t.community_id = ? AND t.created_at >= ? AND t.created_at < ? AND t.settled_points IS NOT NULL
                  AND t.kind <> 'reversal' AND NOT \(TransferSQL.reversed)
                """,
            arguments: window) ?? 0
        let categories = try Row.fetchAll(
            db, sql: """
                SELECT l.category_code, COUNT(*), COALESCE(SUM(t.settled_points), 0)
                FROM ledger_transfers t
                \(TransferSQL.settledExchangeJoin)
                JOIN listings l ON l.id = e.listing_id
                WHERE t.community_id = ? AND t.created_at >= ? AND t.created_at < ? AND t.settled_points IS NOT NULL
                  AND t.kind IN ('exchange', 'release') AND NOT \(TransferSQL.reversed)
                GROUP BY l.category_code ORDER BY 3 DESC, 2 DESC, 1 LIMIT 10
                """,
            arguments: window
        ).map { LedgerSummary.CategoryVolume(category: $0[0], exchanges: $0[1], points: $0[2]) }
        return LedgerSummary(
            windowDays: windowDays, windowStart: start, windowEnd: end, memberAccounts: members?[0] ?? 0,
            accountsHoldingBalance: members?[3] ?? 0, pointsInCirculation: members?[1] ?? 0, creditInUse: members?[2] ?? 0, escrowHeld: system[.escrow] ?? 0,
            openHolds: holds?[0] ?? 0, donationsPool: system[.donations] ?? 0, penaltiesCollected: system[.penalties] ?? 0,
            // Points a donation put in the pool are created but not spent: they count once paid
            // out of it (helper 125: two donations read as 500 points "issued" into circulation).
            issuedByIssuance: -(system[.issuance] ?? 0) - (system[.donations] ?? 0), issuedByRewards: -(system[.rewards] ?? 0),
            exchangeVolume: max(0, volume), transfersInWindow: transfers, topKinds: kinds, topCategories: categories)
    }
}
