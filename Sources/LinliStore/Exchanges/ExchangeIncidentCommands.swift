import Foundation
import GRDB
import LinliDomain

/// When an exchange goes wrong: a no-show (penalty for the absent side), a dispute (hold frozen),
/// and a moderator's resolution of the dispute. Each is one transaction with postings, audit
/// entries and an outbox event.
public enum ExchangeIncidentCommands {
    /// A party reports that the other side did not turn up (or a moderator records who did not).
    /// The hold goes back to the payer, the listing is available again, and the absent member pays
    /// the rule file's penalty into the penalties account and gets a no-show mark. Only between the
    /// scheduled start plus the grace (or the acceptance plus the grace, for an exchange accepted
    /// late; 409 `exchange.too_early`) and the end of the confirmation period (409
    /// `exchange.confirmation_period_over`), so a no-show cannot undo an exchange that has in
    /// effect been confirmed, however late the scheduler runs.
    public static func noShow(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeNoShowInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        var check = FieldValidator()
        check.text(input.reason, at: "/reason", required: false, max: ExchangeLimits.reason)
        try check.finish()
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .noShow)
        // A no-show recorded in a resident's name costs the other side points and a mark: staff
        // say what happened, which the other side is told (helper 144 #3: recorded with `{}`).
        if access.actingFor != nil, FieldValidator.nonBlank(input.reason) == nil {
            throw DomainError.validation([FieldIssue("/reason", .required, ["reason": "exchange.no_show_reason_required"])])
        }
        var exchange = access.exchange
        let reporter = access.actingFor ?? principal.memberID
        let absent: MemberID
        if let named = input.absentMemberID {
            // A party can only report the other side; staff name either, unless they act as a
            // side (for her, by her consent or what they registered, or as a party themselves):
            // an admin acting for her must not record her as the absent one.
            let asSide = access.actingFor != nil || [exchange.payer, exchange.provider].contains(principal.memberID)
            let allowed = access.parties.contains(.moderator) && !asSide
                ? [exchange.payer, exchange.provider] : [exchange.counterpart(of: reporter)]
            guard allowed.contains(named) else { throw DomainError.validation([FieldIssue("/absent_member_id", .invalidValue, ["reason": "exchange.absent_not_other_party"])]) }
            absent = named
        } else if let other = exchange.counterpart(of: reporter) {
            absent = other
        } else {
            throw DomainError.validation([FieldIssue("/absent_member_id", .required)])
        }
        if !access.isInvolved(principal) {
            // A moderator recording someone else's no-show decides whose points move (the hold
            // back to the payer, the penalty from the absent side), so not for their own home,
            // as for a dispute's resolution; nor in an exchange they once acted in for a side.
            try LedgerOwnAccountGuard.check(tx.db, principal, members: [exchange.payer, exchange.provider], action: "no-show record")
            if try access.mayNotJudge(tx.db, principal) {
                throw DomainError(code: "exchange.not_your_part", category: .forbidden, parameters: ["event": "no_show", "allowed": "another moderator"])
            }
        }
        let community = exchange.communityID
        let rules = try services.rules(tx.db, for: exchange, at: tx.now)
        let earliest = rules.noShowReportableFrom(start: exchange.scheduledStart, end: exchange.scheduledEnd, acceptedAt: exchange.acceptedAt)
        guard tx.now >= earliest else {
            throw DomainError(
                code: "exchange.too_early", category: .conflict, parameters: ["grace_minutes": String(rules.noShowGraceMinutes)],
                instants: ["scheduled_start": exchange.scheduledStart, "earliest": earliest])
        }
        try checkConfirmationPeriod(exchange, rules: rules, now: tx.now)
        if access.isInvolved(principal) { try checkNeverDisputed(tx.db, exchange, by: reporter) }
        let acting = access.actor(actor)
        // An exchange accepted before its terms were kept (migration 0029) gets them now, while
        // the listing is still as agreed: the no-show puts it back on offer, and an overturn of
        // the no-show settles on them (`ExchangeAgreedTerms`).
        if try ExchangePersistence.agreedTerms(tx.db, exchange) == nil {
            let listing = try ListingPersistence.fetch(tx.db, community: exchange.communityID, id: exchange.listingID)
            // The file is named only when the listing's valuation is still the one held (helper
            // 116: a repeatable offer revalued since would name a file its points did not come from).
            try ExchangePersistence.recordAgreedTerms(
                tx, exchange, content: listing.content, valuation: listing.valuation.points == exchange.points ? listing.valuation : nil,
                rules: rules)
        }
        // The payer's statement line says why her held points came back, from her side (helper
        // 131: "the other side did not show up" on the statement of the payer marked absent).
        let refundReason = absent == exchange.payer ? "本人被登记未到场，交换结束，退回预留积分" : "对方爽约，退回预留积分"
        try ExchangeLedger.refundAndRelease(tx, exchange, step: "no-show", reason: refundReason, services: services, actor: acting)
        let penalty = rules.noShowPenaltyPoints
        if penalty > 0 {
            _ = try LedgerSettlementCommands.chargePenalty(
                tx, community: community, member: absent, points: penalty, reason: "交换爽约", reference: exchange.reference,
                idempotencyKey: ExchangeLedger.noShowPenaltyKey(exchange), actor: acting, limits: (try services.ledgerLimits(tx.db, community, at: tx.now)))
        }
        try ExchangePersistence.mark(tx, exchange, member: absent, kind: "no_show")
        let before = exchange.state
        exchange.state = next
        exchange.absentMember = absent
        exchange.closedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.no_show", actor: acting, before: before, reason: input.reason,
            extra: ["absent_member_id": absent.rawValue, "penalty_points": String(penalty)])
        try MemberNotifications.notify(
            tx, community: community, member: absent, kind: .noShowRecorded, subject: "exchange:\(exchange.id)",
            parameters: [
                "exchange_id": exchange.id.rawValue, "penalty": String(penalty), "contest_days": String(rules.noShowContestWindowDays),
                // Who recorded it, as the member reads it: the other side, or a moderator (helper 105).
                "recorded_by": access.isInvolved(principal) ? "party" : "moderator",
            ].merging(absent == exchange.payer ? ["refunded": String(exchange.points)] : [:]) { $1 }
                .merging(FieldValidator.nonBlank(input.reason).map { ["reason": $0] } ?? [:]) { $1 })
        if !access.isInvolved(principal), let present = exchange.counterpart(of: absent) {
            try MemberNotifications.notify(
                tx, community: community, member: present, kind: .otherSideNoShowRecorded, subject: "exchange:\(exchange.id)",
                parameters: [
                    "exchange_id": exchange.id.rawValue, "points": String(exchange.points),
                    "role": present == exchange.payer ? "payer" : "provider",
                ])
        }
        // The held points that came back to her, when she pays (helper 140: not said).
        try ExchangeCommands.tellOfStepForYou(
            tx, exchange, staff: principal, resident: access.actingFor, step: "no_show_reported", points: exchange.points,
            extra: access.actingFor == exchange.payer ? ["refunded": String(exchange.points)] : [:])
        return ExchangeOutcome(exchange: exchange)
    }

    /// A dispute says the two met and something went wrong (an item with a broken wheel, work
    /// badly done); withdrawn, it still said so. A no-show recorded after it by the side that
    /// disputed would refund the payer in full and penalise the other side without a moderator
    /// (helper 112: dispute, withdraw within the grace, then no-show). 409
    /// `exchange.disputed_before`: a moderator can still record what happened. Only the
    /// reporter's own dispute (hers, or staff's in her name) counts: a provider who did not come
    /// could otherwise open a dispute and withdraw it to keep the payer from reporting the
    /// no-show (helper 168 #4); the absentee may contest the no-show instead.
    static func checkNeverDisputed(_ db: Database, _ exchange: Exchange, by reporter: MemberID) throws {
        let disputed = try Bool.fetchOne(
            db, sql: """
                SELECT EXISTS (SELECT 1 FROM audit_entries WHERE community_id = ? AND target_type = 'exchange' AND target_id = ?
                                 AND action = 'exchange.disputed' AND COALESCE(on_behalf_of, actor_id) = ?)
                """,
            arguments: [exchange.communityID.rawValue, exchange.id.rawValue, reporter.rawValue]) ?? false
        if disputed {
            throw DomainError(code: "exchange.disputed_before", category: .conflict, parameters: ["exchange_id": exchange.id.rawValue])
        }
    }

    /// The confirmation period is the window for saying an exchange did not happen (a no-show) or
    /// went wrong (a dispute): past it, the exchange counts as confirmed even if the scheduler has
    /// not run yet (409 `exchange.confirmation_period_over`).
    static func checkConfirmationPeriod(_ exchange: Exchange, rules: ExchangeRules, now: Date) throws {
        let confirmedAt = exchange.autoConfirmAt(afterHours: rules.autoConfirmAfterHours)
        guard now < confirmedAt else {
            throw DomainError(
                code: "exchange.confirmation_period_over", category: .conflict,
                instants: ["confirmed_at": confirmedAt])
        }
    }

    /// A party objects before completion, within the confirmation period: the hold is frozen and
    /// automatic confirmation stops until a moderator resolves it.
    public static func dispute(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeReasonInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeParticipate)
        try input.validate(required: true)
        let (access, next) = try ExchangeAccess.step(tx, principal: principal, id: id, expectedVersion: expectedVersion, event: .dispute)
        var exchange = access.exchange
        // Help not yet given has nothing to dispute, and a decision to pay for it would pay and
        // count hours not served (helper 117): until the start the way out is cancelling.
        if exchange.listingKind != .item, tx.now < exchange.scheduledStart {
            throw DomainError(code: "exchange.dispute_too_early", category: .conflict, instants: ["scheduled_start": exchange.scheduledStart])
        }
        try checkConfirmationPeriod(exchange, rules: try services.rules(tx.db, for: exchange, at: tx.now), now: tx.now)
        let acting = access.actor(actor)
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try LedgerHoldCommands.freeze(tx, community: exchange.communityID, hold: try ExchangeLedger.holdID(exchange), reason: reason, actor: acting)
        let before = exchange.state
        exchange.state = next
        exchange.disputeReason = reason
        exchange.disputedBy = access.actingFor ?? principal.memberID
        exchange.disputedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.record(tx, exchange, event: "exchange.disputed", actor: acting, before: before, reason: reason)
        try ExchangePersistence.askModerator(tx, exchange, noShowContest: false)
        if let other = exchange.counterpart(of: exchange.disputedBy ?? principal.memberID) {
            // `by`: the side that disputed, as the other reads it (helper 131: a provider's dispute
            // read as a complaint about her service to the payer).
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: other, kind: .exchangeDisputed, subject: "exchange:\(exchange.id)",
                parameters: [
                    "exchange_id": exchange.id.rawValue, "kind": exchange.listingKind.rawValue,
                    "by": other == exchange.payer ? "provider" : "payer",
                ])
        }
        try ExchangeCommands.tellOfStepForYou(tx, exchange, staff: principal, resident: access.actingFor, step: "disputed", points: exchange.points)
        return ExchangeOutcome(exchange: exchange)
    }

    /// A moderator decides a dispute:
    /// - `compensate` (a defect that does not affect use): the hold pays the provider (less for a
    ///   time exchange the provider reported shorter, as in `ExchangeCompletionCommands.finish`),
    ///   the listing is exchanged, and the provider compensates the payer the ordered points, at
    ///   most what they were paid.
    /// - `refund` (unusable): the hold goes back to the payer and the provider gets a lost-dispute
    ///   mark. The item goes back to its owner: an `offer` listing (the provider's own item, found
    ///   unusable) is withdrawn rather than offered again as it is; a `request` listing (the payer's
    ///   need, still unmet) is published again.
    public static func resolve(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeResolutionInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> ExchangeOutcome {
        try principal.require(.exchangeResolve)
        let access = try ExchangeAccess.resolve(tx.db, principal: principal, id: id, now: tx.now)
        var exchange = access.exchange
        try ListingPersistence.checkVersion(exchange.version, expectedVersion)
        if try access.mayNotJudge(tx.db, principal) {
            // Nobody decides their own dispute, nor one in which they act for a resident (they
            // registered the listing or made the request for them, or hold or held her consent).
            throw DomainError(code: "exchange.not_your_part", category: .forbidden, parameters: ["event": "resolve", "allowed": "another moderator"])
        }
        let next = try access.require(.resolve)
        // Nor one between a housemate and someone else: either outcome moves points into their
        // home (`ledger.own_household`, as for a case's compensation).
        try LedgerOwnAccountGuard.check(tx.db, principal, members: [exchange.payer, exchange.provider], action: "dispute resolution")
        let community = exchange.communityID
        let listing = try ListingPersistence.fetch(tx.db, community: community, id: exchange.listingID)
        // A time exchange settles on the minutes it would without the dispute (the provider's
        // shorter report re-prices it, as automatic confirmation would), so a payer who disputed
        // does not pay more than one who kept quiet; compensation is bounded by that payment.
        let minutes = ExchangeCompletionCommands.unconfirmedMinutes(exchange, listing: listing)
        let plan = input.outcome == .compensate
            ? try ExchangeCompletionCommands.settlementPlan(tx, exchange, listing: listing, minutes: minutes, services: services)
            : .release(points: exchange.points)
        try input.validate(points: plan.paid)
        let limits = (try services.ledgerLimits(tx.db, community, at: tx.now))
        let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
        switch input.outcome {
        case .compensate:
            _ = try ExchangeLedger.settle(
                tx, exchange, plan: plan, minutes: minutes, step: "resolve", reason: "纠纷处理：支付提供方",
                services: services, actor: actor, audit: true)
            _ = try ListingCommands.applyExchangeEvent(tx, community: community, id: listing.id, event: .complete, services: services.listings, actor: actor)
            let points = input.compensationPoints ?? 0
            _ = try LedgerSettlementCommands.compensate(
                tx, community: community, from: exchange.provider, to: exchange.payer, points: points,
                reason: exchange.listingKind == .item ? "纠纷处理：瑕疵补偿" : "纠纷处理：服务不足补偿",
                reference: exchange.reference, idempotencyKey: "\(exchange.reference):resolve-compensation", actor: actor, limits: limits)
            exchange.settledPoints = plan.paid
            exchange.actualMinutes = minutes
            exchange.compensationPoints = points
        case .refund:
            _ = try LedgerHoldCommands.refund(
                tx, community: community, hold: try ExchangeLedger.holdID(exchange), reason: "纠纷处理：退回付款方",
                idempotencyKey: "\(exchange.reference):resolve-refund", actor: actor, limits: limits, audit: true)
            _ = try ListingCommands.applyExchangeEvent(tx, community: community, id: listing.id, event: .release, services: services.listings, actor: actor)
            // The unusable item goes back and its offer ends; a repeatable service stays offered
            // (the provider's credit pays for the failure; a moderator removes the offer if need be).
            if listing.content.direction == .offer, !listing.content.isRepeatable {
                _ = try ListingCommands.applyExchangeEvent(
                    tx, community: community, id: listing.id, event: .withdraw, services: services.listings, actor: actor)
            }
            try ExchangePersistence.mark(tx, exchange, member: exchange.provider, kind: "lost_dispute")
        }
        let before = exchange.state
        exchange.state = next
        exchange.resolution = input.outcome
        exchange.resolutionNote = note
        exchange.resolvedBy = principal.memberID
        exchange.resolvedAt = tx.now
        exchange.closedAt = tx.now
        exchange = try ExchangePersistence.save(tx, exchange)
        try ExchangePersistence.record(
            tx, exchange, event: "exchange.resolved", actor: actor, before: before, reason: note,
            extra: [
                "resolution": input.outcome.rawValue, "compensation_points": exchange.compensationPoints.map(String.init),
                "settled_points": exchange.settledPoints.map(String.init), "actual_minutes": exchange.actualMinutes.map(String.init),
            ])
        // Both sides hear the decision: it moves points and, for a refund, costs the provider credit.
        var told = ["exchange_id": exchange.id.rawValue, "outcome": input.outcome.rawValue, "note": note]
        told["points"] = exchange.compensationPoints.map(String.init)
        told["settled_points"] = exchange.settledPoints.map(String.init)
        // Items have defects and go back; a service was given short or not at all: the text says which.
        told["kind"] = exchange.listingKind.rawValue
        // Each side reads it in the second person, with the title and the points held (helper 131:
        // "the payer" and "the provider" left an elder to work out which one she was).
        told["title"] = listing.content.title
        told["held"] = String(exchange.points)
        for (member, role) in [(exchange.payer, "payer"), (exchange.provider, "provider")] {
            try MemberNotifications.notify(
                tx, community: community, member: member, kind: .disputeResolved, subject: "exchange:\(exchange.id)",
                parameters: told.merging(["role": role]) { $1 })
        }
        return ExchangeOutcome(exchange: exchange)
    }
}
