import Foundation
import GRDB
import LinliDomain

/// Completing an exchange: by the payer's confirmation, or automatically once the rule file's
/// confirmation period after the scheduled end has passed without a dispute. The hold pays the
/// provider (re-valued from the actual minutes for time exchanges when the rules say so) and the
/// listing is marked exchanged.
public enum ExchangeCompletionCommands {
    /// The payer (or staff acting for them) confirms. Time exchanges state the actual minutes.
    /// Time and skills only from their scheduled start (409 `exchange.complete_too_early`); the
    /// resident hears of a confirmation staff made in her name (`exchange_step_for_you`).
    public static func complete(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeCompletionInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .complete)
        try input.validate(kind: access.exchange.listingKind)
        let exchange = access.exchange
        // Time and skills are served at their time: confirmed before it, the points were paid and
        // hours served counted for help that had not happened (helper 114). An item may be handed
        // over whenever the two meet.
        if exchange.listingKind != .item, tx.now < exchange.scheduledStart {
            throw DomainError(code: "exchange.complete_too_early", category: .conflict, instants: ["scheduled_start": exchange.scheduledStart])
        }
        let listing = try ListingPersistence.fetch(tx.db, community: exchange.communityID, id: exchange.listingID)
        let outcome = try finish(
            tx, exchange, listing: listing, to: next, minutes: input.actualMinutes, event: .complete, services: services,
            actor: access.actor(actor), audit: access.actingFor != nil)
        try ExchangeCommands.tellOfStepForYou(
            tx, outcome.exchange, staff: principal, resident: access.actingFor, step: "completed",
            points: outcome.exchange.settledPoints ?? outcome.exchange.points)
        try ExchangePartyNotices.completed(tx, outcome.exchange, title: listing.content.title)
        return outcome
    }

    /// The provider of an accepted time exchange (or staff acting for them) reports the minutes
    /// they worked, once the scheduled start has passed; again to correct it. The payer then
    /// confirms no fewer (`ExchangeMinutes`), and automatic confirmation settles on a report
    /// shorter than the scheduled window. Nothing moves in the ledger.
    ///
    /// - Throws: 403 `exchange.not_your_part` (not the provider), 409 `exchange.invalid_transition`
    ///   (not accepted), 422 at `/minutes` (missing, out of range, or not a time exchange), 409
    ///   `exchange.minutes_too_early`.
    public static func reportMinutes(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeMinutesInput, expectedVersion: Int?, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .reportMinutes)
        var exchange = access.exchange
        let minutes = try input.validatedMinutes(kind: exchange.listingKind)
        guard tx.now >= exchange.scheduledStart else {
            throw DomainError(
                code: "exchange.minutes_too_early", category: .conflict,
                instants: ["scheduled_start": exchange.scheduledStart])
        }
        // A report goes no further than a confirmation may (session 30 review: a month reported and
        // confirmed still counted a month of hours served): longer work is a moderator's to weigh.
        let listing = try ListingPersistence.fetch(tx.db, community: exchange.communityID, id: exchange.listingID)
        try ExchangeMinutes.checkWithinCeiling(
            minutes, at: "/minutes", scheduled: scheduledMinutes(exchange), listed: listedMinutes(exchange, listing))
        let previous = exchange.reportedMinutes
        exchange.reportedMinutes = minutes
        exchange.state = next
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.minutes_reported", actor: access.actor(actor), before: access.exchange.state,
            extra: ["reported_minutes": String(minutes), "previous_reported_minutes": previous.map(String.init)])
        try ExchangeCommands.tellOfStepForYou(
            tx, exchange, staff: principal, resident: access.actingFor, step: "minutes_reported", points: exchange.points,
            extra: ["minutes": String(minutes)])
        try ExchangePartyNotices.minutesReported(
            tx, exchange, title: listing.content.title, minutes: minutes, floor: unconfirmedMinutes(exchange, listing: listing) ?? minutes)
        return ExchangeOutcome(exchange: exchange)
    }

    /// Confirms one accepted exchange whose confirmation period has passed. Returns nil (and
    /// changes nothing) when it is no longer due: disputed, completed or cancelled meanwhile.
    /// Time exchanges are settled on `unconfirmedMinutes`.
    public static func autoConfirm(
        _ tx: Transaction, community: CommunityID, id: ExchangeID, services: ExchangeServices
    ) throws -> ExchangeOutcome? {
        let exchange = try ExchangePersistence.fetch(tx.db, community: community, id: id)
        let hours = (try services.rules(tx.db, for: exchange, at: tx.now)).autoConfirmAfterHours
        guard exchange.state == .accepted, exchange.autoConfirmAt(afterHours: hours) <= tx.now,
            try ExchangeFreezes.frozenBy(tx.db, community: community, exchange: id) == nil
        else { return nil }
        let next = try ExchangeStateMachine.next(from: exchange.state, on: .autoConfirm)
        let listing = try ListingPersistence.fetch(tx.db, community: community, id: exchange.listingID)
        let outcome = try finish(
            tx, exchange, listing: listing, to: next, minutes: unconfirmedMinutes(exchange, listing: listing), event: .autoConfirm,
            services: services, actor: .system, audit: true)
        try tellBothOfAutomaticConfirmation(tx, outcome.exchange, title: listing.content.title)
        return outcome
    }

    /// The service moved both sides' points without either asking (helper 112): each hears what
    /// was settled (`exchange_auto_confirmed`: `points` paid, `held` the points held, `role`
    /// payer or provider), so a payer whose hold was re-priced on hours learns the refund too.
    static func tellBothOfAutomaticConfirmation(_ tx: Transaction, _ exchange: Exchange, title: String) throws {
        let settled = exchange.settledPoints ?? exchange.points
        for (member, role) in [(exchange.payer, "payer"), (exchange.provider, "provider")] {
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: member, kind: .exchangeAutoConfirmed, subject: "exchange:\(exchange.id)",
                parameters: [
                    "exchange_id": exchange.id.rawValue, "title": title, "points": String(settled), "held": String(exchange.points),
                    "role": role,
                ])
        }
    }

    /// The minutes a time exchange settles on when the payer did not state them (automatic
    /// confirmation, a dispute resolved by payment, an overturned no-show): `ExchangeMinutes.automatic`
    /// over the scheduled window, the listing's duration and the provider's report. Nil for items
    /// and skills.
    static func unconfirmedMinutes(_ exchange: Exchange, listing: Listing) -> Int? {
        guard exchange.listingKind == .time else { return nil }
        return ExchangeMinutes.automatic(
            reported: exchange.reportedMinutes, scheduled: scheduledMinutes(exchange), listed: listedMinutes(exchange, listing))
    }

    /// The duration the hold was valued on (`ListingContent.valuedMinutes`), or the scheduled
    /// window for a listing that states none.
    static func listedMinutes(_ exchange: Exchange, _ listing: Listing) -> Int {
        listing.content.valuedMinutes ?? scheduledMinutes(exchange)
    }

    /// Accepted exchanges whose scheduled end has passed, oldest first: the candidates for
    /// automatic confirmation (`autoConfirm` decides per community whether each is due). Those
    /// pushed back by a withdrawn dispute are left out until their resume time, so they cannot
    /// fill a batch with exchanges that are not due; exchanges whose points a fraud-signal case
    /// froze wait for the moderator and are not candidates either.
    public static func candidates(_ db: Database, now: Date, limit: Int = 200) throws -> [(CommunityID, ExchangeID)] {
        try candidatePage(db, now: now, after: nil, limit: limit).items
    }

    /// One page of `candidates`, after `after` (the previous page's `next`) in (scheduled end, id)
    /// order. The scheduler walks every page in a round, so candidates that are not due yet in
    /// their community, or that fail to settle, cannot hold the ones behind them back for ever.
    ///
    /// With `services`, the page keeps only the candidates whose confirmation period has ended
    /// (`Exchange.autoConfirmAt`; the period agreed at acceptance, `AgreedExchangeRules`, else
    /// their community's rules in force), so the scheduler does not open a
    /// write transaction for each exchange of the last `auto_confirm_after_hours` only to find it
    /// not due; `next` still moves past every row read. A candidate whose rules cannot be read is
    /// kept: `autoConfirm` then fails on it and the failure is logged rather than hidden.
    public static func candidatePage(
        _ db: Database, now: Date, after: ExchangeCandidateCursor?, limit: Int = 200, services: ExchangeServices? = nil
    ) throws -> (items: [(CommunityID, ExchangeID)], next: ExchangeCandidateCursor?) {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT community_id, id, scheduled_end, auto_confirm_resume_at, agreed_terms_json FROM exchanges e
                WHERE state = 'accepted' AND scheduled_end <= ? AND (scheduled_end, id) > (?, ?)
                    AND (auto_confirm_resume_at IS NULL OR auto_confirm_resume_at <= ?)
                    AND NOT EXISTS (SELECT 1 FROM exchange_freezes f
                                    WHERE f.community_id = e.community_id AND f.exchange_id = e.id AND f.lifted_at IS NULL)
                ORDER BY scheduled_end, id LIMIT ?
                """),
            arguments: [now, after?.scheduledEnd ?? "", after?.id ?? "", now, limit])
        let next = rows.count == limit ? rows.last.map { ExchangeCandidateCursor(scheduledEnd: $0["scheduled_end"], id: $0["id"]) } : nil
        var items: [(CommunityID, ExchangeID)] = []
        var hoursByCommunity: [String: Int?] = [:]
        for row in rows {
            let community = CommunityID(trusted: row["community_id"])
            if let services {
                let agreed = (try? ExchangePersistence.agreedTerms(json: row["agreed_terms_json"]))??.rules
                let hours = agreed?.autoConfirmAfterHours ?? hoursByCommunity[community.rawValue] ?? {
                    let hours = try? services.rules(db, community, at: now).autoConfirmAfterHours
                    hoursByCommunity[community.rawValue] = hours
                    return hours
                }()
                if let hours, Exchange.autoConfirmAt(scheduledEnd: row["scheduled_end"], resumeAt: row["auto_confirm_resume_at"], afterHours: hours) > now {
                    continue
                }
            }
            items.append((community, ExchangeID(trusted: row["id"])))
        }
        return (items, next)
    }

    /// What the provider of `exchange` is paid for `minutes`: the hold, or less for fewer minutes
    /// than listed when the rules recompute time from actual hours. Only fewer minutes are valued:
    /// more are capped at the hold anyway, and the rules refuse durations longer than a week while
    /// an exchange may last a month (automatic confirmation of one would fail on every run).
    static func settlementPlan(
        _ tx: Transaction, _ exchange: Exchange, listing: Listing, minutes: Int?, services: ExchangeServices
    ) throws -> ExchangeSettlementPlan {
        let listed = listedMinutes(exchange, listing)
        var recomputed: Int?
        if exchange.listingKind == .time, let minutes, minutes < listed,
            (try services.rules(tx.db, for: exchange, at: tx.now)).recomputeTimeFromActualHours
        {
            recomputed = try repriced(
                tx, held: exchange.points, listing: listing, minutes: minutes, listed: listed,
                under: try repricingRules(tx, exchange, services: services), services: services)
        }
        return ExchangeSettlementPlan.plan(held: exchange.points, recomputed: recomputed)
    }

    /// The held points scaled by how `rules` value `minutes` against the listed duration, on the
    /// exact values and rounded once with the file's mode (`CompiledRuleSet.scale`), so the market
    /// moving since acceptance changes nothing.
    /// When those rules cannot value the listing at all (its category is not in that file), by
    /// the minutes themselves: the exchange must still settle, and a time bank's own measure is
    /// the hour.
    static func repriced(
        _ tx: Transaction, held: Int, listing: Listing, minutes: Int, listed: Int, under rules: CommunityRules, services: ExchangeServices
    ) throws -> Int? {
        do {
            return try services.listings.scaled(
                tx, held: held, actual: listing.content.lasting(minutes: minutes), scheduled: listing.content, under: rules)
        } catch let error as DomainError where error.category == .invalidInput {
            return ExchangeSettlementPlan.scaled(held: held, actual: minutes, scheduled: listed)
        }
    }

    /// The rules that re-price fewer minutes: the file whose valuation the held points are
    /// (`ExchangeAgreedTerms.ruleSetHash`), so a file activated since acceptance changes nothing;
    /// the one in force for terms kept before that was recorded, or when that file no longer
    /// compiles (edited in the database, or stored before a stricter check).
    static func repricingRules(_ tx: Transaction, _ exchange: Exchange, services: ExchangeServices) throws -> CommunityRules {
        let rules = services.listings.rules
        if let hash = try ExchangePersistence.agreedTerms(tx.db, exchange)?.ruleSetHash,
            let agreed = try? rules.withContent(tx.db, community: exchange.communityID, hash: hash)
        {
            return agreed
        }
        return try rules.current(tx, community: exchange.communityID)
    }

    static func scheduledMinutes(_ exchange: Exchange) -> Int {
        max(1, Int(exchange.scheduledEnd.timeIntervalSince(exchange.scheduledStart) / 60))
    }

    static func finish(
        _ tx: Transaction, _ original: Exchange, listing: Listing, to next: ExchangeState, minutes: Int?, event: ExchangeEvent,
        services: ExchangeServices, actor: AuditActor, audit: Bool
    ) throws -> ExchangeOutcome {
        var exchange = original
        if event == .complete, exchange.listingKind == .time, let minutes {
            // The payer's word alone does not shorten the service below what was agreed.
            try ExchangeMinutes.checkConfirmation(
                actual: minutes, reported: exchange.reportedMinutes, scheduled: scheduledMinutes(exchange),
                listed: listedMinutes(exchange, listing))
        }
        let plan = try settlementPlan(tx, exchange, listing: listing, minutes: minutes, services: services)
        let warnings = try ExchangeLedger.settle(
            tx, exchange, plan: plan, minutes: minutes, step: "complete", reason: "交换完成「\(listing.content.title)」",
            services: services, actor: actor, audit: audit)
        // The listing's save also declines the requests still waiting on it (`ListingPersistence`).
        _ = try ListingCommands.applyExchangeEvent(tx, listing: listing, event: .complete, services: services.listings, actor: actor)
        exchange.state = next
        exchange.actualMinutes = minutes
        exchange.settledPoints = plan.paid
        exchange.closedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        var extra: [String: String?] = [
            "settled_points": String(plan.paid), "actual_minutes": minutes.map(String.init),
            "confirmed": event == .autoConfirm ? "automatic" : "payer",
        ]
        if case .refundAndPay = plan {
            // Re-priced for fewer minutes: which rules valued the minutes, as every valuation
            // records its version (the settlement transfer itself names only the exchange).
            let rules = try repricingRules(tx, exchange, services: services)
            extra["repriced_by_rule_set"] = "\(rules.version) \(rules.contentHash)"
        }
        try ExchangePersistence.record(tx, exchange, event: "exchange.completed", actor: actor, before: original.state, extra: extra)
        return ExchangeOutcome(exchange: exchange, warnings: warnings, actingFor: actor.onBehalfOf)
    }
}
