import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// Reads what trust computations need from the store, as a `TrustSnapshot`.
///
/// The exchange graph is the ledger's settled member-to-member transfers: kinds `exchange` (direct
/// payment) and `release` (a completed exchange's hold released to the provider), with the payer
/// and payee the ledger records, minus any transfer that was reversed. Points that actually moved
/// are what rings and concentration are about, whichever path moved them. No-shows and lost
/// disputes come from the exchanges' `member_exchange_marks`, as non-completed outcomes (the
/// credit score counts them; the graph signals ignore them). Ratings come from `exchange_ratings`. Reports come from `trust_reports`: one is upheld when its case was resolved as upheld
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
        let ratings = try RatingQueries.all(db, community: community).map { rating in
            TrustRating(
                id: rating.id.rawValue, rater: rating.rater, ratee: rating.ratee, stars: rating.stars, at: rating.createdAt,
                exchangeID: rating.exchangeID.rawValue)
        }
        return TrustSnapshot(
            members: members, exchanges: exchanges + (try marks(db, community: community, since: exchangesSince)),
            ratings: ratings, reports: try reports(db, community: community), listings: listings)
    }

    /// No-shows and lost disputes, one non-completed outcome per mark; a voided mark (a no-show
    /// overturned on contest) is no outcome at all.
    static func marks(_ db: Database, community: CommunityID, since: Date?) throws -> [TrustExchange] {
        try Row.fetchAll(
            db, sql: """
                SELECT m.member_id, m.exchange_id, m.kind, m.created_at, e.payer_id, e.provider_id, e.points, e.listing_id
                FROM member_exchange_marks m JOIN exchanges e ON e.community_id = m.community_id AND e.id = m.exchange_id
                WHERE m.community_id = ? AND m.created_at >= ? AND m.voided_at IS NULL
                ORDER BY m.created_at, m.exchange_id
                """,
            arguments: [community.rawValue, since ?? Date.distantPast]
        ).map { row in
            let member = MemberID(trusted: row["member_id"])
            let kind: String = row["kind"]
            return TrustExchange(
                id: "\(row["exchange_id"] as String):\(kind)", payer: MemberID(trusted: row["payer_id"]),
                provider: MemberID(trusted: row["provider_id"]), points: row["points"], at: row["created_at"],
                listingID: ListingID(trusted: row["listing_id"]), outcome: kind == "no_show" ? .noShow(member) : .disputeLost(member))
        }
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
