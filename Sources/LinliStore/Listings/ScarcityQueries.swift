import Foundation
import GRDB
import LinliDomain
import LinliRules
import Synchronization

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

/// Recently counted demand and supply, per community and category, reused for `ttl` seconds.
///
/// Counting scans a category's listings over the whole window; a busy category would pay that on
/// every new listing. A count a minute old is just as fair for a 30-day rolling window, and each
/// valuation's breakdown records the counts it used, so it stays reproducible.
public final class ScarcityCache: Sendable {
    private struct Key: Hashable {
        let community: String
        let category: String
        let windowDays: Int
    }

    private let entries = Mutex<[Key: (counts: ScarcityCounts, at: Date)]>([:])
    private let ttl: TimeInterval

    public init(ttl: TimeInterval = 60) {
        self.ttl = ttl
    }

    func counts(_ db: Database, community: CommunityID, category: String, windowDays: Int, at date: Date) throws -> ScarcityCounts {
        let key = Key(community: community.rawValue, category: category, windowDays: windowDays)
        if let hit = entries.withLock({ $0[key] }), hit.at <= date, date.timeIntervalSince(hit.at) < ttl { return hit.counts }
        let counts = try ScarcityQueries.counts(db, community: community, category: category, windowDays: windowDays, at: date)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = (counts, date)
        }
        return counts
    }
}
