import Foundation
import GRDB
import LinliDomain

/// A community's listing categories.
public enum CategoryCommands {
    /// Stores the default categories if the community has none yet. Called when a community is
    /// created and, for communities older than the listings migration, before the first listing.
    public static func ensureDefaults(_ db: Database, community: CommunityID) throws {
        let count = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM listing_categories WHERE community_id = ?"), arguments: [community.rawValue]) ?? 0
        guard count == 0 else { return }
        for category in DefaultCategories.all(for: community) {
            try db.cachedStatement(sql: """
                    INSERT INTO listing_categories
                        (community_id, code, name_zh, name_en, kinds, needs_verified_provider, min_photos, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(
                arguments: [
                    community.rawValue, category.code, category.nameZh, category.nameEn,
                    category.kinds.map(\.rawValue).sorted().joined(separator: ","), category.needsVerifiedProvider,
                    category.minPhotos, category.position,
                ])
        }
    }

    /// The community's categories; the defaults if none are stored yet (identical to what
    /// `ensureDefaults` would store, so a read never needs a write).
    public static func list(_ db: Database, community: CommunityID) throws -> [ListingCategory] {
        let stored = try ListingCategory.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM listing_categories WHERE community_id = ? ORDER BY position, code"),
            arguments: [community.rawValue])
        return stored.isEmpty ? DefaultCategories.all(for: community) : stored
    }

    public static func find(_ db: Database, community: CommunityID, code: String) throws -> ListingCategory? {
        try list(db, community: community).first { $0.code == code }
    }
}
