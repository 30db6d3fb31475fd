import Foundation
import GRDB
import LinliDomain

/// Starting and calling off exchanges: request, accept (points held, listing reserved), decline,
/// cancel (hold refunded, listing released). Each is one transaction with its audit entry and
/// outbox event; every state change goes through `ExchangeStateMachine`.
///
/// Ledger idempotency keys are derived from the exchange and the step (`exchange:exc_…:accept`),
/// so a step retried after a timeout can never move points twice.
public enum ExchangeCommands {
    /// A member answers a published listing. Station staff may answer for a resident with
    /// `requester_id`, though not on a listing of their own (403 `exchange.proxy_own_listing`);
    /// the audit log then names both. When she pays, a standing consent naming them or a `note`
    /// on how she agreed is required (422 reason `exchange.payment_note_required`).
    public static func request(
        _ tx: Transaction, principal: Principal, input: ExchangeRequestInput, services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        let requesterID = input.requesterID ?? principal.memberID
        if requesterID != principal.memberID { try principal.require(.exchangeManageOthers) }
        try input.validate(now: tx.now)
        let community = principal.communityID
        let listing: Listing
        do {
            listing = try ListingPersistence.fetchVisible(tx.db, principal: principal, id: input.listingID, now: tx.now)
        } catch let error as DomainError where error.category == .notFound {
            // A listing that was published and has since been taken (reserved, exchanged) or
            // taken down is "no longer available" (409), not "does not exist": a neighbour who
            // saw it yesterday should hear that someone else got there first. Listings never
            // published stay absent.
            if let unavailable = try? ListingPersistence.fetch(tx.db, community: community, id: input.listingID),
                unavailable.publishedAt != nil
            {
                try ExchangeGuards.checkAvailable(unavailable)
            }
            throw DomainError.validation([FieldIssue("/listing_id", .notFound)])
        }
        try ExchangeGuards.checkAvailable(listing)
        try ExchangeGuards.checkPoints(listing, limits: try services.ledgerLimits(tx.db, community, at: tx.now))
        try ExchangeGuards.checkWithinWindow(listing, start: input.scheduledStart, end: input.scheduledEnd)
        if requesterID != principal.memberID, listing.ownerID == principal.memberID {
            // Staff acting for a resident on their own listing would sit on both sides: the
            // resident would pay (or be reported absent by) the person who put them into it.
            throw DomainError(code: "exchange.proxy_own_listing", category: .forbidden, parameters: ["listing_id": listing.id.rawValue])
        }
        if requesterID != principal.memberID, let home = try ModerationConflict.housemate(tx.db, of: principal, among: [listing.ownerID]) {
            // Nor on a housemate's: the resident's points would go to the staff member's home.
            throw DomainError(
                code: "exchange.proxy_own_household", category: .forbidden,
                parameters: ["listing_id": listing.id.rawValue, "household_id": home.household])
        }
        guard let requester = try Member.fetchOne(
            tx.db.cachedStatement(sql: "SELECT * FROM members WHERE community_id = ? AND id = ?"),
            arguments: [community.rawValue, requesterID.rawValue])
        else { throw DomainError.validation([FieldIssue("/requester_id", .notFound)]) }
        // Station staff act for residents; acting as another staff member (an admin's points)
        // takes what registering one would, as for tokens.
        if requesterID != principal.memberID, requester.role != .resident, !principal.can(.memberCreateStaff) {
            throw DomainError(code: "exchange.proxy_for_staff", category: .forbidden, parameters: ["requester_id": requester.id.rawValue])
        }
        try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: requester.id)
        let owner = try MemberCommands.fetch(tx.db, community: community, id: listing.ownerID)
        let roles = Exchange.roles(direction: listing.content.direction, owner: owner.id, requester: requester.id)
        try ExchangeGuards.checkPeople(
            tx.db, community: community, requester: requester, owner: owner, provider: roles.provider,
            category: listing.content.categoryCode, now: tx.now, services: services.listings)
        try ExchangeGuards.checkNotRequestedAlready(tx.db, listing: listing, requester: requester.id, now: tx.now)
        try ExchangeGuards.checkOpenLimit(tx.db, community: community, member: requester, limit: (try services.rules(tx.db, community, at: tx.now)).maxOpenPerMember)
        try ExchangeGuards.checkSlotFree(tx.db, listing: listing, provider: roles.provider, start: input.scheduledStart, end: input.scheduledEnd)
        let note = FieldValidator.nonBlank(input.note)
        if requester.id != principal.memberID, roles.payer == requester.id, note == nil,
            try !ProxyConsents.holds(tx.db, community: community, agent: principal.memberID, member: requester.id, at: tx.now)
        {
            // Her points are spent on the desk's word: without a standing consent naming this
            // staff member (which has its own note, end and withdrawal), the desk says how she
            // agreed (helper 140 #9: any staff member could spend any resident's points).
            throw DomainError.validation([FieldIssue(
                "/note", .required, ["reason": "exchange.payment_note_required", "points": String(listing.valuation.points)])])
        }
        if roles.payer == requester.id {
            // The requester pays: one who cannot cover the points now hears it from their own
            // balance at once, instead of the owner meeting a refusal at acceptance. Staff asking
            // for a resident hear that the points cannot be held, not the resident's balance,
            // which they read only through a recorded read (session 30 walk), as an owner does
            // at acceptance.
            do {
                try ExchangeGuards.checkPayerCanCover(
                    tx.db, community: community, payer: requester.id, points: listing.valuation.points,
                    limits: try services.ledgerLimits(tx.db, community, at: tx.now))
            } catch let refusal as DomainError where refusal.code == "ledger.credit_limit_exceeded" && requester.id != principal.memberID {
                throw ExchangeGuards.requesterCannotCover(points: listing.valuation.points, payer: requester.id)
            }
        }
        let exchange = Exchange(
            id: tx.ids.next(), communityID: community, listingID: listing.id, listingKind: listing.content.kind,
            requester: requester.id, owner: owner.id, payer: roles.payer, provider: roles.provider, createdBy: principal.memberID,
            state: .requested, points: listing.valuation.points, scheduledStart: input.scheduledStart,
            scheduledEnd: input.scheduledEnd, message: input.message?.trimmingCharacters(in: .whitespacesAndNewlines),
            createdAt: tx.now, updatedAt: tx.now, version: 1)
        try ExchangePersistence.insert(tx.db, exchange)
        var recorded = ["listing_id": listing.id.rawValue, "payer_id": roles.payer.rawValue, "provider_id": roles.provider.rawValue]
        if requester.id != principal.memberID, let note { recorded["desk_note"] = note }
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.requested", actor: actor.acting(for: requester.id), before: nil, extra: recorded)
        try RegisteredForYouNotices.exchangeRequested(tx, exchange, title: listing.content.title, note: recorded["desk_note"])
        try ExchangePartyNotices.requested(tx, exchange, title: listing.content.title, requesterName: requester.displayName)
        return ExchangeOutcome(exchange: exchange)
    }

    /// The owner agrees: the listing's current valuation is held from the payer (refused below
    /// their credit limit) and the listing is reserved, unless it is a repeatable offer
    /// (`ListingContent.isRepeatable`), which stays open for other times. Refused once the requested time has ended
    /// (409 `exchange.schedule_passed`): the requester proposes a new time instead.
    public static func accept(
        _ tx: Transaction, principal: Principal, id: ExchangeID, expectedVersion: Int?, services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .accept)
        var exchange = access.exchange
        guard tx.now < exchange.scheduledEnd else {
            // The requested time is over: accepting now would hold the payer's points for a
            // meeting that can no longer happen, already past the point where the payer may
            // cancel and due for automatic confirmation at once.
            throw DomainError(
                code: "exchange.schedule_passed", category: .conflict,
                instants: ["scheduled_end": exchange.scheduledEnd])
        }
        let community = exchange.communityID
        let listing = try ListingPersistence.fetch(tx.db, community: community, id: exchange.listingID)
        try ExchangeGuards.checkAvailable(listing)
        // The request was inside the listing's window when made; an approved edit may have moved
        // it since, and the payer's points would be held for a session it no longer offers
        // (helper 187 #5). Not the request's fields to mend: a conflict, naming the new window.
        do {
            try ExchangeGuards.checkWithinWindow(listing, start: exchange.scheduledStart, end: exchange.scheduledEnd)
        } catch let error as DomainError where error.category == .invalidInput {
            throw DomainError(
                code: "exchange.window_moved", category: .conflict,
                instants: ["starts_at": listing.content.startAt ?? exchange.scheduledStart, "ends_at": listing.content.endAt ?? exchange.scheduledEnd])
        }
        try ExchangeGuards.checkSlotFree(
            tx.db, listing: listing, provider: exchange.provider, start: exchange.scheduledStart, end: exchange.scheduledEnd,
            accepting: exchange.id)
        let limits = try services.ledgerLimits(tx.db, community, at: tx.now)
        try ExchangeGuards.checkPoints(listing, limits: limits)
        try ExchangeGuards.checkPriceAgreed(listing, exchange)
        let requester = try MemberCommands.fetch(tx.db, community: community, id: exchange.requester)
        let owner = try MemberCommands.fetch(tx.db, community: community, id: exchange.owner)
        try ExchangeGuards.checkPeople(
            tx.db, community: community, requester: requester, owner: owner, provider: exchange.provider,
            category: listing.content.categoryCode, now: tx.now, services: services.listings)
        try ExchangeGuards.checkOpenLimit(tx.db, community: community, member: owner, limit: (try services.rules(tx.db, community, at: tx.now)).maxOpenPerMember)
        let acting = access.actor(actor)
        _ = try ListingCommands.applyExchangeEvent(tx, listing: listing, event: .reserve, services: services.listings, actor: acting)
        let held: LedgerHoldCommands.Outcome
        do {
            held = try LedgerHoldCommands.place(
                tx, community: community, payer: exchange.payer, amount: listing.valuation.points,
                reason: "交换「\(listing.content.title)」", reference: exchange.reference, idempotencyKey: "\(exchange.reference):accept",
                actor: acting, limits: limits, audit: access.actingFor != nil)
        } catch let refusal as DomainError
            where refusal.code == "ledger.credit_limit_exceeded" && (!access.parties.contains(.payer) || access.actingFor != nil)
        {
            // The owner accepting is not the payer, or staff accept for the payer: the payer's
            // balance is theirs alone (read only through a recorded read), so the one accepting
            // hears that the points cannot be held, not how many the neighbour has (as staff
            // requesting for a resident do, session 30 review).
            throw ExchangeGuards.payerCannotCover(points: listing.valuation.points, payer: exchange.payer)
        }
        let before = exchange.state
        exchange.state = next
        exchange.points = held.hold.amount
        exchange.holdID = held.hold.id
        exchange.acceptedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.recordAgreedTerms(
            tx, exchange, content: listing.content, valuation: listing.valuation,
            rules: try services.rules(tx.db, exchange.communityID, at: tx.now))
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.accepted", actor: acting, before: before, extra: ["hold_id": held.hold.id.rawValue],
            listing: (listing.content.title, listing.content.isRepeatable))
        try ExchangeFreezes.freezeIfHeld(tx, exchange)
        try tellOfStepForYou(tx, exchange, staff: principal, resident: access.actingFor, step: "accepted", points: exchange.points)
        try ExchangePartyNotices.accepted(tx, exchange, title: listing.content.title)
        if !listing.content.isRepeatable { try ExchangePartyNotices.promisedToAnother(tx, exchange, title: listing.content.title) }
        return ExchangeOutcome(exchange: exchange, warnings: held.warnings, actingFor: access.actingFor)
    }

    /// The owner says no. Nothing was held, so nothing moves.
    /// - Parameter input: an optional word to the requester (helper 131: "已经有人帮忙了" was
    ///   sent and dropped), told with the decline and audited.
    public static func decline(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeReasonInput = ExchangeReasonInput(), expectedVersion: Int?,
        actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        try input.validate(required: false)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .decline)
        var exchange = access.exchange
        let before = exchange.state
        exchange.state = next
        exchange.closedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.declined", actor: access.actor(actor), before: before, reason: reason?.isEmpty == false ? reason : nil)
        try tellRequesterOfDecline(tx, exchange, cause: "owner", reason: reason)
        // What was said to the neighbour in her name is in her own notice too (helper 140).
        try tellOfStepForYou(
            tx, exchange, staff: principal, resident: access.actingFor, step: "declined", points: exchange.points,
            extra: reason?.isEmpty == false ? ["reason": reason!] : [:])
        return ExchangeOutcome(exchange: exchange)
    }

    /// The requester hears that her request is closed and why (`exchange_declined`:
    /// `exchange_id`, `title`, `cause` owner / time_passed / listing_unavailable); she would
    /// otherwise wait on it (helper 112: the scheduler's closing told nobody).
    static func tellRequesterOfDecline(_ tx: Transaction, _ exchange: Exchange, cause: String, reason: String? = nil) throws {
        let title = try ListingPersistence.fetch(tx.db, community: exchange.communityID, id: exchange.listingID).content.title
        var parameters = ["exchange_id": exchange.id.rawValue, "title": title, "cause": cause]
        if let reason, !reason.isEmpty { parameters["reason"] = reason }
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: exchange.requester, kind: .exchangeDeclined, subject: "exchange:\(exchange.id)",
            parameters: parameters)
    }

    /// Closes the requests still waiting on a listing that can no longer be exchanged (exchanged,
    /// withdrawn, removed or expired): each is declined by the system, audited, and announced, so
    /// the neighbours who asked hear that it is gone instead of waiting on it (and it stops
    /// counting against their open-exchange limit).
    static func declineWaitingRequests(_ tx: Transaction, community: CommunityID, listing: ListingID, reason: String) throws {
        let waiting = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: "SELECT * FROM exchanges WHERE community_id = ? AND listing_id = ? AND state = 'requested'"),
            arguments: [community.rawValue, listing.rawValue])
        try declineBySystem(tx, waiting, reason: reason, cause: "listing_unavailable")
    }

    /// Tells each neighbour whose request waits on `listing` that what they asked for has just
    /// changed (an edit approved by a moderator, or applied at once for a trusted member: a defect
    /// now described, another price), so they look again before the owner accepts instead of
    /// learning it at the hand-over (`requested_listing_changed`). A price raised against them is
    /// refused at acceptance anyway (`exchange.price_changed`); this tells them why, and in time
    /// to cancel.
    ///
    /// The neighbours already booked on a repeatable offer (accepted or disputed) are told too
    /// (`booked_listing_changed`): such an offer stays published, so its wording, photos or place
    /// can change before their session (what it settles on cannot: `ListingBookings`).
    static func tellNeighboursOfChange(_ tx: Transaction, before: Listing, after: Listing) throws {
        let waiting = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: """
                SELECT * FROM exchanges WHERE community_id = ? AND listing_id = ? AND state IN ('requested', 'accepted', 'disputed')
                ORDER BY id
                """),
            arguments: [after.communityID.rawValue, after.id.rawValue])
        for exchange in waiting {
            var parameters = [
                "exchange_id": exchange.id.rawValue, "listing_id": after.id.rawValue, "title": after.content.title,
                "requested_points": String(exchange.points), "current_points": String(after.valuation.points),
            ]
            if before.content.title != after.content.title { parameters["previous_title"] = before.content.title }
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: exchange.requester,
                kind: exchange.state == .requested ? .requestedListingChanged : .bookedListingChanged,
                subject: "exchange:\(exchange.id)", parameters: parameters)
        }
    }

    /// Tells each neighbour whose request waits on `listing` that a rule change moved its points
    /// (`requested_listing_changed` with `cause: rules`): raised against them, the owner's
    /// acceptance is refused (`exchange.price_changed`) and the request sat there unexplained
    /// (session 30 walk); lowered, they learn what they will be held. Bookings keep their agreed
    /// points and are not told.
    static func tellRequestersOfRevaluation(_ tx: Transaction, before: Listing, after: Listing) throws {
        let waiting = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: "SELECT * FROM exchanges WHERE community_id = ? AND listing_id = ? AND state = 'requested' ORDER BY id"),
            arguments: [after.communityID.rawValue, after.id.rawValue])
        for exchange in waiting where exchange.points != after.valuation.points {
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: exchange.requester, kind: .requestedListingChanged,
                subject: "exchange:\(exchange.id)",
                parameters: [
                    "exchange_id": exchange.id.rawValue, "listing_id": after.id.rawValue, "title": after.content.title,
                    "requested_points": String(exchange.points), "current_points": String(after.valuation.points), "cause": "rules",
                ])
        }
    }

    /// Declines up to `limit` requests whose requested time has ended (they can no longer be
    /// accepted: `exchange.schedule_passed`), oldest first, so they stop counting against their
    /// requesters' open-exchange limits; the scheduler calls again while there are more. Returns
    /// how many it declined.
    public static func declineStaleRequests(_ tx: Transaction, limit: Int = 200) throws -> Int {
        let stale = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: "SELECT * FROM exchanges WHERE state = 'requested' AND scheduled_end <= ? ORDER BY scheduled_end, id LIMIT ?"),
            arguments: [tx.now, limit])
        try declineBySystem(tx, stale, reason: "requested time passed", cause: "time_passed")
        return stale.count
    }

    /// Each request declined by the system, audited and announced with `reason`.
    private static func declineBySystem(_ tx: Transaction, _ requests: [Exchange], reason: String, cause: String) throws {
        for var exchange in requests {
            exchange.state = try ExchangeStateMachine.next(from: exchange.state, on: .decline)
            exchange.closedAt = tx.now
            exchange = try ExchangePersistence.save(tx, exchange)
            try ExchangePersistence.record(tx, exchange, event: "exchange.declined", actor: .system, before: .requested, reason: reason)
            try tellRequesterOfDecline(tx, exchange, cause: cause)
        }
    }

    /// Either side calls it off before it took place: a hold goes back to the payer and a
    /// reserved listing is available again. After the scheduled start only the provider may, and
    /// only until a no-show can be reported (`Exchange.checkCancellable`).
    public static func cancel(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeReasonInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        try input.validate(required: false)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .cancel)
        // The rules are read only when they decide (a provider after the start): a cancellation
        // before it needs none, and goes on while the rules in force cannot be read.
        let started = access.exchange
        let acceptedLate = (started.acceptedAt ?? started.scheduledStart) > started.scheduledStart
        let noShowFrom = started.state == .accepted && tx.now >= started.scheduledStart && (access.parties.contains(.provider) || acceptedLate)
            ? try services.rules(tx.db, for: started, at: tx.now).noShowReportableFrom(
                start: started.scheduledStart, end: started.scheduledEnd, acceptedAt: started.acceptedAt)
            : Date.distantFuture
        try started.checkCancellable(by: access.parties, at: tx.now, noShowFrom: noShowFrom)
        // A suspended or banned owner calls off what she agreed to, not a neighbour's request she
        // never answered: that would be declining it, which waits for her good standing as
        // `decline` does (helper 190 #7).
        if started.state == .requested, access.parties.contains(.owner) {
            let active = try access.actingFor.map { try MemberCommands.fetch(tx.db, community: started.communityID, id: $0).isActive(at: tx.now) }
                ?? principal.active
            if !active { throw DomainError.memberInactive }
        }
        var exchange = access.exchange
        let acting = access.actor(actor)
        let refunded = exchange.state == .accepted ? exchange.points : nil
        if refunded != nil {
            try ExchangeLedger.refundAndRelease(tx, exchange, step: "cancel", reason: "交换取消，退回预留积分", services: services, actor: acting)
        }
        let before = exchange.state
        exchange.state = next
        exchange.closedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.record(tx, exchange, event: "exchange.cancelled", actor: acting, before: before, reason: input.reason)
        try tellOfCancellation(tx, exchange, by: principal, actingFor: access.actingFor, reason: input.reason, refunded: refunded)
        return ExchangeOutcome(exchange: exchange)
    }

    /// Tells a resident that station staff took a step of her exchange in her name
    /// (`exchange_step_for_you`: accepted, completed, minutes reported, disputed, no-show recorded,
    /// declined): her points were held, paid or frozen by someone else's hand.
    static func tellOfStepForYou(
        _ tx: Transaction, _ exchange: Exchange, staff: Principal, resident: MemberID?, step: String, points: Int,
        extra: [String: String] = [:]
    ) throws {
        guard let resident, resident != staff.memberID else { return }
        let title = try ListingPersistence.fetch(tx.db, community: exchange.communityID, id: exchange.listingID).content.title
        let name = try MemberCommands.fetch(tx.db, community: exchange.communityID, id: staff.memberID).displayName
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: resident, kind: .exchangeStepForYou, subject: "exchange:\(exchange.id)",
            parameters: [
                "exchange_id": exchange.id.rawValue, "title": title, "staff_name": name, "step": step, "points": String(points),
                "role": exchange.payer == resident ? "payer" : "provider",
            ].merging(extra) { $1 })
    }

    /// Who hears of a cancellation (helper 112: nobody did): the other side, and the resident
    /// in whose name station staff called it off (as she heard of the request they made for her).
    /// `exchange_cancelled`: `exchange_id`, `title`, `starts_at`, `role` (the reader's: payer or
    /// provider), `refunded` (the points held that went back, when any were), `by` (`other_side`,
    /// or `staff_for_you` with `staff_name`), `reason` when given. A moderator's step is not a
    /// cancellation.
    static func tellOfCancellation(
        _ tx: Transaction, _ exchange: Exchange, by principal: Principal, actingFor: MemberID?, reason: String?, refunded: Int?
    ) throws {
        let side = actingFor ?? principal.memberID
        let title = try ListingPersistence.fetch(tx.db, community: exchange.communityID, id: exchange.listingID).content.title
        var base = ["exchange_id": exchange.id.rawValue, "title": title, "starts_at": try ExchangePartyNotices.localStart(tx, exchange)]
        if let refunded { base["refunded"] = String(refunded) }
        if let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty { base["reason"] = reason }
        let subject = "exchange:\(exchange.id)"
        func tell(_ member: MemberID, _ extra: [String: String]) throws {
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: member, kind: .exchangeCancelled, subject: subject,
                parameters: base.merging(extra) { $1 }.merging(["role": exchange.payer == member ? "payer" : "provider"]) { $1 })
        }
        if let other = exchange.counterpart(of: side) { try tell(other, ["by": "other_side"]) }
        if let resident = actingFor, resident != principal.memberID {
            let staff = try MemberCommands.fetch(tx.db, community: exchange.communityID, id: principal.memberID).displayName
            try tell(resident, ["by": "staff_for_you", "staff_name": staff])
        }
    }
}
