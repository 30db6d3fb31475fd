import Foundation
import GRDB
import LinliDomain

/// Reading the review queue and its health.
public enum ReviewQueries {
    /// The queue: riskiest first, then oldest. `status` defaults to pending. What the reader may
    /// not review is left out (`ReviewCommands.checkNotOwn`: her own listings and her housemates',
    /// those she posted for someone, those of a resident whose consent ever named her; helper
    /// 137: listed, then 403 on claim; those of a member she reported in a case still open,
    /// `checkMayJudge`); the queue's health still counts them, as the community's.
    public static func list(
        _ db: Database, principal: Principal, status: ReviewItem.Status?, page: PageRequest
    ) throws -> Page<ReviewItem> {
        try principal.require(.listingReview)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM reviews WHERE community_id = ? AND status = ? AND queue_key > ?
                  AND listing_id NOT IN (SELECT id FROM listings WHERE community_id = ?
                      AND (owner_id IN (\(ModerationConflict.selfAndHousematesSQL)) OR created_by = ?
                           OR owner_id IN (\(ModerationConflict.actedForSQL))
                           OR owner_id IN (\(ModerationConflict.reportedByStakeTargetsSQL))))
                ORDER BY queue_key LIMIT ?
                """,
            arguments: [principal.communityID.rawValue, (status ?? .pending).rawValue, page.after ?? "", principal.communityID.rawValue]
                + ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID) + [principal.memberID.rawValue]
                + ModerationConflict.actedForArguments(principal.communityID, principal.memberID)
                + [principal.communityID.rawValue] + ModerationConflict.reportedByStakeArguments(principal) + [page.limit + 1])
        let items = try rows.map { row in
            let id: ReviewID = try row.identifier("id", table: "reviews")
            return (try ReviewItem(row: row, signals: try ReviewPersistence.signals(db, review: id)), row["queue_key"] as String)
        }
        let page = Page.fromOverfetch(items, limit: page.limit) { $0.1 }
        return Page(items: page.items.map(\.0), nextAfter: page.nextAfter)
    }

    /// A review item, to a moderator who may judge its listing (`ReviewCommands.checkMayJudge`, as
    /// the queue: not one who reported its owner in a case still open, helper 190 #8):
    /// an owner who moderates (or her housemate) read her own review's signals, priority and
    /// claimant by id, which the queue hides from her, report clusters against her among them
    /// (helper 188 #3). 403 `review.own_listing` or `moderation.own_household`.
    public static func fetch(_ db: Database, principal: Principal, id: ReviewID) throws -> ReviewItem {
        try principal.require(.listingReview)
        let review = try ReviewPersistence.fetch(db, community: principal.communityID, id: id)
        try ReviewCommands.checkMayJudge(
            db, try ListingPersistence.fetch(db, community: principal.communityID, id: review.listingID), principal, decision: "listing review")
        return review
    }

    /// The edit a review item is about, for the moderator's side-by-side view.
    public static func edit(_ db: Database, principal: Principal, review: ReviewItem) throws -> ListingEdit? {
        try principal.require(.listingReview)
        guard let editID = review.editID else { return nil }
        return try ReviewPersistence.fetchEdit(db, community: principal.communityID, id: editID)
    }

    /// The round before this one, when the listing (or its edit) comes back after a moderator
    /// sent it back or refused an edit: the latest review of the same listing and subject decided
    /// before this one was opened, if its decision was not an approval. Compared with what is up
    /// for review now: the listing as it stands, or this review's edit.
    public static func previousRound(_ db: Database, principal: Principal, review: ReviewItem) throws -> PreviousReviewRound? {
        try principal.require(.listingReview)
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT * FROM reviews
                WHERE community_id = ? AND listing_id = ? AND subject = ? AND status = 'decided' AND id <> ? AND decided_at <= ?
                ORDER BY decided_at DESC, id DESC LIMIT 1
                """),
            arguments: [review.communityID.rawValue, review.listingID.rawValue, review.subject.rawValue, review.id.rawValue, review.createdAt])
        else { return nil }
        let earlier = try ReviewItem(row: row, signals: [])
        guard let decision = earlier.decision, decision != .approve else { return nil }
        let then: ListingContent?
        let now: ListingContent
        switch review.subject {
        case .listing:
            then = try ListingRows.decode(ListingContent.self, row["decided_content_json"] as String?)
            // A review decided already is compared as it was decided, not with later changes
            // (helper 146 #6); one still open, with the listing as it stands.
            let decided = review.status == .decided
                ? try ListingRows.decode(
                    ListingContent.self,
                    try String.fetchOne(db, sql: "SELECT decided_content_json FROM reviews WHERE id = ?", arguments: [review.id.rawValue]))
                : nil
            now = try decided ?? ListingPersistence.fetch(db, community: review.communityID, id: review.listingID).content
        case .edit:
            guard let earlierEdit = earlier.editID, let editID = review.editID else { return nil }
            then = try ReviewPersistence.fetchEdit(db, community: review.communityID, id: earlierEdit).content
            now = try ReviewPersistence.fetchEdit(db, community: review.communityID, id: editID).content
        }
        return PreviousReviewRound(review: earlier, changedFields: then.map { now.differingFields(from: $0) })
    }

    public static func health(_ db: Database, principal: Principal, now: Date, windowDays: Int = 30) throws -> ReviewQueueHealth {
        try principal.require(.listingReview)
        return try health(db, community: principal.communityID, now: now, windowDays: windowDays)
    }

    /// Queue health of every community, for the metrics exporter (no principal: an operator view).
    public static func healthOfAllCommunities(_ db: Database, now: Date) throws -> [(CommunityID, ReviewQueueHealth)] {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM communities ORDER BY id")
        return try ids.map { raw in
            let community = CommunityID(trusted: raw)
            return (community, try health(db, community: community, now: now, windowDays: 7))
        }
    }

    /// Queue health of one community (also for metrics, which run without a principal).
    public static func health(_ db: Database, community: CommunityID, now: Date, windowDays: Int = 30) throws -> ReviewQueueHealth {
        let pending = try Row.fetchAll(
            db, sql: "SELECT created_at, claimed_by, claim_expires_at FROM reviews WHERE community_id = ? AND status = 'pending'",
            arguments: [community.rawValue])
        var claims: [MemberID: Int] = [:]
        var oldest: Date?
        for row in pending {
            let created: Date = row["created_at"]
            oldest = min(oldest ?? created, created)
            if let expires: Date = row["claim_expires_at"], expires > now, let holder: String = row["claimed_by"] {
                claims[MemberID(trusted: holder), default: 0] += 1
            }
        }
        let decided = try Row.fetchAll(
            db,
            sql: """
                SELECT created_at, decided_at, decided_by FROM reviews
                WHERE community_id = ? AND status = 'decided' AND decided_at >= ?
                ORDER BY decided_at DESC LIMIT 20000
                """,
            arguments: [community.rawValue, now.addingTimeInterval(-Double(windowDays) * 86_400)])
        var all: [Int] = []
        var perModerator: [MemberID: [Int]] = [:]
        for row in decided {
            let created: Date = row["created_at"], at: Date = row["decided_at"]
            let seconds = max(0, Int(at.timeIntervalSince(created)))
            all.append(seconds)
            if let by: String = row["decided_by"] { perModerator[MemberID(trusted: by), default: []].append(seconds) }
        }
        let moderators = Set(perModerator.keys).union(claims.keys).sorted().map { id in
            ReviewQueueHealth.Moderator(
                memberID: id, decided: perModerator[id]?.count ?? 0,
                medianDecisionSeconds: ReviewQueueHealth.median(perModerator[id] ?? []), activeClaims: claims[id] ?? 0)
        }
        return ReviewQueueHealth(
            pendingCount: pending.count, claimedCount: claims.values.reduce(0, +),
            oldestPendingAgeSeconds: oldest.map { max(0, Int(now.timeIntervalSince($0))) }, windowDays: windowDays,
            decidedInWindow: decided.count, medianDecisionSeconds: ReviewQueueHealth.median(all), moderators: moderators)
    }
}
