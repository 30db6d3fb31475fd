import GRDB
import LinliDomain

/// `listing_photos`: the photos each listing shows, as rows beside its `photos_json`, written by
/// every write of a listing's content (insert and `ListingPersistence.save`; the status-only
/// writes leave the photos as they are). Read by the orphan sweep (`PhotoSweep`) and by the
/// takedown check (`PhotoCommands.isTakenDown`), which would otherwise read every listing's JSON.
enum ListingPhotoLinks {
    static func write(_ db: Database, _ listing: Listing, replacing: Bool) throws {
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM listing_photos WHERE listing_id = ?").execute(arguments: [listing.id.rawValue])
        }
        guard !listing.content.photos.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT INTO listing_photos (listing_id, sha256, community_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        for photo in listing.content.photos {
            try insert.execute(arguments: [listing.id.rawValue, photo, listing.communityID.rawValue])
        }
    }
}
