import Foundation
import GRDB
import LinliDomain

/// What a moderator does with a review item: claim it, decide it, correct a valuation.
///
/// Each use case reads the item, checks the caller's claim and the client's `If-Match` version,
/// and writes with a version check, all in one transaction: of two moderators acting at once,
/// exactly one succeeds and the other gets a 409 that says why.
public enum ReviewCommands {
    /// Claims an item for `policy.claimLeaseSeconds`. Re-claiming one's own item extends the lease.
    public static func claim(
        _ tx: Transaction, principal: Principal, id: ReviewID, expectedVersion: Int?, services: ListingServices, actor: AuditActor
    ) throws -> ReviewItem {
        try principal.require(.listingReview)
        var review = try ReviewPersistence.fetch(tx.db, community: principal.communityID, id: id)
        try ListingPersistence.checkVersion(review.version, expectedVersion)
        try ClaimHolderName.naming(tx.db, community: principal.communityID) { () throws(DomainError) in
            try review.checkClaimable(by: principal.memberID, at: tx.now)
        }
        let listing = try ListingPersistence.fetch(tx.db, community: principal.communityID, id: review.listingID)
        try checkMayJudge(tx.db, listing, principal, decision: "listing review")
        let previous = review.activeClaimant(at: tx.now)
        review.claimedBy = principal.memberID
        let lease = try services.policy(tx.db, community: principal.communityID, at: tx.now).claimLeaseSeconds
        review.claimExpiresAt = tx.now.addingTimeInterval(TimeInterval(lease))
        let saved = try ReviewPersistence.save(tx, review)
        try tx.audit(
            principal.communityID, actor: actor, action: previous == nil ? "review.claimed" : "review.claim_extended",
            targetType: "listing", targetID: listing.id.rawValue,
            after: ["review_id": id.rawValue, "claim_expires_at": AuditTimestamp.iso(saved.claimExpiresAt)])
        return saved
    }

    /// Refuses to approve what would show a photo taken down since it was submitted (409
    /// `review.photo_taken_down`): submission refused such photos, but a takedown while the
    /// listing or edit waited was not seen, and the approval put the photo back in front of
    /// everyone (session 28 review). Not when a moderator wrote the listing or edit (`author`):
    /// that is how a photo is deliberately put back (`ListingPersistence.checkPhotos`).
    /// `index` counts from 0 like the pointer `/photos/N`; `position` from 1, for the message.
    static func checkNoTakenDownPhoto(_ db: Database, _ listing: Listing, author: MemberID, photos: [String], shown: [String]) throws {
        let writer = try MemberCommands.fetch(db, community: listing.communityID, id: author)
        guard !AccessPolicy.allows(writer.role, .listingReadAll) else { return }
        for (index, photo) in photos.enumerated() where !shown.contains(photo) {
            if try PhotoCommands.isTakenDown(db, community: listing.communityID, sha256: photo) {
                throw DomainError(
                    code: "review.photo_taken_down", category: .conflict,
                    parameters: ["index": String(index), "position": String(index + 1)])
            }
        }
    }

