import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// Reads what trust computations need from the store, as a `TrustSnapshot`.
///
/// Until the exchanges table (issue 5) lands, the exchange graph is the ledger's settled member-to-
/// member transfers: kinds `exchange` (direct payment) and `release` (a hold released to the
/// provider), with the payer and payee the ledger records, minus any transfer that was reversed.
/// Their outcome is always "completed"; no-shows, disputes and ratings arrive with the exchanges
/// table. Reports come from `trust_reports`: one is upheld when its case was resolved as upheld
/// and not every action of that case was overturned on appeal. Device/IP fingerprints are not
/// stored yet, so self-dealing is judged by household only.
public enum TrustSnapshotQueries {
    /// Members, listings, reports and settled exchanges at or after `exchangesSince` (all of them
    /// when nil) of one community.
    public static func snapshot(_ db: Database, community: CommunityID, exchangesSince: Date?) throws -> TrustSnapshot {
        let id = community.rawValue
        let members = try Row.fetchAll(
            db, sql: "SELECT id, household_id, verified, created_at FROM members WHERE community_id = ?", arguments: [id]
        ).map { row in
            TrustMember(
                id: MemberID(trusted: row["id"]), householdID: (row["household_id"] as String?).map(HouseholdID.init(trusted:)),
                createdAt: row["created_at"], verified: row["verified"])
        }
        let listings = try Row.fetchAll(
            db, sql: """
                SELECT id, owner_id, category_code, created_at, declared_cost_cents FROM listings
                WHERE community_id = ? AND status NOT IN ('draft')
                """,
            arguments: [id]
        ).map { row in
            TrustListing(
                id: ListingID(trusted: row["id"]), owner: MemberID(trusted: row["owner_id"]), category: row["category_code"],
                createdAt: row["created_at"], declaredCostCents: row["declared_cost_cents"])
        }
        let since = exchangesSince.map { LedgerTimestamp($0).text } ?? ""
        let exchanges = try Row.fetchAll(
            db, sql: """
                SELECT t.id, t.payer_member_id, t.payee_member_id, t.settled_points, t.created_at, t.category FROM ledger_transfers t
                WHERE t.community_id = ? AND t.kind IN ('exchange', 'release') AND t.payer_member_id IS NOT NULL
                    AND t.payee_member_id IS NOT NULL AND t.created_at >= ?
                    AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.community_id = t.community_id AND r.reverses_id = t.id)
                ORDER BY t.seq
                """,
            arguments: [id, since]
        ).compactMap { row -> TrustExchange? in
            guard let at = LedgerTimestamp(text: row["created_at"]) else { return nil }
            return TrustExchange(
                id: row["id"], payer: MemberID(trusted: row["payer_member_id"]), provider: MemberID(trusted: row["payee_member_id"]),
                points: row["settled_points"], at: at.date, category: row["category"])
        }
        return TrustSnapshot(members: members, exchanges: exchanges, reports: try reports(db, community: community), listings: listings)
    }

    static func reports(_ db: Database, community: CommunityID) throws -> [TrustReport] {
        try Row.fetchAll(
            db, sql: """
                SELECT r.id, r.reporter_id, r.target_type, r.target_id, r.target_member_id, r.created_at, c.outcome,
                    EXISTS (SELECT 1 FROM trust_case_actions a
                            WHERE a.community_id = c.community_id AND a.case_id = c.id AND a.overturned_at IS NULL) AS standing
                FROM trust_reports r JOIN trust_cases c ON c.community_id = r.community_id AND c.id = r.case_id
                WHERE r.community_id = ?
                """,
            arguments: [community.rawValue]
        ).map { row -> TrustReport in
            let targetID: String = row["target_id"]
            let targetType: String = row["target_type"]
            let target: TrustReportTarget = targetType == "listing"
                ? .listing(ListingID(trusted: targetID)) : .member(MemberID(trusted: targetID))
            let outcome: String? = row["outcome"]
            let standing: Bool = row["standing"]
            return TrustReport(
                id: row["id"], reporter: MemberID(trusted: row["reporter_id"]), target: target,
                targetMember: MemberID(trusted: row["target_member_id"]), at: row["created_at"],
                upheld: outcome.map { $0 == "upheld" && standing })
        }
    }
}
