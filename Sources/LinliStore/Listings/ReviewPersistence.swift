import Foundation
import GRDB
import LinliDomain

/// Reading and writing review items and their pre-screen signals.
enum ReviewPersistence {
    /// `prescreenPriority` is the priority without the owner's fraud-signal score (see
    /// `SignalPressure.refresh`, which re-adds the current score when signals change).
    static func insert(_ db: Database, _ review: ReviewItem, prescreenPriority: Int) throws {
        try RawBindings.execute(db.cachedStatement(sql: """
                INSERT INTO reviews (id, community_id, listing_id, edit_id, subject, status, priority, queue_key, created_at, version,
                    prescreen_priority)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) { bind in
            bind.bind(review.id.rawValue)
            bind.bind(review.communityID.rawValue)
            bind.bind(review.listingID.rawValue)
            bind.bind(review.editID?.rawValue)
            bind.bind(review.subject.rawValue)
            bind.bind(review.status.rawValue)
            bind.bind(review.priority)
            bind.bind(ReviewItem.queueKey(priority: review.priority, id: review.id))
            bind.bind(StoredTime.text(review.createdAt))
            bind.bind(review.version)
            bind.bind(prescreenPriority)
        }
        for (position, signal) in review.signals.enumerated() {
            try RawBindings.execute(db.cachedStatement(sql: """
                    INSERT INTO prescreen_signals (review_id, community_id, position, code, weight, parameters_json)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)) { bind in
                bind.bind(review.id.rawValue)
                bind.bind(review.communityID.rawValue)
                bind.bind(position)
                bind.bind(signal.code.rawValue)
                bind.bind(signal.weight)
                bind.bind(ListingRows.json(signal.parameters))
            }
        }
    }

    static func fetch(_ db: Database, community: CommunityID, id: ReviewID) throws -> ReviewItem {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM reviews WHERE community_id = ? AND id = ?"), arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("review", id: id.rawValue) }
        return try ReviewItem(row: row, signals: try signals(db, review: id))
    }

    static func signals(_ db: Database, review: ReviewID) throws -> [PreScreenSignal] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT code, weight, parameters_json FROM prescreen_signals WHERE review_id = ? ORDER BY position"),
            arguments: [review.rawValue]
        ).map { row in
            let raw: String = row["code"]
            guard let code = PreScreenSignal.Code(rawValue: raw) else {
                throw StoreError.corruptRow(table: "prescreen_signals", id: review.rawValue, reason: "code = \(raw)")
            }
            return PreScreenSignal(
                code: code, weight: row["weight"],
                parameters: try ListingRows.decode([String: String].self, row["parameters_json"]) ?? [:])
        }
    }

    /// Writes the mutable fields, bumping the version; 409 if someone else wrote first. This check
    /// is what lets exactly one of two moderators acting at once succeed.
    @discardableResult
    static func save(_ tx: Transaction, _ review: ReviewItem) throws -> ReviewItem {
        var updated = review
        updated.version += 1
        try tx.db.cachedStatement(sql: """
                UPDATE reviews SET status = ?, claimed_by = ?, claim_expires_at = ?, decision = ?, reason_code = ?, message = ?,
                    requested_fields_json = ?, decided_by = ?, decided_at = ?, version = ?
                WHERE community_id = ? AND id = ? AND version = ?
                """).execute(
            arguments: [
                updated.status.rawValue, updated.claimedBy?.rawValue, updated.claimExpiresAt, updated.decision?.rawValue,
                updated.reasonCode?.rawValue, updated.message, updated.requestedFields.map(ListingRows.json),
                updated.decidedBy?.rawValue, updated.decidedAt, updated.version,
                review.communityID.rawValue, review.id.rawValue, review.version,
            ])
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: review.version) }
        return updated
    }

    /// Cancels the open review (and pending edit) of a listing that was withdrawn or removed, or
    /// whose pending edit a newer edit replaces.
    static func cancelOpen(_ tx: Transaction, listing: ListingID, community: CommunityID, onlyEdits: Bool) throws {
        try tx.db.cachedStatement(sql: """
                UPDATE reviews SET status = 'cancelled', version = version + 1
                WHERE community_id = ? AND listing_id = ? AND status = 'pending' \(onlyEdits ? "AND subject = 'edit'" : "")
                """).execute(
            arguments: [community.rawValue, listing.rawValue])
        try tx.db.cachedStatement(sql: """
                UPDATE listing_edits SET status = 'cancelled', decided_at = ?
                WHERE community_id = ? AND listing_id = ? AND status = 'pending'
                """).execute(
            arguments: [tx.now, community.rawValue, listing.rawValue])
    }

    /// Keeps what a new listing looked like when its review was decided, so the next round can
    /// show what the owner changed since (`ReviewQueries.previousRound`).
    static func keepDecidedContent(_ db: Database, _ review: ReviewItem, _ content: ListingContent) throws {
        try db.cachedStatement(sql: "UPDATE reviews SET decided_content_json = ? WHERE community_id = ? AND id = ?").execute(
            arguments: [ListingRows.encode(content), review.communityID.rawValue, review.id.rawValue])
    }

    static func fetchEdit(_ db: Database, community: CommunityID, id: ListingEditID) throws -> ListingEdit {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM listing_edits WHERE community_id = ? AND id = ?"), arguments: [community.rawValue, id.rawValue])
        else { throw StoreError.corruptRow(table: "listing_edits", id: id.rawValue, reason: "referenced by a review but missing") }
        return try ListingEdit(row: row)
    }

    /// Decides an edit; returns it as decided, so the answer to the decision does not show it
    /// still pending.
    @discardableResult
    static func setEditStatus(_ tx: Transaction, _ edit: ListingEdit, _ status: ListingEdit.Status) throws -> ListingEdit {
        try tx.db.cachedStatement(sql: "UPDATE listing_edits SET status = ?, decided_at = ? WHERE community_id = ? AND id = ?").execute(
            arguments: [status.rawValue, tx.now, edit.communityID.rawValue, edit.id.rawValue])
        var decided = edit
        decided.status = status
        decided.decidedAt = tx.now
        return decided
    }
}
