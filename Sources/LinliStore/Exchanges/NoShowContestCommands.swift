import Foundation
import GRDB
import LinliDomain

/// Contesting a no-show and deciding the contest. A no-show is recorded on one side's word; this
/// is the other side's one chance to say otherwise, judged by someone with no stake in it.
public enum NoShowContestCommands {
    /// The member named absent (or station staff acting for them) contests the no-show, once,
    /// within `exchange.no_show_contest_window_days` of it. Nothing moves yet: the penalty and the
    /// mark stand until a moderator decides.
    ///
    /// - Throws: 409 `exchange.invalid_transition` (not a no-show), 403 `exchange.not_absent_member`,
    ///   409 `exchange.contest_exists`, 409 `exchange.contest_window_closed`.
    public static func contest(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: ExchangeReasonInput, services: ExchangeServices,
        actor: AuditActor
    ) throws -> NoShowContest {
        try principal.require(.exchangeParticipate)
        try input.validate(required: true)
        // Her objection to the no-show: staff she registered work with, or who hold her consent,
        // make it for her while she is suspended or banned, as a dispute (helper 174 #2).
        let access = try ExchangeAccess.resolve(tx.db, principal: principal, id: id, now: tx.now, objecting: true)
        let exchange = access.exchange
        guard exchange.state == .noShow, let absent = exchange.absentMember else {
            throw DomainError(
                code: "exchange.invalid_transition", category: .conflict,
                parameters: ["current_state": exchange.state.rawValue, "event": "contest_no_show"])
        }
        guard (access.actingFor ?? principal.memberID) == absent else {
            throw DomainError(code: "exchange.not_absent_member", category: .forbidden, parameters: ["absent_member_id": absent.rawValue])
        }
        if try NoShowContestPersistence.fetch(tx.db, community: exchange.communityID, exchange: id) != nil {
            throw DomainError(code: "exchange.contest_exists", category: .conflict, parameters: ["id": id.rawValue])
        }
        let rules = try services.rules(tx.db, for: exchange, at: tx.now)
        try NoShowContestState.requireWithinWindow(
            noShowAt: exchange.closedAt ?? exchange.updatedAt, now: tx.now, windowDays: rules.noShowContestWindowDays)
        let penalty = try LedgerTransfers.fetch(tx.db, community: exchange.communityID, idempotencyKey: ExchangeLedger.noShowPenaltyKey(exchange))
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let contest = NoShowContest(
            exchangeID: id, communityID: exchange.communityID, absentMember: absent, createdBy: principal.memberID, reason: reason,
            state: .open, penaltyTransferID: penalty?.id, createdAt: tx.now, updatedAt: tx.now, version: 1)
        try NoShowContestPersistence.insert(tx.db, contest)
        try NoShowContestPersistence.record(
            tx, contest, event: "exchange.no_show_contested", actor: access.actor(actor), before: nil, reason: reason)
        try ExchangePersistence.askModerator(tx, exchange, noShowContest: true)
        if let present = exchange.counterpart(of: absent) {
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: present, kind: .noShowContestedAgainstYou, subject: "exchange:\(id)",
                parameters: ["exchange_id": id.rawValue])
        }
        // Her one contest, made in her name: she hears it before its outcome (helper 140: the
        // first she heard was that "her" contest failed).
        try ExchangeCommands.tellOfStepForYou(
            tx, exchange, staff: principal, resident: access.actingFor, step: "no_show_contested", points: exchange.points,
            extra: ["reason": reason])
        return contest
    }

    /// A moderator decides. `upheld`: the no-show stands. `overturned`: the penalty transfer is
    /// reversed by a reversal transfer (the ledger is append-only) and the no-show mark is voided,
    /// so the credit score stops counting it. When the member wrongly named absent was the
    /// provider, the provider was there, so the service the hold was for took place: the payer
    /// pays them the held points (`payProvider`). When it was the payer, the hold refund stands:
    /// whoever did not turn up, the payer received nothing to pay for.
    ///
    /// An overturn waits while a fraud-signal case holds either side's points (409
    /// `exchange.frozen`); upholding moves nothing and may be decided.
    ///
    /// Nobody decides a contest about an exchange they take part in (`ExchangeAccess.isInvolved`),
    /// nor one about a no-show they recorded themselves as moderator (403 `exchange.not_your_part`),
    /// nor one between a housemate and someone else (403 `ledger.own_household`).
    public static func decide(
        _ tx: Transaction, principal: Principal, id: ExchangeID, input: NoShowContestDecisionInput, expectedVersion: Int?,
        services: ExchangeServices, actor: AuditActor
    ) throws -> NoShowContest {
        try principal.require(.exchangeResolve)
        try input.validate()
        let access = try ExchangeAccess.resolve(tx.db, principal: principal, id: id, now: tx.now)
        let exchange = access.exchange
        let community = exchange.communityID
        let recorder = try recordedNoShow(tx.db, exchange)
        if try access.mayNotJudge(tx.db, principal) || recorder == principal.memberID {
            throw DomainError(
                code: "exchange.not_your_part", category: .forbidden, parameters: ["event": "decide_contest", "allowed": "another moderator"])
        }
        // Overturning hands the penalty back and may make the payer pay the provider: not a
        // decision for a housemate of either side (`ledger.own_household`, as for a dispute).
        try LedgerOwnAccountGuard.check(tx.db, principal, members: [exchange.payer, exchange.provider], action: "no-show contest decision")
        var contest = try fetchExisting(tx.db, community: community, id: id)
        try ListingPersistence.checkVersion(contest.version, expectedVersion)
        let before = contest.state
        contest.state = try contest.state.deciding(input.outcome)
        let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
        var payment: Transfer?
        var withheld = false
        if contest.state == .overturned {
            // An overturn moves points (the penalty back, the provider paid): not while a
            // fraud-signal case holds either side's points, as for a dispute's resolution.
            if let held = try SignalCases.freezing(tx.db, community: community, members: [exchange.payer, exchange.provider]) {
                throw DomainError(code: "exchange.frozen", category: .conflict, parameters: ["case_id": held.rawValue])
            }
            if let penalty = contest.penaltyTransferID {
                contest.reversalTransferID = try reversePenalty(tx, exchange, penalty: penalty, services: services, actor: actor)
            }
            try ExchangePersistence.voidMark(tx, exchange, member: contest.absentMember, kind: "no_show")
            if try itemWentElsewhere(tx.db, exchange, contest: contest) {
                withheld = true
            } else {
                payment = try payProvider(tx, exchange, contest: contest, services: services, actor: actor)
            }
            contest.settlementTransferID = payment?.id
        }
        contest.decidedBy = principal.memberID
        contest.decisionNote = note
        contest.decidedAt = tx.now
        contest = try NoShowContestPersistence.saveDecision(tx, contest)
        try NoShowContestPersistence.record(
            tx, contest, event: "exchange.no_show_contest_decided", actor: actor, before: before, reason: note,
            extra: withheld ? ["payment": "withheld: the item went to another exchange after the no-show"] : [:])
        let subject = "exchange:\(contest.exchangeID)"
        var decided = ["exchange_id": contest.exchangeID.rawValue, "status": contest.state.rawValue]
        if withheld { decided["unpaid"] = "item_exchanged_since" }
        // Nothing was charged (a rule file without a no-show penalty): no text says a penalty came
        // back (helper 164 #5).
        if contest.state == .overturned, contest.penaltyTransferID == nil { decided["no_penalty"] = "true" }
        // Why, in the moderator's words, as appeals and disputes say it (helper 137: "未获支持" or
        // "paid from your account" with no reason).
        if !note.isEmpty { decided["note"] = note }
        if let payment {
            decided["points"] = String(payment.amount)
            var imposed = ["exchange_id": contest.exchangeID.rawValue, "points": String(payment.amount)]
            imposed["note"] = decided["note"]
            try MemberNotifications.notify(
                tx, community: community, member: exchange.payer, kind: .noShowPaymentImposed, subject: subject, parameters: imposed)
        }
        try MemberNotifications.notify(
            tx, community: community, member: contest.absentMember, kind: .noShowContestDecided, subject: subject, parameters: decided)
        // The side who turned up was promised the outcome (`noShowContestedAgainstYou`); a payer
        // made to pay has just heard it in those words.
        if let other = exchange.counterpart(of: contest.absentMember), !(payment != nil && other == exchange.payer) {
            var told = ["exchange_id": contest.exchangeID.rawValue, "status": contest.state.rawValue]
            told["role"] = other == exchange.payer ? "payer" : "provider"
            told["unpaid"] = decided["unpaid"]
            told["note"] = decided["note"]
            told["no_penalty"] = decided["no_penalty"]
            try MemberNotifications.notify(
                tx, community: community, member: other, kind: .noShowContestDecidedForOther, subject: subject, parameters: told)
        }
        return contest
    }

    /// Reverses the contested penalty, or returns the reversal an admin already made (say at the
    /// station, on the member's complaint, before the contest was decided): the overturn must still
    /// void the mark and pay the provider, and a second reversal would be refused.
    private static func reversePenalty(
        _ tx: Transaction, _ exchange: Exchange, penalty: TransferID, services: ExchangeServices, actor: AuditActor
    ) throws -> TransferID {
        let community = exchange.communityID
        if let earlier = try LedgerTransfers.reversal(tx.db, community: community, of: penalty) { return earlier }
        return try LedgerCorrectionCommands.reverse(
            tx, community: community, principal: nil, transfer: penalty, input: ReversalInput(reason: "爽约申诉成立，退回罚分"),
            idempotencyKey: "\(exchange.reference):no-show-contest-reversal", actor: actor,
            limits: try services.ledgerLimits(tx.db, community, at: tx.now), tellMembers: false
        ).transfer.id
    }

    /// Pays the provider of an overturned no-show in which they were named absent, payer to
    /// provider: what automatic confirmation would have paid had the payer not reported it (the
    /// hold, or less for a shorter report of the provider's, `settlementPlan`, on the terms agreed
    /// at acceptance rather than the listing as edited since), with
    /// `unconfirmedMinutes` as the hours served of a time exchange. The payer's credit limit is
    /// not a reason to refuse: the points were held for exactly this until the payer's report
    /// released them (`settlingHold`), so a payer who spent them meanwhile goes below the limit
    /// with a warning instead of leaving the provider unpaid. Returns nil when nothing is owed (the payer was named absent, or 0 points). The
    /// ledger reasons are fixed texts: the moderator's note (up to `ExchangeLimits.reason` long)
    /// is kept on the contest and its audit entry, and would not fit a transfer's reason with a
    /// prefix.
    private static func payProvider(
        _ tx: Transaction, _ exchange: Exchange, contest: NoShowContest, services: ExchangeServices, actor: AuditActor
    ) throws -> Transfer? {
        guard contest.absentMember == exchange.provider else { return nil }
        let community = exchange.communityID
        var listing = try ListingPersistence.fetch(tx.db, community: community, id: exchange.listingID)
        try endListing(tx, listing, services: services, actor: actor)
        // The no-show put the listing back on offer, and its owner may have edited it since:
        // the exchange is paid as it was agreed (`ExchangeAgreedTerms`).
        if let agreed = try ExchangePersistence.agreedTerms(tx.db, exchange) { listing.content = agreed.applied(to: listing.content) }
        let minutes = ExchangeCompletionCommands.unconfirmedMinutes(exchange, listing: listing)
        let points = try ExchangeCompletionCommands.settlementPlan(tx, exchange, listing: listing, minutes: minutes, services: services).paid
        guard points > 0 else { return nil }
        return try LedgerSettlementCommands.payExchange(
            tx, community: community, payer: exchange.payer, payee: exchange.provider, points: points, minutes: minutes,
            reason: "爽约申诉成立，提供方已到场，支付交换积分", reference: exchange.reference,
            idempotencyKey: "\(exchange.reference):no-show-contest-payment", actor: actor,
            limits: try services.ledgerLimits(tx.db, community, at: tx.now), settlingHold: true
        ).transfer
    }

    /// The exchange the provider is paid for took place, so the listing the no-show had put back on
    /// offer ends as a completion would end it: reserved for this exchange again and exchanged
    /// (each step audited), which also declines the requests waiting on it. Otherwise the owner
    /// could be paid a second time for the same item or service. A listing that has moved on
    /// since (reserved by another exchange, withdrawn, expired, removed) is left as it is.
    /// Whether the one-off item of an exchange whose provider was named absent went to another
    /// exchange after the no-show (one accepted since): then an overturn voids the mark and
    /// returns the penalty but does not make this payer pay for it too. Helper 120: the seller,
    /// having sold the book again while contesting, was paid for it twice, by both buyers. A time
    /// or skill session, or a repeatable offer, can be given again, so it is still paid.
    static func itemWentElsewhere(_ db: Database, _ exchange: Exchange, contest: NoShowContest) throws -> Bool {
        guard contest.absentMember == exchange.provider, exchange.listingKind == .item else { return false }
        let listing = try ListingPersistence.fetch(db, community: exchange.communityID, id: exchange.listingID)
        guard !listing.content.isRepeatable else { return false }
        return try Bool.fetchOne(
            db, sql: """
                SELECT EXISTS (SELECT 1 FROM exchanges WHERE community_id = ? AND listing_id = ? AND id <> ?
                                 AND accepted_at IS NOT NULL AND accepted_at >= ?)
                """,
            arguments: [exchange.communityID.rawValue, exchange.listingID.rawValue, exchange.id.rawValue, exchange.closedAt ?? exchange.createdAt]
        ) ?? false
    }

    private static func endListing(_ tx: Transaction, _ listing: Listing, services: ExchangeServices, actor: AuditActor) throws {
        guard listing.status == .published else { return }
        let reserved = try ListingCommands.applyExchangeEvent(tx, listing: listing, event: .reserve, services: services.listings, actor: actor)
        _ = try ListingCommands.applyExchangeEvent(tx, listing: reserved, event: .complete, services: services.listings, actor: actor)
    }

    /// The contest of an exchange, or 404 `exchange.contest_not_found`.
    static func fetchExisting(_ db: Database, community: CommunityID, id: ExchangeID) throws -> NoShowContest {
        guard let contest = try NoShowContestPersistence.fetch(db, community: community, exchange: id) else {
            throw DomainError(code: "exchange.contest_not_found", category: .notFound, parameters: ["id": id.rawValue])
        }
        return contest
    }

    /// The member who recorded the no-show (from its audit entry): a moderator who named the
    /// absent member is not the one to judge whether they were right.
    private static func recordedNoShow(_ db: Database, _ exchange: Exchange) throws -> MemberID? {
        try recording(db, community: exchange.communityID, exchange: exchange.id).by
    }

    /// Who recorded the no-show and why, in their words: the side a moderator weighs against the
    /// contest's reason (helper 137: only the audit log had it). For staff who decide contests.
    public static func recording(_ db: Database, community: CommunityID, exchange: ExchangeID) throws -> (by: MemberID?, reason: String?) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT actor_id, reason FROM audit_entries
                WHERE community_id = ? AND target_type = 'exchange' AND target_id = ? AND action = 'exchange.no_show'
                ORDER BY id DESC LIMIT 1
                """),
            arguments: [community.rawValue, exchange.rawValue])
        return ((row?["actor_id"] as String?).flatMap(MemberID.init), row?["reason"])
    }
}