    /// Approves, rejects or asks for changes. The caller must hold a live claim.
    public static func decide(
        _ tx: Transaction, principal: Principal, id: ReviewID, decision: ReviewDecision, expectedVersion: Int?,
        services: ListingServices, actor: AuditActor
    ) throws -> ListingChange {
        try principal.require(.listingReview)
        try decision.validate()
        var review = try ReviewPersistence.fetch(tx.db, community: principal.communityID, id: id)
        try ListingPersistence.checkVersion(review.version, expectedVersion)
        var listing = try ListingPersistence.fetch(tx.db, community: principal.communityID, id: review.listingID)
        // One's own listing first: "claim it first" sent the moderator to a claim that is refused
        // for the same reason (helper 118).
        try checkMayJudge(tx.db, listing, principal, decision: "listing review")
        try ClaimHolderName.naming(tx.db, community: principal.communityID) { () throws(DomainError) in
            try review.checkHeld(by: principal.memberID, at: tx.now)
        }
        try decision.checkFields(applicableTo: listing.content.kind)
        let before = listing.status
        var edit: ListingEdit?
        var previousPoints: Int?  // an approved edit's: what the listing was valued at before it
        let message = decision.message.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        switch review.subject {
        case .listing:
            // Published for a suspended or banned owner, every request of it fails
            // (`exchange.member_inactive`): a listing nobody can use (helper 137). She could not
            // submit it now either (`listing.owner_inactive`).
            if decision.decision == .approve {
                let owner = try MemberCommands.fetch(tx.db, community: principal.communityID, id: listing.ownerID)
                guard owner.isActive(at: tx.now) else {
                    throw DomainError(code: "review.owner_inactive", category: .conflict, parameters: ["id": owner.id.rawValue])
                }
                try checkProviderStillVerified(tx, listing.content, owner: owner, services: services)
            }
            let event: ListingEvent = switch decision.decision {
            case .approve: .approve
            case .reject: .reject
            case .requestChanges: .requestChanges
            }
            if event == .approve { try ListingPersistence.checkWindowOpenForApproval(listing.content, now: tx.now) }
            listing = try ListingPersistence.transition(listing, event, in: tx, services: services)
            if event == .approve {
                try checkNoTakenDownPhoto(tx.db, listing, author: listing.createdBy, photos: listing.content.photos, shown: [])
            }
            listing.decisionReasonCode = decision.reasonCode
            listing.decisionMessage = message
            listing.requestedFields = decision.decision == .requestChanges ? decision.fields : nil
            listing = try ListingPersistence.save(tx, listing)
        case .edit:
            guard let editID = review.editID else {
                throw StoreError.corruptRow(table: "reviews", id: id.rawValue, reason: "edit review without edit_id")
            }
            let pending = try ReviewPersistence.fetchEdit(tx.db, community: principal.communityID, id: editID)
            let decided: ListingEdit
            switch decision.decision {
            case .approve:
                // The listing may have been reserved or taken down since the edit was made.
                guard listing.status == .published else {
                    throw DomainError(
                        code: "listing.not_editable", category: .conflict, parameters: ["current_status": listing.status.rawValue])
                }
                try checkNoTakenDownPhoto(tx.db, listing, author: pending.createdBy, photos: pending.content.photos, shown: listing.content.photos)
                let owner = try MemberCommands.fetch(tx.db, community: principal.communityID, id: listing.ownerID)
                // As for a new listing: an owner suspended or banned since has her listings
                // hidden, and an edit approved now would change one no one may see or answer
                // (helper 188 #5). Decided when she is active again, or rejected.
                guard owner.isActive(at: tx.now) else {
                    throw DomainError(code: "review.owner_inactive", category: .conflict, parameters: ["id": owner.id.rawValue])
                }
                try checkProviderStillVerified(tx, pending.content, owner: owner, services: services)
                try ListingPersistence.checkWindowOpenForApproval(pending.content, now: tx.now)
                // Bookings accepted since the edit was made settle on what they were agreed on.
                try ListingBookings.checkEdit(tx.db, listing, to: pending.content)
                let unchanged = listing
                previousPoints = unchanged.valuation.points
                listing = try ListingSubmission.applyEdit(tx, listing, content: pending.content, services: services)
                decided = try ReviewPersistence.setEditStatus(tx, pending, .approved)
                try ExchangeCommands.tellNeighboursOfChange(tx, before: unchanged, after: listing)
            case .reject: decided = try ReviewPersistence.setEditStatus(tx, pending, .rejected)
            case .requestChanges: decided = try ReviewPersistence.setEditStatus(tx, pending, .changesRequested)
            }
            edit = decided
        }
        review.status = .decided
        review.decision = decision.decision
        review.reasonCode = decision.reasonCode
        review.message = message
        review.requestedFields = decision.fields
        review.decidedBy = principal.memberID
        review.decidedAt = tx.now
        let saved = try ReviewPersistence.save(tx, review)
        if saved.subject == .listing { try ReviewPersistence.keepDecidedContent(tx.db, saved, listing.content) }
        try tx.audit(
            principal.communityID, actor: actor, action: "review.decided", targetType: "listing", targetID: listing.id.rawValue,
            reason: message, before: ["status": before.rawValue],
            after: [
                "status": listing.status.rawValue, "review_id": id.rawValue, "subject": review.subject.rawValue,
                "decision": decision.decision.rawValue, "reason_code": decision.reasonCode?.rawValue,
                "fields": decision.fields?.joined(separator: ","),
            ])
        // An edit has events of its own: announced as `listing.published`, an approved edit posted
        // the listing to the residents' group again as new, and a rejected edit told consumers
        // `listing.rejected` about a listing still up (session 27 review).
        let eventType = switch (decision.decision, saved.subject) {
        case (.approve, .listing): "listing.published"
        case (.reject, .listing): "listing.rejected"
        case (.requestChanges, .listing): "listing.changes_requested"
        case (.approve, .edit): "listing.edited"
        case (.reject, .edit): "listing.edit_rejected"
        case (.requestChanges, .edit): "listing.edit_changes_requested"
        }
        let category = decision.decision == .approve
            ? try services.category(tx, community: listing.communityID, code: listing.content.categoryCode) : nil
        try ListingPersistence.emit(tx, eventType, listing, review: saved, reason: decision.reasonCode, category: category)
        // A refusal or a request for changes is the owner's matter (never a group's:
        // `MessageTemplates.memberPrivateTypes`): her inbox says so. So is an approval (helper
        // 131): an elder who handed a listing in at the desk waits to hear it is up, and a
        // moderator's correction of its points is hers to know before a neighbour asks for it.
        var parameters = [
            "listing_id": listing.id.rawValue, "title": edit?.content.title ?? listing.content.title, "subject": saved.subject.rawValue,
        ]
        switch decision.decision {
        case .approve:
            parameters["decision"] = "approved"
            parameters["points"] = String(listing.valuation.points)
            // Only a correction made in this review (helper 135: one from an earlier round, which the
            // owner's resubmission replaced, would credit her own figure to the moderator).
            if saved.subject == .listing, let original = listing.originalValuation?.points, original != listing.valuation.points,
                let corrected = listing.correctedAt, corrected >= review.createdAt {
                parameters["original_points"] = String(original)
                if let why = FieldValidator.nonBlank(listing.correctionReason) { parameters["correction_reason"] = why }
            }
            // An edit that moved the points says from what (helper 137 #11): "valued at 30"
            // alone left her to remember whether it had been 50.
            if let previousPoints, previousPoints != listing.valuation.points { parameters["previous_points"] = String(previousPoints) }
        case .reject:
            parameters["decision"] = "rejected"
            if let code = decision.reasonCode { parameters["reason_code"] = code.rawValue }
        case .requestChanges:
            parameters["decision"] = "changes_requested"
            if let fields = decision.fields, !fields.isEmpty { parameters["fields"] = fields.joined(separator: ",") }
        }
        if let message, !message.isEmpty { parameters["message"] = message }
        try MemberNotifications.notify(
            tx, community: listing.communityID, member: listing.ownerID, kind: .listingReviewed, subject: "listing:\(listing.id)",
            parameters: parameters)
        return ListingChange(listing: listing, review: saved, edit: edit)
    }

