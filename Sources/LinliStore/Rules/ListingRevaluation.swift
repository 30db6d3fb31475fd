import Foundation
import GRDB
import LinliDomain
import LinliRules

/// Re-prices live listings under the rules now in force: the explicit, audited migration the
/// norm-revision group runs after activating a new version. Nothing else ever changes a stored
/// valuation, so a resident's number only moves when the community decided it should, and the
/// audit log keeps the old number, the new one and both rule versions for every listing.
public enum ListingRevaluation {
    public struct Outcome: Sendable, Equatable {
        public var ruleSetVersion: Int
        public var contentHash: String
        /// Listings looked at in this batch.
        public var examined: Int
        public var pointsChanged: Int
        public var pointsUnchanged: Int
        /// Listings the new rules cannot price (e.g. their category was dropped): left as they
        /// were, listed for moderators.
        public var failed: [Failure]
        /// The last listing this batch looked at: pass it as `after` to continue the pass.
        public var lastListingID: ListingID?
        /// Live listings after `lastListingID` still on other rule versions (call again while > 0).
        public var remaining: Int
        /// Listings reserved by an exchange under way, on other rule versions: left alone (their
        /// exchange holds the points it was agreed at); one released when its exchange is cancelled
        /// is published at its old figure, so a pass run again later re-prices it (helper 179 #3).
        public var reserved: Int = 0
    }

    public struct Failure: Sendable, Equatable {
        public var listingID: ListingID
        public var pointer: String
        public var code: String
    }

    /// `category`'s counts as `listing` (or an edit of it in `category`) is valued against them:
    /// without its own part when it is counted there (helper 179 #1: published, it counted itself,
    /// and the same rules moved its points), and zero, not "none given", for a category with no
    /// listing in the window, as a new listing's valuation says (helper 179 #7).
    /// `own`: the listing's own part in its category's counts (`ScarcityQueries.ownCounts`), read
    /// once per listing for it and its pending edits.
    static func ownlessCounts(
        _ listing: Listing, category: String, own: ScarcityCounts, scarcity: [ScarcityKey: ScarcityCounts]
    ) -> ScarcityCounts {
        let counts = scarcity[ScarcityKey(category: category)] ?? ScarcityCounts(demand: 0, supply: 0)
        return category == listing.content.categoryCode ? counts.removing(own) : counts
    }

    /// The points a pending edit of `listing` comes to (`listing_edits.points`, shown to the
    /// moderator deciding it and to its owner) under the rules in force: approving it values it
    /// again, and a moderator who saw 30 approved 45 (helper 155 #4). Audited when they change; an
    /// edit these rules cannot value keeps its figure and is reported with the listing's id (and
    /// approving it says why). Decided edits keep theirs: they are history.
    static func revaluePendingEdits(
        _ tx: Transaction, of listing: Listing, rules: CommunityRules, scarcity: [ScarcityKey: ScarcityCounts], own: ScarcityCounts,
        reason: String, actor: AuditActor
    ) throws -> [Failure] {
        let ids = try String.fetchAll(
            tx.db, sql: "SELECT id FROM listing_edits WHERE community_id = ? AND listing_id = ? AND status = 'pending'",
            arguments: [listing.communityID.rawValue, listing.id.rawValue])
        var failed: [Failure] = []
        for id in ids {
            let edit = try ReviewPersistence.fetchEdit(tx.db, community: listing.communityID, id: ListingEditID(trusted: id))
            let valuation: ListingValuation
            do {
                valuation = try rules.value(
                    edit.content.valuationInput, area: edit.content.area,
                    scarcity: ownlessCounts(listing, category: edit.content.categoryCode, own: own, scarcity: scarcity), at: tx.now)
            } catch let error as DomainError {
                let issue = error.fieldIssues.first
                failed.append(Failure(listingID: listing.id, pointer: "/pending_edit" + (issue?.pointer ?? ""), code: issue?.code.rawValue ?? error.code))
                continue
            }
            guard valuation.points != edit.points else { continue }
            try tx.db.execute(
                sql: "UPDATE listing_edits SET points = ? WHERE community_id = ? AND id = ?",
                arguments: [valuation.points, listing.communityID.rawValue, id])
            try tx.audit(
                listing.communityID, actor: actor, action: "listing.edit_revalued", targetType: "listing", targetID: listing.id.rawValue,
                reason: reason, before: ["edit_id": id, "points": edit.points.map(String.init)],
                after: ["edit_id": id, "points": String(valuation.points), "rule_set_version": valuation.ruleSetVersion])
        }
        return failed
    }

