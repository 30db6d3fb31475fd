import Foundation
import GRDB
import LinliDomain

extension ReviewItem {
    /// Reads a review row; signals are passed in (they live in their own table).
    init(row: Row, signals: [PreScreenSignal]) throws {
        let table = "reviews"
        self.init(
            id: try row.identifier("id", table: table), communityID: try row.identifier("community_id", table: table),
            listingID: try row.identifier("listing_id", table: table), editID: try row.optionalIdentifier("edit_id", table: table),
            subject: try row.enumeration("subject", table: table), status: try row.enumeration("status", table: table),
            priority: row["priority"], signals: signals, claimedBy: try row.optionalIdentifier("claimed_by", table: table),
            claimExpiresAt: row["claim_expires_at"], decision: try row.optionalEnumeration("decision", table: table),
            reasonCode: try row.optionalEnumeration("reason_code", table: table), message: row["message"],
            requestedFields: try ListingRows.decode([String].self, row["requested_fields_json"]),
            decidedBy: try row.optionalIdentifier("decided_by", table: table), decidedAt: row["decided_at"],
            createdAt: row["created_at"], version: row["version"])
    }
}

extension ListingEdit {
    init(row: Row) throws {
        let table = "listing_edits"
        guard let content = try ListingRows.decode(ListingContent.self, row["content_json"] as String?) else {
            throw StoreError.corruptRow(table: table, id: row["id"] ?? "?", reason: "content_json is null")
        }
        let fields: String = row["changed_fields"]
        self.init(
            id: try row.identifier("id", table: table), communityID: try row.identifier("community_id", table: table),
            listingID: try row.identifier("listing_id", table: table), content: content,
            changedFields: fields.split(separator: ",").map(String.init), status: try row.enumeration("status", table: table),
            createdBy: try row.identifier("created_by", table: table), createdAt: row["created_at"], decidedAt: row["decided_at"],
            points: row["points"])
    }
}

extension ListingCategory: FetchableRecord {
    public init(row: Row) throws {
        let kinds: String = row["kinds"]
        self.init(
            communityID: try row.identifier("community_id", table: "listing_categories"), code: row["code"],
            nameZh: row["name_zh"], nameEn: row["name_en"],
            kinds: Set(kinds.split(separator: ",").compactMap { ListingKind(rawValue: String($0)) }),
            needsVerifiedProvider: row["needs_verified_provider"], minPhotos: row["min_photos"], position: row["position"])
    }
}
