import Foundation
import GRDB
import LinliDomain
import LinliRules
import Synchronization

/// Demand and supply of a category over the rule file's scarcity window, for the valuation's
/// scarcity step.
///
/// Supply is the offers posted in the window; demand is the requests posted in it plus the
/// offers in it that someone took up (reserved or exchanged, or, for a repeatable offer, which
/// stays published, booked at least once: once, as the one offer it is, so a weekly walk booked
/// twenty times weighs as one offer taken up, as twenty reposted walks each taken once did). Only
/// listings that were published at some time count (rejected and removed ones never): a burst of
/// fake requests still waiting for a moderator, thrown out by one, or pulled by their poster before
/// anyone reviewed them, must not make a category dearer.
/// (The repeatable test is `ListingContent.isRepeatable` in SQL: `RepeatableListingSQL`.)
public enum ScarcityQueries {
    /// Demand and supply, as counted for both forms below.
    static let countColumns = """
        COALESCE(SUM(CASE WHEN direction = 'request' OR status IN ('reserved', 'exchanged')
                              OR (\(RepeatableListingSQL.condition("listings")) AND EXISTS (
                                  SELECT 1 FROM exchanges e WHERE e.community_id = listings.community_id AND e.listing_id = listings.id
                                      AND e.state IN ('accepted', 'disputed', 'completed')))
                          THEN 1 ELSE 0 END), 0) AS demand,
        COALESCE(SUM(CASE WHEN direction = 'offer' THEN 1 ELSE 0 END), 0) AS supply
        """
    /// The listings that count: this community's, created in the window, public at some time
    /// (`published_at` is set when a listing is first published and kept after), not thrown out.
    /// Arguments: community, window start, window end.
    static let countedRows = """
        community_id = ? AND created_at >= ? AND created_at <= ? AND published_at IS NOT NULL
            AND status NOT IN ('draft', 'rejected', 'removed')
        """

    /// One category's counts: a new listing's valuation, or, `excluding` a published listing, an
    /// edit of it valued against its neighbours, as it was when first valued
    /// (`ScarcityCounts.removing`; not cached by the caller: a cached count may be from before it
    /// was published). Ids are never empty, so no listing is left out without one.
    public static func counts(
        _ db: Database, community: CommunityID, category: String, windowDays: Int, at date: Date, excluding listing: ListingID? = nil
    ) throws -> ScarcityCounts {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(countColumns) FROM listings WHERE \(countedRows) AND category_code = ? AND id <> ?"),
            arguments: [community.rawValue, windowStart(windowDays, date), date, category, listing?.rawValue ?? ""])
        return ScarcityCounts(demand: row?["demand"] ?? 0, supply: row?["supply"] ?? 0)
    }

    /// What `listing` itself adds to its category's counts (0 or 1 each), counted as the counts
    /// are: taken out of `countsByCategory` when it is revalued or compared (`ScarcityCounts.removing`).
    static func ownCounts(_ db: Database, community: CommunityID, listing: ListingID, windowDays: Int, at date: Date) throws -> ScarcityCounts {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(countColumns) FROM listings WHERE \(countedRows) AND id = ?"),
            arguments: [community.rawValue, windowStart(windowDays, date), date, listing.rawValue])
        return ScarcityCounts(demand: row?["demand"] ?? 0, supply: row?["supply"] ?? 0)
    }

    /// Every category's counts at once (a candidate diff or a revaluation over all live listings).
    static func countsByCategory(_ db: Database, community: CommunityID, windowDays: Int, at date: Date) throws -> [ScarcityKey: ScarcityCounts] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT category_code, \(countColumns) FROM listings WHERE \(countedRows) GROUP BY category_code"),
            arguments: [community.rawValue, windowStart(windowDays, date), date])
        var counts: [ScarcityKey: ScarcityCounts] = [:]
        for row in rows {
            counts[ScarcityKey(category: row["category_code"])] = ScarcityCounts(demand: row["demand"], supply: row["supply"])
        }
        return counts
    }

    static func windowStart(_ windowDays: Int, _ date: Date) -> Date {
        date.addingTimeInterval(-Double(windowDays) * 86_400)
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

    public func counts(_ db: Database, community: CommunityID, category: String, windowDays: Int, at date: Date) throws -> ScarcityCounts {
        let key = Key(community: community.rawValue, category: category, windowDays: windowDays)
        if let hit = fresh(key, at: date) { return hit }
        let counts = try ScarcityQueries.counts(db, community: community, category: category, windowDays: windowDays, at: date)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[key] = (counts, date)
        }
        return counts
    }

    /// The counts `counts` would give at `date` without asking the database, or nil when they
    /// are not cached or too old (a listing draft prepared outside the writer uses them).
    func cached(community: CommunityID, category: String, windowDays: Int, at date: Date) -> ScarcityCounts? {
        fresh(Key(community: community.rawValue, category: category, windowDays: windowDays), at: date)
    }

    private func fresh(_ key: Key, at date: Date) -> ScarcityCounts? {
        guard let hit = entries.withLock({ $0[key] }), hit.at <= date, date.timeIntervalSince(hit.at) < ttl else { return nil }
        return hit.counts
    }
}
