import Foundation
import GRDB
import LinliDomain
import LinliRules

/// The listings a rule change can touch, as the rules engine sees them, and the demand and
/// supply of every category at once: what both the candidate diff and a revaluation read.
///
/// "Live" means not yet settled: drafts, listings waiting for or sent back from review, and
/// published ones. Reserved listings are excluded (their exchange was agreed at the points shown
/// then) and so is everything finished.
enum LiveListings {
    static let statuses = "'draft', 'pending_review', 'changes_requested', 'published'"

    /// Every live listing of the community, oldest first.
    static func fetchAll(_ db: Database, community: CommunityID) throws -> [Listing] {
        try Listing.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM listings WHERE community_id = ? AND status IN (\(statuses)) ORDER BY id"),
            arguments: [community.rawValue])
    }

    /// Up to `limit` live listings after `after` (by id) not yet valued under the rule text with `hash`.
    static func notValuedUnder(_ db: Database, community: CommunityID, hash: String, after: ListingID?, limit: Int) throws -> [Listing] {
        try Listing.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM listings WHERE community_id = ? AND status IN (\(statuses)) AND rule_set_hash <> ? AND id > ?
                ORDER BY id LIMIT ?
                """),
            arguments: [community.rawValue, hash, after?.rawValue ?? "", limit])
    }

    static func countNotValuedUnder(_ db: Database, community: CommunityID, hash: String, after: ListingID?) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*) FROM listings WHERE community_id = ? AND status IN (\(statuses)) AND rule_set_hash <> ? AND id > ?
                """),
            arguments: [community.rawValue, hash, after?.rawValue ?? ""]) ?? 0
    }

    /// Demand and supply per category over the window, counted as `ScarcityQueries` does for one.
    static func scarcity(_ db: Database, community: CommunityID, windowDays: Int, at date: Date) throws -> [ScarcityKey: ScarcityCounts] {
        let since = date.addingTimeInterval(-Double(windowDays) * 86_400)
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT category_code,
                    SUM(CASE WHEN direction = 'request' OR status IN ('reserved', 'exchanged') THEN 1 ELSE 0 END) AS demand,
                    SUM(CASE WHEN direction = 'offer' THEN 1 ELSE 0 END) AS supply
                FROM listings
                WHERE community_id = ? AND created_at >= ? AND created_at <= ? AND status NOT IN ('draft', 'rejected', 'removed')
                GROUP BY category_code
                """),
            arguments: [community.rawValue, since, date])
        var counts: [ScarcityKey: ScarcityCounts] = [:]
        for row in rows {
            counts[ScarcityKey(category: row["category_code"])] = ScarcityCounts(demand: row["demand"], supply: row["supply"])
        }
        return counts
    }
}
