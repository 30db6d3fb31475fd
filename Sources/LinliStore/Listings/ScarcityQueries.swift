import Foundation
import GRDB
import LinliDomain
import LinliRules

/// Demand and supply of a category over the rule file's scarcity window, for the valuation's
/// scarcity step.
///
/// Supply is the offers posted in the window; demand is the requests posted in it plus the
/// offers in it that someone took up (reserved or exchanged). Drafts, rejected and removed
/// listings never count: a burst of fake requests that moderators threw out must not make a
/// category dearer.
public enum ScarcityQueries {
    public static func counts(_ db: Database, community: CommunityID, category: String, windowDays: Int, at date: Date) throws -> ScarcityCounts {
        let since = date.addingTimeInterval(-Double(windowDays) * 86_400)
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT
                    COALESCE(SUM(CASE WHEN direction = 'request' OR status IN ('reserved', 'exchanged') THEN 1 ELSE 0 END), 0) AS demand,
                    COALESCE(SUM(CASE WHEN direction = 'offer' THEN 1 ELSE 0 END), 0) AS supply
                FROM listings
                WHERE community_id = ? AND category_code = ? AND created_at >= ? AND created_at <= ?
                  AND status NOT IN ('draft', 'rejected', 'removed')
                """),
            arguments: [community.rawValue, category, since, date])
        return ScarcityCounts(demand: row?["demand"] ?? 0, supply: row?["supply"] ?? 0)
    }
}