    /// Corrects the facts a new listing's price rests on and re-values it, keeping the owner's
    /// original valuation and inputs beside the corrected ones.
    public static func correctValuation(
        _ tx: Transaction, principal: Principal, id: ReviewID, correction: ValuationCorrection, expectedVersion: Int?,
        services: ListingServices, actor: AuditActor
    ) throws -> Listing {
        try principal.require(.listingReview)
        let review = try ReviewPersistence.fetch(tx.db, community: principal.communityID, id: id)
        try ListingPersistence.checkVersion(review.version, expectedVersion)
        try ClaimHolderName.naming(tx.db, community: principal.communityID) { () throws(DomainError) in
            try review.checkHeld(by: principal.memberID, at: tx.now)
        }
        guard review.subject == .listing else {
            throw DomainError(code: "review.correction_not_applicable", category: .conflict)
        }
        var listing = try ListingPersistence.fetch(tx.db, community: principal.communityID, id: review.listingID)
        try checkMayJudge(tx.db, listing, principal, decision: "valuation correction")
        let policy = try services.rules.current(tx, community: listing.communityID).ruleSet.listing
        let corrected = try correction.applied(to: listing.content, declaredCostMax: ListingRuleLimits.declaredCostMax(policy))
        // The community's own limits hold for a moderator's figures as for the owner's.
        try ListingRuleLimits.check(corrected, policy: policy, only: correction.limitedPointers)
        let valuation = try services.value(tx, corrected, community: listing.communityID, excluding: listing.id)
        let before: [String: String?] = [
            "points": String(listing.valuation.points), "declared_cost": listing.content.declaredCost,
            "condition": listing.content.condition?.rawValue, "duration_minutes": listing.content.durationMinutes.map(String.init),
            "intensity": listing.content.intensity?.rawValue, "level": listing.content.level?.rawValue,
            "certification": listing.content.certification?.rawValue,
        ]
        if listing.originalValuation == nil {
            listing.originalValuation = listing.valuation
            listing.originalInputsJSON = ListingRows.encode(listing.content.valuationInput)
        }
        listing.content = corrected
        listing.valuation = valuation
        listing.correctionReason = correction.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        listing.correctedBy = principal.memberID
        listing.correctedAt = tx.now
        let saved = try ListingPersistence.save(tx, listing)
        try tx.audit(
            principal.communityID, actor: actor, action: "listing.valuation_corrected", targetType: "listing",
            targetID: listing.id.rawValue, reason: listing.correctionReason, before: before,
            after: [
                "points": String(valuation.points), "declared_cost": corrected.declaredCost, "condition": corrected.condition?.rawValue,
                "duration_minutes": corrected.durationMinutes.map(String.init), "intensity": corrected.intensity?.rawValue,
                "level": corrected.level?.rawValue, "certification": corrected.certification?.rawValue,
                "review_id": id.rawValue,
            ])
        return saved
    }

