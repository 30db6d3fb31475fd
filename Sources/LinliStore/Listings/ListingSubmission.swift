import Foundation
import GRDB
import LinliDomain

/// What a write on a listing led to: the listing as now stored, and the review item or pending
/// edit it opened, if any.
public struct ListingChange: Sendable {
    public let listing: Listing
    public let review: ReviewItem?
    public let edit: ListingEdit?

    public init(listing: Listing, review: ReviewItem?, edit: ListingEdit?) {
        self.listing = listing
        self.review = review
        self.edit = edit
    }
}

/// Submitting a listing (or an edit of a published one): pre-screen, then either a review item
/// in the queue or, for trusted members under a permissive policy, direct publication.
enum ListingSubmission {
    /// Submits a draft or a changed listing.
    /// - Parameter isNew: the listing is a draft created in this transaction and not yet written:
    ///   it is inserted once, already in the state the submission gives it, instead of inserted as
    ///   a draft and rewritten (which made SQLite update five of the listing indexes again).
    static func submit(
        _ tx: Transaction, _ listing: Listing, services: ListingServices, actor: AuditActor, isNew: Bool = false
    ) throws -> ListingChange {
        let category = try category(tx, listing.communityID, listing.content.categoryCode, services: services)
        let policy = try services.policy(tx, community: listing.communityID)
        let result = PreScreen.evaluate(
            try facts(tx.db, listing: listing, content: listing.content, category: category, services: services, policy: policy, now: tx.now),
            policy: policy)
        var updated = listing
        updated.decisionReasonCode = nil
        updated.decisionMessage = nil
        updated.requestedFields = nil
        // A moderator who asked for changes sees the answer: a resubmission is reviewed even when
        // the pre-screen would publish a trusted member's first post at once.
        if result.autoPublish && listing.status != .changesRequested {
            updated = try ListingPersistence.transition(updated, .autoPublish, in: tx, services: services)
            updated = try write(tx, updated, isNew: isNew)
            try tx.audit(
                listing.communityID, actor: actor, action: "listing.auto_published", targetType: "listing",
                targetID: listing.id.rawValue, before: ["status": listing.status.rawValue],
                after: ["status": updated.status.rawValue, "signals": signalList(result.signals)])
            try ListingPersistence.emit(tx, "listing.published", updated, category: category)
            return ListingChange(listing: updated, review: nil, edit: nil)
        }
        updated = try ListingPersistence.transition(updated, .submit, in: tx, services: services)
        updated = try write(tx, updated, isNew: isNew)
        let review = try openReview(tx, listing: updated, edit: nil, result: result)
        try tx.audit(
            listing.communityID, actor: actor, action: "listing.submitted", targetType: "listing", targetID: listing.id.rawValue,
            before: ["status": listing.status.rawValue],
            after: ["status": updated.status.rawValue, "review_id": review.id.rawValue, "priority": String(review.priority),
                    "signals": signalList(result.signals)])
        try ListingPersistence.emit(tx, "listing.submitted", updated, review: review)
        return ListingChange(listing: updated, review: review, edit: nil)
    }

    /// Saves the submitted listing; a new one is inserted as the version a save of its draft
    /// would have produced, so its version and timestamps are the same either way.
    private static func write(_ tx: Transaction, _ listing: Listing, isNew: Bool) throws -> Listing {
        guard isNew else { return try ListingPersistence.save(tx, listing) }
        var saved = listing
        saved.version += 1
        saved.updatedAt = tx.now
        try ListingPersistence.insert(tx.db, saved)
        return saved
    }

