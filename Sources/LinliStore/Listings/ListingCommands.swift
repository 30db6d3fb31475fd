import Foundation
import GRDB
import LinliDomain

/// Posting and managing listings: create, edit, submit, withdraw, moderation removal, the
/// exchange-driven transitions, and expiry. Status changes go through `ListingStateMachine` only.
public enum ListingCommands {
    /// Creates a draft (and submits it when `input.submit` is true). Station staff may create for
    /// a resident with `owner_id` (for a staff member only with `member.create_staff`: an admin);
    /// the audit log then names both. A need registered for her (she pays) takes a standing
    /// consent naming them or a `note` on how she agreed (`deskNote`).
    /// - Parameter prepared: the content checked and valued ahead of the write (`ListingDraft`),
    ///   used only if the rules and counts it was made with are still in force.
    public static func create(
        _ tx: Transaction, principal: Principal, input: ListingInput, services: ListingServices, actor: AuditActor,
        prepared: ListingDraft? = nil
    ) throws -> ListingChange {
        try principal.require(.listingCreate)
        let ownerID = input.ownerID ?? principal.memberID
        if ownerID != principal.memberID { try principal.require(.listingManageOthers) }
        guard let owner = try Member.fetchOne(
            tx.db.cachedStatement(sql: "SELECT * FROM members WHERE community_id = ? AND id = ?"),
            arguments: [principal.communityID.rawValue, ownerID.rawValue])
        else { throw DomainError.validation([FieldIssue("/owner_id", .notFound)]) }
        // Station staff post for residents; posting in another staff member's name (an offer
        // shown as the admin's, which the staff member then manages) takes what registering one
        // would, as for tokens.
        if ownerID != principal.memberID, owner.role != .resident { try principal.require(.memberCreateStaff) }
        try requireActive(owner, now: tx.now)
        try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: ownerID)
        let content: ListingContent
        let valuation: ListingValuation
        let rules = try services.rules.current(tx, community: principal.communityID)
        if let (ready, value) = try prepared?.confirmed(tx, rules: rules, services: services) {
            try checkStored(tx, principal: principal, content: ready, owner: owner, services: services)
            (content, valuation) = (ready, value)
        } else {
            content = try validated(tx, principal: principal, input: input, owner: owner, services: services)
            valuation = try services.value(tx, content, community: principal.communityID)
        }
        let note = try deskNote(tx, principal: principal, input: input, owner: ownerID, content: content, points: valuation.points)
        let listing = Listing(
            id: tx.ids.next(), communityID: principal.communityID, ownerID: ownerID, createdBy: principal.memberID,
            status: .draft, content: content, valuation: valuation, createdAt: tx.now, updatedAt: tx.now, version: 1)
        let submitting = input.submit == true
        if !submitting { try ListingPersistence.insert(tx.db, listing) }
        let acting = actor.acting(for: ownerID)
        var recorded = [
            "title": content.title, "direction": content.direction.rawValue, "kind": content.kind.rawValue,
            "category": content.categoryCode, "points": String(listing.valuation.points),
            "rule_set_version": listing.valuation.ruleSetVersion,
        ]
        if let note { recorded["desk_note"] = note }
        try tx.audit(
            principal.communityID, actor: acting, action: "listing.created", targetType: "listing", targetID: listing.id.rawValue,
            after: recorded)
        let change = submitting
            ? try ListingSubmission.submit(tx, listing, services: services, actor: acting, isNew: true)
            : ListingChange(listing: listing, review: nil, edit: nil)
        try RegisteredForYouNotices.listingRegistered(tx, change.listing, note: note)
        return change
    }

    /// The `note` of an edit, checked, and how much dearer the edit makes a need the owner pays
    /// for. Staff editing a need registered for her so that it costs more (60 minutes made 600)
    /// need her standing consent naming them or a `note` on how she agreed (422 reason
    /// `listing.raise_note_required`, helper 143: the note given at registration covered the old
    /// figure only). The note means something only on someone else's listing.
    private static func deskEditNote(
        _ tx: Transaction, principal: Principal, input: ListingInput, listing: Listing, content: ListingContent, services: ListingServices
    ) throws -> (note: String?, raised: (from: Int, to: Int)?) {
        let note = try readNote(input, owner: listing.ownerID, principal: principal)
        guard listing.ownerID != principal.memberID, content.direction == .request else { return (note, nil) }
        // Valued as the edit itself is (`ListingSubmission.submitEdit`), without the listing's own
        // part in the counts: a published request counted itself as one more demand, and a typo
        // fixed by staff read as a raise (helper 181 #1).
        let points = try services.value(tx, content, community: principal.communityID, excluding: listing.id).points
        guard points > listing.valuation.points else { return (note, nil) }
        if note == nil,
            try !ProxyConsents.holds(tx.db, community: principal.communityID, agent: principal.memberID, member: listing.ownerID, at: tx.now)
        {
            throw DomainError.validation([FieldIssue(
                "/note", .required,
                ["reason": "listing.raise_note_required", "previous_points": String(listing.valuation.points), "points": String(points)])])
        }
        return (note, (listing.valuation.points, points))
    }

    /// The `note` of a listing registered in someone else's name, checked (`readNote`). It is
    /// required for a need she pays for when no standing consent names the staff member (422
    /// reason `listing.payment_note_required`); on an offer (she earns) it is kept if given.
    /// Helper 140 #9, the listing side: staff registering "买菜 120 分钟" as her need, then
    /// accepting whoever answered it, spent her points on nobody's word; asking for the exchange
    /// in her name already needed one.
    private static func deskNote(
        _ tx: Transaction, principal: Principal, input: ListingInput, owner: MemberID, content: ListingContent, points: Int
    ) throws -> String? {
        let note = try readNote(input, owner: owner, principal: principal)
        if owner != principal.memberID, content.direction == .request, note == nil,
            try !ProxyConsents.holds(tx.db, community: principal.communityID, agent: principal.memberID, member: owner, at: tx.now)
        {
            throw DomainError.validation([FieldIssue("/note", .required, ["reason": "listing.payment_note_required", "points": String(points)])])
        }
        return note
    }

    /// The input's `note`, within its length (blank counts as absent). It says how someone else
    /// agreed, so on one's own listing it is refused (422 reason `listing.note_only_for_someone_else`).
    private static func readNote(_ input: ListingInput, owner: MemberID, principal: Principal) throws -> String? {
        var check = FieldValidator()
        check.text(input.note, at: "/note", required: false, min: 0, max: ListingLimits.message)
        try check.finish()
        let note = FieldValidator.nonBlank(input.note)
        if owner == principal.memberID, note != nil {
            throw DomainError.validation([FieldIssue("/note", .notApplicable, ["reason": "listing.note_only_for_someone_else"])])
        }
        return note
    }

    /// Replaces the content. Drafts and listings sent back for changes are edited in place; a
    /// published listing keeps its public version while the edit waits for review.
    public static func replaceContent(
        _ tx: Transaction, principal: Principal, id: ListingID, input: ListingInput, expectedVersion: Int?,
        services: ListingServices, actor: AuditActor
    ) throws -> ListingChange {
        try principal.require(.listingCreate)
        var listing = try manageable(tx, principal: principal, id: id)
        try ListingPersistence.checkVersion(listing.version, expectedVersion)
        // Nor is a suspended or banned owner's listing rewritten by the staff who posted it (an
        // edit of a published listing goes to review or changes it at once); withdrawing stays open.
        try requireActive(try MemberCommands.fetch(tx.db, community: principal.communityID, id: listing.ownerID), now: tx.now)
        var misplaced: [FieldIssue] = []
        if input.ownerID != nil { misplaced.append(FieldIssue("/owner_id", .notApplicable, ["reason": "listing.create_only"])) }
        if input.submit != nil { misplaced.append(FieldIssue("/submit", .notApplicable, ["reason": "listing.create_only"])) }
        if !misplaced.isEmpty { throw DomainError.validation(misplaced) }
        guard input.kind == listing.content.kind, input.direction == listing.content.direction else {
            throw DomainError(
                code: "listing.kind_immutable", category: .conflict,
                parameters: ["kind": listing.content.kind.rawValue, "direction": listing.content.direction.rawValue])
        }
        let mode = try ListingStateMachine.editMode(for: listing.status)
        let owner = try MemberCommands.fetch(tx.db, community: principal.communityID, id: listing.ownerID)
        // Photos a listing that is up shows already are not re-checked for a takedown (an edit of
        // other fields); a draft's or a returned listing's are, or it would carry them back up.
        let shown = [.published, .reserved].contains(listing.status) ? listing.content.photos : []
        let content = try validated(tx, principal: principal, input: input, owner: owner, services: services, shown: shown, existing: listing)
        let acting = actor.acting(for: listing.ownerID)
        let (note, raised) = try deskEditNote(tx, principal: principal, input: input, listing: listing, content: content, services: services)
        var changed = content.materialChanges(comparedTo: listing.content)
        // The area is not material (moving the pick-up gate needs no moderator), but it is public
        // text: one carrying a hotword goes to review like any other (session 27 review).
        if mode == .pendingEdit, changed.isEmpty, let area = content.area, area != listing.content.area,
            try services.rules.current(tx, community: principal.communityID).review.hotword(in: area) != nil
        {
            changed = ["area"]
        }
        try ListingBookings.checkEdit(tx.db, listing, to: content)
        if mode == .pendingEdit, !changed.isEmpty {
            let change = try ListingSubmission.submitEdit(
                tx, listing, content: content, changed: changed, services: services, by: principal.memberID, actor: acting, deskNote: note)
            try RegisteredForYouNotices.listingStep(tx, change.listing, by: principal, step: "edited", raised: raised, note: note)
            return change
        }
        // A PUT is the whole content the owner wants now. Edited in place, a published listing no
        // longer wants the edit still waiting for review: approved later, it would put back the
        // content this request replaced (its snapshot is applied whole). So it is cancelled, with
        // its review, in this transaction.
        var after: [String: String?] = ["title": content.title, "fields": changed.joined(separator: ",")]
        if let note { after["desk_note"] = note }
        if mode == .pendingEdit, let pending = try String.fetchOne(
            tx.db.cachedStatement(sql: "SELECT id FROM listing_edits WHERE community_id = ? AND listing_id = ? AND status = 'pending'"),
            arguments: [principal.communityID.rawValue, id.rawValue])
        {
            try ReviewPersistence.cancelOpen(tx, listing: id, community: principal.communityID, onlyEdits: true)
            after["cancelled_edit_id"] = pending
        }
        let unchanged = listing
        let before = listing.content
        let beforePoints = listing.valuation.points
        listing.content = content
        // A draft is valued afresh. A published listing edited in place changed nothing a
        // moderator must see, so it keeps its stored valuation: re-valuing here would let a new
        // rule version (or the scarcity of another pick-up area) re-price it unreviewed, while
        // only the audited revaluation and a reviewed edit may change a stored valuation.
        if mode == .inPlace { listing.valuation = try services.value(tx, content, community: principal.communityID, excluding: listing.id) }
        let saved = try ListingPersistence.save(tx, listing)
        try tx.audit(
            principal.communityID, actor: acting, action: "listing.updated", targetType: "listing", targetID: id.rawValue,
            before: ["title": before.title, "points": String(beforePoints)],
            after: after.merging(["points": String(saved.valuation.points)]) { $1 })
        // A published listing changed in place (the pick-up area, the weekly hours): the
        // neighbours waiting on it or booked on it are told, as of an edit a moderator approved.
        if mode == .pendingEdit, before != content { try ExchangeCommands.tellNeighboursOfChange(tx, before: unchanged, after: saved) }
        if before != content { try RegisteredForYouNotices.listingStep(tx, saved, by: principal, step: "edited", raised: raised, note: note) }
        return ListingChange(listing: saved, review: nil, edit: nil)
    }

    /// Sends a draft, or a listing sent back for changes, to review.
    public static func submit(
        _ tx: Transaction, principal: Principal, id: ListingID, expectedVersion: Int?, services: ListingServices, actor: AuditActor
    ) throws -> ListingChange {
        try principal.require(.listingCreate)
        let listing = try manageable(tx, principal: principal, id: id)
        try ListingPersistence.checkVersion(listing.version, expectedVersion)
        _ = try ListingStateMachine.next(from: listing.status, on: .submit)
        // The category's rules may have changed (or the owner lost verification) since the draft.
        let owner = try MemberCommands.fetch(tx.db, community: principal.communityID, id: listing.ownerID)
        // Nor is a suspended or banned owner's draft sent to review by the staff who posted it.
        try requireActive(owner, now: tx.now)
        // Its photos again too: one taken down since the draft named it would be back in front
        // of everyone once a trusted owner's listing is published without review.
        try checkStored(tx, principal: principal, content: listing.content, owner: owner, services: services, existing: listing)
        try ListingPersistence.checkWindowOpen(listing.content, now: tx.now)
        let change = try ListingSubmission.submit(tx, listing, services: services, actor: actor.acting(for: listing.ownerID))
        try RegisteredForYouNotices.listingStep(tx, change.listing, by: principal, step: "submitted")
        return change
    }

    /// Listings are posted, edited and submitted only for a member in good standing (a suspended or
    /// banned owner's own token is refused everywhere; staff acting for them are refused here).
    static func requireActive(_ owner: Member, now: Date) throws {
        guard owner.isActive(at: now) else {
            throw DomainError(code: "listing.owner_inactive", category: .conflict, parameters: ["id": owner.id.rawValue])
        }
    }

    /// The owner (or the staff member who posted it for them) takes the listing down.
    public static func withdraw(
        _ tx: Transaction, principal: Principal, id: ListingID, expectedVersion: Int?, services: ListingServices, actor: AuditActor
    ) throws -> Listing {
        try principal.require(.listingCreate)
        let listing = try manageable(tx, principal: principal, id: id)
        try ListingPersistence.checkVersion(listing.version, expectedVersion)
        let updated = try ListingPersistence.save(tx, try ListingPersistence.transition(listing, .withdraw, in: tx, services: services))
        try ReviewPersistence.cancelOpen(tx, listing: id, community: principal.communityID, onlyEdits: false)
        try tx.audit(
            principal.communityID, actor: actor.acting(for: listing.ownerID), action: "listing.withdrawn", targetType: "listing",
            targetID: id.rawValue, before: ["status": listing.status.rawValue], after: ["status": updated.status.rawValue])
        try ListingPersistence.emit(tx, "listing.withdrawn", updated)
        try RegisteredForYouNotices.listingStep(tx, updated, by: principal, step: "withdrawn")
        return updated
    }

    /// A moderator takes a listing down, with a reason code and a message to the owner.
    /// - Parameter tellOwner: false when a case's action takes it down: the owner is told by the
    ///   case (`action_taken`, with its reason and appeal deadline), not twice (helper 123).
    public static func remove(
        _ tx: Transaction, principal: Principal, id: ListingID, input: ListingRemoval, expectedVersion: Int?,
        services: ListingServices, actor: AuditActor, tellOwner: Bool = true
    ) throws -> Listing {
        try principal.require(.listingRemove)
        try input.validate()
        var listing = try ListingPersistence.fetch(tx.db, community: principal.communityID, id: id)
        try ListingPersistence.checkVersion(listing.version, expectedVersion)
        // Taking a listing down is a moderation decision like a review: not about one's own
        // listing (a reserved one-off cannot be withdrawn, and removal would have got round
        // that), one a moderator posted or acts for, or a housemate's.
        try ReviewCommands.checkNotOwn(tx.db, listing, principal)
        // Nor by hand one whose owner she (or a housemate) reported in a case still open (helper
        // 128). A case's action (`tellOwner` false) was checked when that case was resolved, as a
        // member status change by a case is (helper 130: it named another open case about her).
        if tellOwner { try ModerationConflict.checkNotReporter(tx.db, principal, about: listing.ownerID, decision: "listing removal") }
        let before = listing.status
        listing = try ListingPersistence.transition(listing, .remove, in: tx, services: services)
        listing.decisionReasonCode = input.reasonCode
        listing.decisionMessage = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        let updated = try ListingPersistence.save(tx, listing)
        try ReviewPersistence.cancelOpen(tx, listing: id, community: principal.communityID, onlyEdits: false)
        try tx.audit(
            principal.communityID, actor: actor, action: "listing.removed", targetType: "listing", targetID: id.rawValue,
            reason: input.message, before: ["status": before.rawValue],
            after: ["status": updated.status.rawValue, "reason_code": input.reasonCode.rawValue])
        try ListingPersistence.emit(tx, "listing.removed", updated, reason: input.reasonCode)
        try tellOfRemoval(tx, updated, reason: input.reasonCode, message: listing.decisionMessage, tellOwner: tellOwner)
        return updated
    }

    /// The owner hears that her listing was taken down, why, and that exchanges under way on it go
    /// on; the other party of each such exchange (accepted or disputed) hears it too, to decide
    /// whether to go on (helper 118: neither was told). Requests still waiting were declined by the
    /// transition, each requester told (`exchange_declined`).
    static func tellOfRemoval(_ tx: Transaction, _ listing: Listing, reason: RejectReason, message: String?, tellOwner: Bool) throws {
        let going = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: """
                SELECT * FROM exchanges WHERE community_id = ? AND listing_id = ? AND state IN ('accepted', 'disputed') ORDER BY id
                """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue])
        var parameters = [
            "listing_id": listing.id.rawValue, "title": listing.content.title, "decision": "removed", "subject": "listing",
            "reason_code": reason.rawValue,
        ]
        if let message, !message.isEmpty { parameters["message"] = message }
        if !going.isEmpty { parameters["open_exchanges"] = String(going.count) }
        if tellOwner {
            try MemberNotifications.notify(
                tx, community: listing.communityID, member: listing.ownerID, kind: .listingReviewed, subject: "listing:\(listing.id)",
                parameters: parameters)
        }
        for exchange in going {
            let other = exchange.requester == listing.ownerID ? exchange.owner : exchange.requester
            try MemberNotifications.notify(
                tx, community: listing.communityID, member: other, kind: .bookedListingRemoved, subject: "exchange:\(exchange.id)",
                parameters: [
                    "exchange_id": exchange.id.rawValue, "listing_id": listing.id.rawValue, "title": listing.content.title,
                    "reason_code": reason.rawValue, "state": exchange.state.rawValue,
                ])
        }
    }

    /// A moderator undoes a removal made by hand (helper 137: a mistaken takedown could be undone
    /// only through a case's appeal, and the owner's notice sent her to the service station, which
    /// could not either). As `reinstate`; the owner is told (`listing_reviewed`, `decision:
    /// reinstated`, with the message). Judged as a removal is (`ReviewCommands.checkNotOwn`). A
    /// removal a case ordered is undone by its appeal, not by hand (409 `listing.removed_by_case`,
    /// naming the case); a listing not removed is 409 `listing.not_removed`.
    public static func reinstateByHand(
        _ tx: Transaction, principal: Principal, id: ListingID, input: ListingReinstatement, expectedVersion: Int?,
        services: ListingServices, actor: AuditActor
    ) throws -> Listing {
        try principal.require(.listingRemove)
        try input.validate()
        let listing = try ListingPersistence.fetch(tx.db, community: principal.communityID, id: id)
        try ListingPersistence.checkVersion(listing.version, expectedVersion)
        try ReviewCommands.checkMayJudge(tx.db, listing, principal, decision: "listing reinstatement")
        guard listing.status == .removed else {
            throw DomainError(code: "listing.not_removed", category: .conflict, parameters: ["status": listing.status.rawValue])
        }
        if let caseID = try String.fetchOne(
            tx.db,
            sql: """
                SELECT a.case_id FROM trust_case_actions a JOIN trust_cases c ON c.community_id = a.community_id AND c.id = a.case_id
                WHERE a.community_id = ? AND a.kind = 'remove_listing' AND a.overturned_at IS NULL
                  AND c.target_type = 'listing' AND c.target_id = ?
                ORDER BY a.id DESC LIMIT 1
                """,
            arguments: [principal.communityID.rawValue, id.rawValue])
        {
            throw DomainError(code: "listing.removed_by_case", category: .conflict, parameters: ["case_id": caseID])
        }
        let message = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        try reinstate(tx, community: principal.communityID, id: id, services: services, reason: message, actor: actor)
        let updated = try ListingPersistence.fetch(tx.db, community: principal.communityID, id: id)
        try MemberNotifications.notify(
            tx, community: updated.communityID, member: updated.ownerID, kind: .listingReviewed, subject: "listing:\(updated.id)",
            parameters: ["decision": "reinstated", "title": updated.content.title, "status": updated.status.rawValue, "message": message])
        return updated
    }

    /// Undoes a removal overturned on appeal (`AppealCommands.decide`): a listing that had been
    /// published is published again with a fresh expiry period (`listing.reinstated`); one removed
    /// before it ever passed review goes back to its owner to edit and submit (`changes_requested`).
    /// The removal's reason is cleared. A listing no longer removed is left as it is.
    static func reinstate(
        _ tx: Transaction, community: CommunityID, id: ListingID, services: ListingServices, reason: String, actor: AuditActor
    ) throws {
        let listing = try ListingPersistence.fetch(tx.db, community: community, id: id)
        guard listing.status == .removed else { return }
        var updated = try ListingPersistence.transition(listing, listing.publishedAt != nil ? .reinstate : .reopen, in: tx, services: services)
        // A one-off removed while its exchange ran is still that exchange's: back as reserved, or a
        // second neighbour could take it while the first exchange completes (a repeatable offer
        // is never reserved).
        if updated.status == .published, !listing.content.isRepeatable, try ListingBookings.open(tx.db, listing, contested: false) > 0 {
            updated.status = .reserved
        } else if updated.status == .published, let ended = try usedUpWhileRemoved(tx.db, listing) {
            // Its exchange ended while it was down (`applyExchangeEvent` leaves a removed listing
            // removed): back as that end left it, or the item is offered again and its owner
            // paid a second time for it.
            updated.status = ended
        }
        updated.decisionReasonCode = nil
        updated.decisionMessage = nil
        updated = try ListingPersistence.save(tx, updated)
        try tx.audit(
            community, actor: actor, action: "listing.reinstated", targetType: "listing", targetID: id.rawValue, reason: reason,
            before: ["status": listing.status.rawValue], after: ["status": updated.status.rawValue])
        try ListingPersistence.emit(tx, "listing.reinstated", updated)
    }

    /// The status a one-off's exchange would have left it in had it not been removed meanwhile:
    /// `exchanged` when an exchange on it completed or was resolved by payment, or its provider
    /// was paid after a no-show naming them was overturned (`NoShowContestCommands.endListing`
    /// skips a removed listing); `withdrawn` when a dispute sent an offered item back; nil when
    /// none ended so (a repeatable offer is never used up).
    static func usedUpWhileRemoved(_ db: Database, _ listing: Listing) throws -> ListingStatus? {
        guard !listing.content.isRepeatable else { return nil }
        let ended = try Row.fetchOne(
            db,
            sql: """
                SELECT e.state, e.resolution FROM exchanges e
                LEFT JOIN exchange_no_show_contests c ON c.exchange_id = e.id
                WHERE e.community_id = ? AND e.listing_id = ?
                  AND (e.state IN ('completed', 'resolved')
                       OR (e.state = 'no_show' AND c.state = 'overturned' AND c.absent_member_id = e.provider_id))
                ORDER BY e.closed_at DESC, e.id DESC LIMIT 1
                """,
            arguments: [listing.communityID.rawValue, listing.id.rawValue])
        guard let ended else { return nil }
        if ended["resolution"] as String? == "refund" {
            return listing.content.direction == .offer ? .withdrawn : nil
        }
        return .exchanged
    }

    /// Reserve / release / complete (and withdraw, when a dispute sends an unusable item back),
    /// driven by the exchanges module inside its own transaction (which also writes its own
    /// events); this only guards and records the listing's side.
    public static func applyExchangeEvent(
        _ tx: Transaction, community: CommunityID, id: ListingID, event: ListingEvent, services: ListingServices, actor: AuditActor
    ) throws -> Listing {
        guard [.reserve, .release, .complete, .withdraw].contains(event) else {
            throw DomainError(code: "listing.invalid_transition", category: .conflict, parameters: ["current_status": "-", "event": event.rawValue])
        }
        return try applyExchangeEvent(
            tx, listing: try ListingPersistence.fetch(tx.db, community: community, id: id), event: event, services: services, actor: actor)
    }

    /// The same, for a listing the caller has just read in this transaction (saves a second read
    /// on the exchange hot path).
    static func applyExchangeEvent(
        _ tx: Transaction, listing: Listing, event: ListingEvent, services: ListingServices, actor: AuditActor
    ) throws -> Listing {
        guard [.reserve, .release, .complete, .withdraw].contains(event) else {
            throw DomainError(code: "listing.invalid_transition", category: .conflict, parameters: ["current_status": "-", "event": event.rawValue])
        }
        // A moderator took the listing down while its exchange was under way: the exchange must
        // still be able to end (refund, payment, resolution) and the listing stays removed.
        if listing.status == .removed, event != .reserve { return listing }
        // A repeatable offer (`ListingContent.isRepeatable`) is never reserved: it stays open for
        // the next booking while this one runs. Its exchanges' ends then find it published (or
        // withdrawn or expired since) and leave it so: only a reservation is ever released or used
        // up. (An edit cannot make it a one-off while bookings run: `ListingBookings`.)
        if event == .reserve, listing.content.isRepeatable { return listing }
        if event == .release || event == .complete, listing.status != .reserved { return listing }
        let updated = try ListingPersistence.saveStatus(
            tx, try ListingPersistence.transition(listing, event, in: tx, services: services), from: listing)
        try tx.audit(
            listing.communityID, actor: actor, action: "listing.\(event.rawValue)", targetType: "listing", targetID: listing.id.rawValue,
            before: ["status": listing.status.rawValue], after: ["status": updated.status.rawValue])
        return updated
    }

    /// Expires published listings whose date has passed, at most `limit` per call (the scheduler
    /// calls again while there are more). Returns how many expired.
    public static func expireDue(_ tx: Transaction, services: ListingServices, limit: Int = 500) throws -> Int {
        let due = try ListingRowReader.fetchAll(
            tx.db.cachedStatement(sql: "SELECT * FROM listings WHERE status = 'published' AND expires_at <= ? ORDER BY expires_at LIMIT ?"),
            arguments: [tx.now, limit])
        for listing in due {
            // Saving a closed status cancels a pending edit with its review (`ListingPersistence`).
            let updated = try ListingPersistence.save(tx, try ListingPersistence.transition(listing, .expire, in: tx, services: services))
            try tx.audit(
                listing.communityID, actor: .system, action: "listing.expired", targetType: "listing", targetID: listing.id.rawValue,
                before: ["status": listing.status.rawValue], after: ["status": updated.status.rawValue])
            try ListingPersistence.emit(tx, "listing.expired", updated)
        }
        return due.count
    }

    // MARK: helpers

    /// A listing the principal may change as its owner would; 404 if they cannot even see it.
    ///
    /// Staff who registered it for a resident manage it while she is a resident (or they may
    /// register for staff, admins): once she takes a staff role they no longer act for her, as for
    /// her exchanges (`ExchangeAccess`) and consents (session 27 review: they kept editing,
    /// submitting and withdrawing what they had typed in for her). A suspended or banned owner's
    /// listing is still theirs to take down (`requireActive` refuses the rest). Nor once she has
    /// withdrawn a consent naming them since they registered it (helper 117: after "我自己来" the
    /// staff member still submitted and withdrew the listing they had posted for her).
    static func manageable(_ tx: Transaction, principal: Principal, id: ListingID) throws -> Listing {
        let listing = try ListingPersistence.fetchVisible(tx.db, principal: principal, id: id, now: tx.now)
        if listing.ownerID == principal.memberID { return listing }
        if try ListingPersistence.registeredAndStillActing(tx.db, listing, principal: principal) {
            let owner = try MemberCommands.fetch(tx.db, community: principal.communityID, id: listing.ownerID)
            if principal.can(.memberCreateStaff) || owner.role == .resident { return listing }
        }
        guard try ListingPersistence.actsForOwner(tx.db, of: listing, principal: principal, now: tx.now) else {
            // Registered by them, then she turned them away: say so, not "your role may not"
            // (helper 144 #11: the role does allow it; the withdrawn consent is why).
            if listing.isRegistered(by: principal) { try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: listing.ownerID) }
            throw DomainError.forbidden(.listingManageOthers)
        }
        return listing
    }

    /// `existing`: the listing being edited or submitted (nil for a new one).
    static func validated(
        _ tx: Transaction, principal: Principal, input: ListingInput, owner: Member, services: ListingServices, shown: [String] = [],
        existing: Listing? = nil
    ) throws -> ListingContent {
        let community = principal.communityID
        let rules = try services.rules.current(tx, community: community)
        let content = try input.validate(
            category: rules.category(input.categoryCode), now: tx.now, declaredCostMax: ListingRuleLimits.declaredCostMax(rules.ruleSet.listing))
        try ListingRuleLimits.check(content, policy: rules.ruleSet.listing)
        try checkStored(tx, principal: principal, content: content, owner: owner, services: services, shown: shown, existing: existing)
        return content
    }

    /// What validating content needs the database for: its photos were uploaded here and are not
    /// taken down (but for those the listing shows already, `shown`), and the owner may offer in
    /// its category.
    static func checkStored(
        _ tx: Transaction, principal: Principal, content: ListingContent, owner: Member, services: ListingServices, shown: [String] = [],
        existing: Listing? = nil
    ) throws {
        try ListingPersistence.checkPhotos(
            tx.db, principal: principal, owner: owner.id, creator: existing?.createdBy, named: existing?.content.photos ?? [],
            photos: content.photos, shown: shown)
        try checkProvider(tx, content: content, community: principal.communityID, owner: owner, services: services)
    }

    /// Categories such as child pick-up only take offers from real-name-verified members.
    static func checkProvider(
        _ tx: Transaction, content: ListingContent, community: CommunityID, owner: Member, services: ListingServices
    ) throws {
        guard content.direction == .offer, !owner.verified,
            let category = try services.category(tx, community: community, code: content.categoryCode),
            category.needsVerifiedProvider
        else { return }
        throw DomainError(code: "listing.provider_not_verified", category: .forbidden, parameters: category.problemParameters)
    }
}
