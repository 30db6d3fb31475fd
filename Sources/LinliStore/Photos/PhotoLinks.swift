import Foundation
import GRDB
import LinliDomain

/// Which photos are named by what, as rows beside the JSON that names them. `listing_photos`:
/// the photos each listing shows now, written by every write of a listing's content (insert and `ListingPersistence.save`; the status-only
/// writes leave the photos as they are). Read by the orphan sweep (`PhotoSweep`) and by the
/// takedown check (`PhotoCommands.isTakenDown`), which would otherwise read every listing's JSON.
/// Each photo also goes into `listing_photo_history`, which keeps it after an edit takes it out:
/// the sweep keeps such a photo while a case about the listing's owner is open (evidence).
/// Edits' and reports' photos have their own rows (`edit`, `report`).
enum PhotoLinks {
    /// The photos a listing shows (`listing_photos`, `listing_photo_history`). Replacing them at
    /// `now`, the history notes when each photo taken out stopped being shown (`removed_at`,
    /// from which the orphan sweep counts) and clears it for one shown again.
    static func write(_ db: Database, _ listing: Listing, replacing: Bool, at now: Date) throws {
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM listing_photos WHERE listing_id = ?").execute(arguments: [listing.id.rawValue])
            try db.cachedStatement(sql: "UPDATE listing_photo_history SET removed_at = ? WHERE listing_id = ? AND removed_at IS NULL")
                .execute(arguments: [StoredTime.text(now), listing.id.rawValue])
        }
        for table in [Table.listing, .listingHistory] {
            try insert(db, table, owner: listing.id.rawValue, photos: listing.content.photos, community: listing.communityID)
        }
        if replacing, !listing.content.photos.isEmpty {
            let shown = try db.cachedStatement(sql: "UPDATE listing_photo_history SET removed_at = NULL WHERE listing_id = ? AND sha256 = ?")
            for photo in listing.content.photos { try shown.execute(arguments: [listing.id.rawValue, photo]) }
        }
    }

    /// The photos an edit proposes (`edit_photos`), written with the edit whatever becomes of it.
    static func edit(_ db: Database, _ edit: ListingEdit) throws {
        try insert(db, .edit, owner: edit.id.rawValue, photos: edit.content.photos, community: edit.communityID)
    }

    /// The photos a report attaches (`report_photos`).
    static func report(_ db: Database, id: String, photos: [String], community: CommunityID) throws {
        try insert(db, .report, owner: id, photos: photos, community: community)
    }

    /// The link tables and the column naming what shows the photo.
    private enum Table: String {
        case listing = "listing_photos", listingHistory = "listing_photo_history", edit = "edit_photos", report = "report_photos"

        var ownerColumn: String {
            switch self {
            case .listing, .listingHistory: "listing_id"
            case .edit: "edit_id"
            case .report: "report_id"
            }
        }
    }

    private static func insert(_ db: Database, _ table: Table, owner: String, photos: [String], community: CommunityID) throws {
        guard !photos.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO \(table.rawValue) (\(table.ownerColumn), sha256, community_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        for photo in photos {
            try statement.execute(arguments: [owner, photo, community.rawValue])
        }
    }
}