    /// Sends an edit of a published listing to review (or applies it at once for a trusted
    /// member). A newer edit replaces an older pending one.
    static func submitEdit(
        _ tx: Transaction, _ listing: Listing, content: ListingContent, changed: [String], services: ListingServices,
        by author: MemberID, actor: AuditActor, deskNote: String? = nil
    ) throws -> ListingChange {
        try ReviewPersistence.cancelOpen(tx, listing: listing.id, community: listing.communityID, onlyEdits: true)
        let category = try category(tx, listing.communityID, content.categoryCode, services: services)
        let policy = try services.policy(tx, community: listing.communityID)
        var result = PreScreen.evaluate(
            try facts(tx.db, listing: listing, content: content, category: category, services: services, policy: policy, now: tx.now),
            policy: policy)
        // A moderator who sent the last edit back sees the answer, as for a listing sent back
        // (session 27 review: a trusted member's resubmitted edit was applied at once, the
        // moderator never saw it).
        if result.autoPublish, try lastEditWasSentBack(tx.db, listing) { result.autoPublish = false }
        // Valued now, so the moderator deciding it sees the points it comes to beside the figures.
        let points = try services.value(tx, content, community: listing.communityID, excluding: listing.id).points
        let edit = ListingEdit(
            id: tx.ids.next(), communityID: listing.communityID, listingID: listing.id, content: content, changedFields: changed,
            status: result.autoPublish ? .approved : .pending, createdBy: author, createdAt: tx.now,
            decidedAt: result.autoPublish ? tx.now : nil, points: points)
        try tx.db.cachedStatement(sql: """
                INSERT INTO listing_edits (id, community_id, listing_id, content_json, changed_fields, status, created_by, created_at, decided_at, points)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [
                edit.id.rawValue, edit.communityID.rawValue, listing.id.rawValue, ListingRows.encode(content),
                changed.joined(separator: ","), edit.status.rawValue, author.rawValue, tx.now, edit.decidedAt, points,
            ])
        try PhotoLinks.edit(tx.db, edit)
        if result.autoPublish {
            let applied = try applyEdit(tx, listing, content: content, services: services)
            try tx.audit(
                listing.communityID, actor: actor, action: "listing.edit_auto_applied", targetType: "listing",
                targetID: listing.id.rawValue, after: ["edit_id": edit.id.rawValue, "fields": changed.joined(separator: ","), "desk_note": deskNote])
            try ListingPersistence.emit(tx, "listing.edited", applied, category: category, edit: edit.id)
            // Applied without a moderator: those waiting on it or booked hear of it all the same.
            try ExchangeCommands.tellNeighboursOfChange(tx, before: listing, after: applied)
            return ListingChange(listing: applied, review: nil, edit: edit)
        }
        let review = try openReview(tx, listing: listing, edit: edit, result: result)
        try tx.audit(
            listing.communityID, actor: actor, action: "listing.edit_submitted", targetType: "listing",
            targetID: listing.id.rawValue,
            after: ["edit_id": edit.id.rawValue, "review_id": review.id.rawValue, "fields": changed.joined(separator: ","),
                    "priority": String(review.priority), "signals": signalList(result.signals), "desk_note": deskNote])
        try ListingPersistence.emit(tx, "listing.submitted", listing, review: review)
        return ListingChange(listing: listing, review: review, edit: edit)
    }

    /// Whether the listing's latest decided edit was rejected or sent back for changes.
    static func lastEditWasSentBack(_ db: Database, _ listing: Listing) throws -> Bool {
        let status = try String.fetchOne(
            db.cachedStatement(sql: """
                SELECT status FROM listing_edits
                WHERE community_id = ? AND listing_id = ? AND status IN ('approved', 'rejected', 'changes_requested')
                ORDER BY decided_at DESC, id DESC LIMIT 1
                """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue])
        return status == "rejected" || status == "changes_requested"
    }

    /// Replaces a published listing's content with an approved edit and re-values it.
    static func applyEdit(_ tx: Transaction, _ listing: Listing, content: ListingContent, services: ListingServices) throws -> Listing {
        var updated = listing
        updated.content = content
        updated.valuation = try services.value(tx, content, community: listing.communityID, excluding: listing.id)
        // The expiry follows the new content (`ListingPersistence.transition`): a window moved
        // earlier takes it along, and one moved later (or turned into weekly hours) no longer
        // ends the listing at the old window's end, before the session it now offers (helper 155
        // #1). Never earlier than the kind's period from publication or an expiry already later.
        if let expiresAt = listing.expiresAt {
            let policy = try services.policy(tx, community: listing.communityID)
            let period = (listing.publishedAt ?? tx.now).addingTimeInterval(policy.expiryInterval(for: content.kind))
            updated.expiresAt = ListingPersistence.expiry(of: content, from: max(expiresAt, period))
        }
        return try ListingPersistence.save(tx, updated)
    }

    static func openReview(_ tx: Transaction, listing: Listing, edit: ListingEdit?, result: PreScreenResult) throws -> ReviewItem {
        let id: ReviewID = tx.ids.next()
        let review = ReviewItem(
            id: id, communityID: listing.communityID, listingID: listing.id, editID: edit?.id, subject: edit == nil ? .listing : .edit,
            status: .pending, priority: result.priority, signals: result.signals, claimedBy: nil, claimExpiresAt: nil,
            decision: nil, reasonCode: nil, message: nil, requestedFields: nil, decidedBy: nil, decidedAt: nil,
            createdAt: tx.now, version: 1)
        try ReviewPersistence.insert(tx.db, review, prescreenPriority: result.prescreenPriority)
        return review
    }

    static func category(_ tx: Transaction, _ community: CommunityID, _ code: String, services: ListingServices) throws -> ListingCategory {
        guard let category = try services.category(tx, community: community, code: code) else {
            throw DomainError.validation([FieldIssue("/category", .notFound)])
        }
        return category
    }

    /// Gathers what the pre-screen looks at, in the submitting transaction.
    static func facts(
        _ db: Database, listing: Listing, content: ListingContent, category: ListingCategory, services: ListingServices,
        policy: ReviewPolicy, now: Date
    ) throws -> PreScreenFacts {
        let community = listing.communityID.rawValue
        // Only "fewer than N?" matters, so counting stops at N: prolific members cost the same as new ones.
        // Her other listings ever submitted, whenever made: counting only those made before this
        // one held every edit of her first listings as a "new member's", however long trusted (helper 137).
        let previous = try Int.fetchOne(
            db.cachedStatement(
            sql: """
                SELECT COUNT(*) FROM (SELECT 1 FROM listings
                    WHERE community_id = ? AND owner_id = ? AND id <> ? AND status <> 'draft' LIMIT ?)
                """),
            arguments: [community, listing.ownerID.rawValue, listing.id.rawValue, policy.newMemberReviewCount]) ?? 0
        // The median of what the category shows now (published items only, so a wave of inflated
        // spam waiting in the queue cannot move it), over the 101 most recent: one index range.
        let costs = try Int.fetchAll(
            db.cachedStatement(
            sql: """
                SELECT declared_cost_cents FROM listings
                WHERE community_id = ? AND category_code = ? AND kind = 'item' AND status = 'published'
                  AND declared_cost_cents IS NOT NULL AND id <> ?
                ORDER BY id DESC LIMIT 101
                """),
            arguments: [community, content.categoryCode, listing.id.rawValue]
        ).sorted()
        let median: Int? = costs.isEmpty ? nil
            : (costs.count % 2 == 1 ? costs[costs.count / 2] : (costs[costs.count / 2 - 1] + costs[costs.count / 2]) / 2)
        let since = now.addingTimeInterval(-Double(policy.repeatedTitleWindowDays) * 86_400)
        // Capped: "many" is enough for a moderator, and a spam wave must not make each submit slower.
        let identical = try Int.fetchOne(
            db.cachedStatement(
            sql: """
                SELECT COUNT(*) FROM (SELECT 1 FROM listings
                    WHERE community_id = ? AND title = ? AND id <> ? AND status <> 'draft' AND created_at >= ? LIMIT 100)
                """),
            arguments: [community, content.title, listing.id.rawValue, StoredTime.text(since)]) ?? 0
        var record = try services.trackRecords.trackRecord(db, community: listing.communityID, member: listing.ownerID)
        if policy.isTrusted(MemberTrackRecord(
            completedExchanges: record.completedExchanges, upheldReports: record.upheldReports, creditLevel: policy.trustedMinCreditLevel))
        {
            // Trusted on the raw counts, a cheap first look; only then is the credit score computed.
            // Its level decides, and so do the exchanges as it counts them: none with a housemate or
            // an account on one's own device, at most the per-counterparty cap with one neighbour
            // (session 30 review: two friends trading favours five times skipped review).
            let score = try TrustQueries.creditScore(db, community: listing.communityID, member: listing.ownerID, now: now, rules: services.rules)
            record.creditLevel = score.level
            record.completedExchanges = score.countedCompletedExchanges
        }
        var facts = PreScreenFacts(
            content: content, category: category,
            record: record,
            previousListings: previous, categoryMedianCents: median, categorySampleSize: costs.count, identicalTitles: identical)
        let pressure = try SignalPressure.undecided(db, community: listing.communityID, member: listing.ownerID)
        facts.openFraudSignalCount = pressure.count
        facts.openFraudSignalScore = pressure.score
        if let original = listing.originalValuation, listing.correctedAt != nil {
            if content.valuationInput != listing.content.valuationInput {
                facts.revisedCorrection = (original.points, listing.valuation.points)
            } else if let corrected = try correction(db, of: listing), corrected.moved(by: content) {
                // Edited in place since the correction (a listing sent back for changes is edited in
                // place), so the listing itself no longer shows the corrected figures: compared with
                // what the moderator set (session 27 review: 8000 corrected to 800 and typed back
                // in unseen, the "corrected" badge still on it).
                facts.revisedCorrection = (original.points, corrected.points)
            }
        }
        return facts
    }

    /// The figures a moderator's latest valuation correction set, as its audit entry recorded
    /// them (`ReviewCommands.correctValuation`).
    struct CorrectedFigures {
        let points: Int
        let figures: [String: String]

        /// Whether `content` no longer has the figures the correction set.
        func moved(by content: ListingContent) -> Bool {
            let now: [String: String?] = [
                "declared_cost": content.declaredCost, "condition": content.condition?.rawValue,
                "duration_minutes": content.durationMinutes.map(String.init), "intensity": content.intensity?.rawValue,
                "level": content.level?.rawValue, "certification": content.certification?.rawValue,
            ]
            return now.contains { key, value in value != figures[key] }
        }
    }

    static func correction(_ db: Database, of listing: Listing) throws -> CorrectedFigures? {
        guard let after = try String.fetchOne(
            db, sql: """
                SELECT after_json FROM audit_entries
                WHERE community_id = ? AND target_type = 'listing' AND target_id = ? AND action = 'listing.valuation_corrected'
                ORDER BY id DESC LIMIT 1
                """,
            arguments: [listing.communityID.rawValue, listing.id.rawValue]),
            let object = try? JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any],
            let points = (object["points"] as? String).flatMap(Int.init)
        else { return nil }
        return CorrectedFigures(points: points, figures: object.compactMapValues { $0 as? String })
    }

    static func signalList(_ signals: [PreScreenSignal]) -> String {
        signals.map(\.code.rawValue).joined(separator: ",")
    }
}
