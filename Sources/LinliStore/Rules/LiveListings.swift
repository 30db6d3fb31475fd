import Foundation
import GRDB
import LinliDomain

/// The listings a rule change can touch: what both the candidate diff and a revaluation read.
///
/// "Live" means not yet settled: drafts, listings waiting for or sent back from review, and
/// published ones. Reserved listings are excluded (their exchange was agreed at the points shown
/// then) and so is everything finished.
enum LiveListings {
    static let statuses = "'draft', 'pending_review', 'changes_requested', 'published'"

    /// Every live listing of the community, oldest first.
    static func fetchAll(_ db: Database, community: CommunityID) throws -> [Listing] {
        try ListingRowReader.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM listings WHERE community_id = ? AND status IN (\(statuses)) ORDER BY id"),
            arguments: [community.rawValue])
    }

    /// Up to `limit` live listings after `after` (by id) not yet valued under the rule text with `hash`.
    static func notValuedUnder(_ db: Database, community: CommunityID, hash: String, after: ListingID?, limit: Int) throws -> [Listing] {
        try ListingRowReader.fetchAll(
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

    /// Listings reserved by an exchange under way and valued under other rules than the text with
    /// `hash`: a pass leaves them (their exchange holds the points shown when it was agreed), and
    /// one whose exchange is cancelled is published again at its old figure, for the next pass.
    static func countReservedNotValuedUnder(_ db: Database, community: CommunityID, hash: String) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM listings WHERE community_id = ? AND status = 'reserved' AND rule_set_hash <> ?"),
            arguments: [community.rawValue, hash]) ?? 0
    }
}