    /// A review decision (claiming, deciding, correcting a valuation, reinstating): not on a
    /// listing `checkNotOwn` keeps from her, nor on one whose owner she (or a housemate, or a
    /// resident she acts for) reported in a case still open (403 `moderation.reported_by_you`,
    /// helper 188 #2: the accuser reviewed every listing and edit of the member she had reported,
    /// as removal by hand already refused, helper 128).
    static func checkMayJudge(_ db: Database, _ listing: Listing, _ principal: Principal, decision: String) throws {
        try checkNotOwn(db, listing, principal)
        try ModerationConflict.checkNotReporter(db, principal, about: listing.ownerID, decision: decision)
    }

    /// Moderators do not judge their own listings (nor those they posted for someone), nor a
    /// housemate's (`ModerationConflict`: 403 `moderation.own_household`).
    /// Nor a listing of a resident whose consent they hold or held (admins can be agents).
    static func checkNotOwn(_ db: Database, _ listing: Listing, _ principal: Principal) throws {
        if try listing.ownerID == principal.memberID || listing.createdBy == principal.memberID
            || ProxyConsents.everNamed(db, community: listing.communityID, agent: principal.memberID, by: [listing.ownerID])
        {
            throw DomainError(code: "review.own_listing", category: .forbidden)
        }
        try ModerationConflict.check(db, principal, about: [listing.ownerID], decision: "listing review")
    }

}

extension ReviewCommands {
    /// What submitting checks, checked again on approval (helper 169 #2): the owner's real-name
    /// verification may have been revoked, or the rule file may have come to require it for the
    /// category, while the listing or its edit waited. Published, every request of it would
    /// fail (`exchange.provider_not_verified`). 409 `review.provider_not_verified`, naming the
    /// owner and the category.
    static func checkProviderStillVerified(_ tx: Transaction, _ content: ListingContent, owner: Member, services: ListingServices) throws {
        do {
            try ListingCommands.checkProvider(tx, content: content, community: owner.communityID, owner: owner, services: services)
        } catch let error as DomainError where error.code == "listing.provider_not_verified" {
            throw DomainError(
                code: "review.provider_not_verified", category: .conflict,
                parameters: error.parameters.merging(["id": owner.id.rawValue]) { $1 })
        }
    }
}