    /// Revalues up to `batchSize` live listings not yet valued under the rules in force, in the
    /// caller's transaction. `reason` (the minutes, the vote) goes into every audit entry.
    /// `principal` is nil for the operator at the command line (`linli rules revalue`).
    ///
    /// `expectedHash`: the `contentHash` the pass began under. A batch goes on from `after` only
    /// while the same rules are in force (409 `rules.changed_during_revaluation` otherwise): the
    /// listings before the cursor were valued under the old ones, and `remaining`, which counts
    /// after the cursor, read 0 with them left behind (helper 179 #3).
    public static func run(
        _ tx: Transaction, community: CommunityID, principal: Principal?, reason: String, services: ListingServices, actor: AuditActor,
        batchSize: Int = 2_000, after: ListingID? = nil, expectedHash: String? = nil
    ) throws -> Outcome {
        try principal?.require(.rulesManage)
        if let principal, principal.communityID != community { throw DomainError.forbidden(.rulesManage) }
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: ListingLimits.message)
        try check.finish()
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let rules = try services.rules.current(tx.db, community: community, at: tx.now)
        // Only a batch that goes on from a cursor: a pass begun again has nothing to be out of
        // step with (helper 181 #3: a client that kept its first hash got 409 for ever).
        if after != nil, let expectedHash, expectedHash != rules.contentHash {
            throw DomainError(
                code: "rules.changed_during_revaluation", category: .conflict,
                parameters: ["version": String(rules.version), "content_hash": rules.contentHash])
        }
        let scarcity = try ScarcityQueries.countsByCategory(tx.db, community: community, windowDays: rules.ruleSet.scarcityWindowDays, at: tx.now)
        var outcome = Outcome(
            ruleSetVersion: rules.version, contentHash: rules.contentHash, examined: 0, pointsChanged: 0, pointsUnchanged: 0,
            failed: [], lastListingID: after, remaining: 0)
        let batch = try LiveListings.notValuedUnder(tx.db, community: community, hash: rules.contentHash, after: after, limit: batchSize)
        for listing in batch {
            outcome.examined += 1
            outcome.lastListingID = listing.id
            let own = try ScarcityQueries.ownCounts(
                tx.db, community: community, listing: listing.id, windowDays: rules.ruleSet.scarcityWindowDays, at: tx.now)
            outcome.failed += try revaluePendingEdits(
                tx, of: listing, rules: rules, scarcity: scarcity, own: own, reason: trimmed, actor: actor)
            let valuation: ListingValuation
            do {
                valuation = try rules.value(
                    listing.content.valuationInput, area: listing.content.area,
                    scarcity: ownlessCounts(listing, category: listing.content.categoryCode, own: own, scarcity: scarcity),
                    at: tx.now)
            } catch let error as DomainError {
                let issue = error.fieldIssues.first
                outcome.failed.append(Failure(listingID: listing.id, pointer: issue?.pointer ?? "/", code: issue?.code.rawValue ?? error.code))
                continue
            }
            var updated = listing
            updated.valuation = valuation
            let saved = try ListingPersistence.save(tx, updated)
            let changed = saved.valuation.points != listing.valuation.points
            if changed { outcome.pointsChanged += 1 } else { outcome.pointsUnchanged += 1 }
            try tx.audit(
                community, actor: actor, action: "listing.revalued", targetType: "listing", targetID: listing.id.rawValue,
                reason: trimmed,
                before: ["points": String(listing.valuation.points), "rule_set_version": listing.valuation.ruleSetVersion,
                         "rule_set_hash": listing.valuation.ruleSetHash],
                after: ["points": String(saved.valuation.points), "rule_set_version": saved.valuation.ruleSetVersion,
                        "rule_set_hash": saved.valuation.ruleSetHash])
            if changed {
                try ListingPersistence.emit(tx, "listing.revalued", saved)
                try ExchangeCommands.tellRequestersOfRevaluation(tx, before: listing, after: saved)
                // The owner hears it too: what she offers is worth something else now (session 30 walk).
                try MemberNotifications.notify(
                    tx, community: community, member: saved.ownerID, kind: .listingRevalued, subject: "listing:\(saved.id)",
                    parameters: [
                        "listing_id": saved.id.rawValue, "title": saved.content.title, "previous_points": String(listing.valuation.points),
                        "points": String(saved.valuation.points), "rule_set_version": String(rules.version),
                    ])
            }
        }
        outcome.remaining = try LiveListings.countNotValuedUnder(
            tx.db, community: community, hash: rules.contentHash, after: outcome.lastListingID)
        outcome.reserved = try LiveListings.countReservedNotValuedUnder(tx.db, community: community, hash: rules.contentHash)
        try tx.audit(
            community, actor: actor, action: "rules.revaluation_batch", targetType: "rule_set", targetID: rules.ruleSetID.rawValue,
            reason: trimmed,
            after: ["version": String(rules.version), "examined": String(outcome.examined), "changed": String(outcome.pointsChanged),
                    "unchanged": String(outcome.pointsUnchanged), "failed": String(outcome.failed.count),
                    "remaining": String(outcome.remaining), "reserved": String(outcome.reserved)])
        return outcome
    }
}
