import Foundation
import GRDB
import LinliDomain

/// The checks that keep exchanges fair, shared by request and accept (a member suspended or a
/// category's rule changed in between is caught at acceptance too).
enum ExchangeGuards {
    /// Both members may exchange, are not the same person or household, and the provider holds
    /// any verification and the credit level the category needs.
    static func checkPeople(
        _ db: Database, community: CommunityID, requester: Member, owner: Member, provider: MemberID, category code: String,
        now: Date, services: ListingServices
    ) throws {
        guard requester.id != owner.id else { throw DomainError(code: "exchange.with_self", category: .conflict) }
        for member in [requester, owner] where !member.isActive(at: now) {
            // Named: "member mem_01…" told a neighbour nothing (helper 118).
            throw DomainError(
                code: "exchange.member_inactive", category: .forbidden, parameters: ["id": member.id.rawValue, "name": member.displayName])
        }
        if let household = requester.householdID, household == owner.householdID {
            throw DomainError(code: "exchange.same_household", category: .conflict, parameters: ["household_id": household.rawValue])
        }
        let providerMember = provider == owner.id ? owner : requester
        // The category's flags come from the rules in force (checked again at acceptance). A
        // category those rules no longer name cannot say whether it needs a verified provider
        // (child pick-up does), so nothing starts in it until the listing is re-categorised.
        guard let category = try services.category(db, community: community, code: code, at: now) else {
            throw DomainError(code: "exchange.category_not_in_rules", category: .conflict, parameters: ["category": code])
        }
        if category.needsVerifiedProvider, !providerMember.verified {
            throw DomainError(code: "exchange.provider_not_verified", category: .forbidden, parameters: category.problemParameters)
        }
        if category.minProviderCreditLevel > 0 {
            let score = try TrustQueries.creditScore(db, community: community, member: providerMember.id, now: now, rules: services.rules)
            guard score.level >= category.minProviderCreditLevel else {
                throw DomainError(
                    code: "exchange.provider_level_too_low", category: .forbidden,
                    parameters: category.problemParameters.merging(["required": String(category.minProviderCreditLevel), "level": String(score.level)]) { $1 })
            }
        }
    }

    /// Refuses when `member` already has `limit` open exchanges. Open means: requests they made
    /// that are not finished, and exchanges on their listings they accepted that are not finished.
    /// Unanswered requests *to* them do not count, or a popular neighbour could be blocked by others.
    /// (At acceptance the exchange itself is still `requested` on the owner's side, so it is not
    /// counted against the owner.) Both counts are read from the indexes alone.
    /// The refusal names the member (station staff may be acting for her; the owner hits it when
    /// accepting), by name as well as by id (helper 112: an id alone read as someone else).
    static func checkOpenLimit(_ db: Database, community: CommunityID, member: Member, limit: Int) throws {
        let open = try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT (SELECT COUNT(*) FROM exchanges WHERE community_id = ? AND requester_id = ?
                              AND state IN ('requested', 'accepted', 'disputed'))
                         + (SELECT COUNT(*) FROM exchanges WHERE community_id = ? AND owner_id = ?
                              AND state IN ('accepted', 'disputed'))
                    """),
            arguments: [community.rawValue, member.id.rawValue, community.rawValue, member.id.rawValue]) ?? 0
        if open >= limit {
            throw DomainError(
                code: "exchange.open_limit_reached", category: .conflict,
                parameters: ["id": member.id.rawValue, "name": member.displayName, "open": String(open), "limit": String(limit)])
        }
    }

    /// The listing's points must be a hold the ledger can place: at least 1, at most one
    /// transfer's maximum. A rule file without a minimum cap can value a worn-out item at 0, and
    /// one with a high maximum above the ledger's; such a request could never be accepted (the
    /// hold was refused with 422 `ledger.amount_out_of_range` and the request sat waiting), so it
    /// is refused up front (409 `exchange.points_out_of_range`), naming what the rules should cap.
    static func checkPoints(_ listing: Listing, limits: LedgerLimits) throws {
        let points = listing.valuation.points
        guard points < 1 || points > limits.maxTransferAmount else { return }
        throw DomainError(
            code: "exchange.points_out_of_range", category: .conflict,
            parameters: ["points": String(points), "min": "1", "max": String(limits.maxTransferAmount), "kind": listing.content.kind.rawValue])
    }

    /// The points at acceptance are the listing's valuation then, but a change since the request
    /// that goes against the requester needs their agreement first: an owner who raised the price
    /// (an approved edit, a re-valuation) of an item offered, or lowered what a request pays its
    /// helper, is refused (409 `exchange.price_changed`, naming both figures) until the requester
    /// asks again at the new figure. A change in the requester's favour is simply held.
    static func checkPriceAgreed(_ listing: Listing, _ exchange: Exchange) throws {
        let quoted = exchange.points, current = listing.valuation.points
        let againstRequester = exchange.payer == exchange.requester ? current > quoted : current < quoted
        guard againstRequester else { return }
        throw DomainError(
            code: "exchange.price_changed", category: .conflict,
            parameters: ["requested_points": String(quoted), "current_points": String(current)])
    }

    /// A one-off listing (an item, a time at a fixed hour) is requested once by one neighbour at a
    /// time: a second request while the first waits (409 `exchange.already_requested`, naming it)
    /// only doubled the owner's list (session 30 walk). A repeatable offer is booked for several
    /// times, so several waiting requests are its normal use.
    /// A request whose time has passed no longer counts (the stale-request sweep declines it soon).
    static func checkNotRequestedAlready(_ db: Database, listing: Listing, requester: MemberID, now: Date) throws {
        guard !listing.content.isRepeatable else { return }
        if let waiting = try String.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id FROM exchanges
                    WHERE community_id = ? AND listing_id = ? AND requester_id = ? AND state = 'requested' AND scheduled_end > ?
                    LIMIT 1
                    """),
            arguments: [listing.communityID.rawValue, listing.id.rawValue, requester.rawValue, StoredTime.text(now)])
        {
            throw DomainError(code: "exchange.already_requested", category: .conflict, parameters: ["exchange_id": waiting])
        }
    }

    /// 409 `exchange.payer_cannot_cover`: the payer cannot have `points` held now, told to someone
    /// other than the payer (the owner accepting, staff requesting for a resident) without the
    /// payer's balance.
    static func payerCannotCover(points: Int, payer: MemberID) -> DomainError {
        DomainError(code: "exchange.payer_cannot_cover", category: .conflict, parameters: ["points": String(points), "payer_id": payer.rawValue])
    }

    /// 409 `exchange.requester_cannot_cover`: the same, told to staff asking for a resident, with
    /// its own code because no request was made (`payer_cannot_cover` says one is waiting; helper 104).
    static func requesterCannotCover(points: Int, payer: MemberID) -> DomainError {
        DomainError(code: "exchange.requester_cannot_cover", category: .conflict, parameters: ["points": String(points), "payer_id": payer.rawValue])
    }

    /// Refuses (409 `ledger.credit_limit_exceeded`, with the payer's own balance) when the payer
    /// could not have `points` held now. Only for the payer's own request: the balance is theirs.
    static func checkPayerCanCover(_ db: Database, community: CommunityID, payer: MemberID, points: Int, limits: LedgerLimits) throws {
        let account = try LedgerAccounts.member(db, community: community, member: payer)
        if case .refused(let refusal) = CreditCheck.evaluate(
            account: .member(payer), balanceBefore: account.balance, amount: points, limits: limits, enforcement: .spend)
        {
            throw refusal
        }
    }

    /// A listing offered (or asked for) at a fixed time, `start_at` to `end_at`, is valued for
    /// that window (the session, or one of its duration within it): a request for another time (a 28-hour booking on another day for an hour's help)
    /// would hold that hour's points for something else. The requested window must lie within it
    /// (422 `exchange.outside_listing_window` at the side that leaves it). Weekly `availability`
    /// is a guide for the two neighbours to agree on, not checked.
    static func checkWithinWindow(_ listing: Listing, start: Date, end: Date) throws {
        guard let from = listing.content.startAt, let to = listing.content.endAt else { return }
        let reason = ["reason": "exchange.outside_listing_window"], bounds = ["min": from, "max": to]
        var issues: [FieldIssue] = []
        if start < from { issues.append(FieldIssue("/scheduled_start", .outOfRange, reason, instants: bounds)) }
        if end > to { issues.append(FieldIssue("/scheduled_end", .outOfRange, reason, instants: bounds)) }
        if !issues.isEmpty { throw DomainError.validation(issues) }
    }

    /// A person's hours are booked once: accepting a time or skill exchange whose time overlaps
    /// another accepted (or disputed) time or skill exchange the same provider gives is refused
    /// (409 `exchange.slot_taken` with that booking's times when it is on the same listing, 409
    /// `exchange.helper_busy` without them when it is another), and the requester proposes
    /// another time. A repeatable offer stays open while its exchanges run, so
    /// without this one walk could be booked twice for the same hour; and a helper with two offers
    /// could be booked on both. Touching ends do not overlap. Items are handed over, not served.
    ///
    /// Checked when the request is made too, so a neighbour asking for a taken hour hears it at
    /// once rather than waiting for the owner (then without any exchange id: the requester is not
    /// a side of the booking in the way).
    ///
    /// The helper's bookings are found through the partial index `exchanges_helper_bookings`
    /// (migration 0040), whose condition the query repeats word for word; without it every
    /// exchange of the community was searched.
    static func checkSlotFree(
        _ db: Database, listing: Listing, provider: MemberID, start: Date, end: Date, accepting exchange: ExchangeID? = nil
    ) throws {
        guard listing.content.kind != .item else { return }
        let helper = provider.rawValue
        guard let taken = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT id, listing_id, scheduled_start, scheduled_end FROM exchanges
                WHERE community_id = ? AND provider_id = ?
                  AND state IN ('accepted', 'disputed') AND listing_kind IN ('time', 'skill') AND id <> ?
                  AND scheduled_start < ? AND scheduled_end > ?
                ORDER BY scheduled_start LIMIT 1
                """),
            arguments: [listing.communityID.rawValue, helper, exchange?.rawValue ?? "", end, start])
        else { return }
        // The helper's other bookings are theirs: "busy then", without when or where, so that
        // nobody maps an elder's days by probing requests. This listing's bookings are public
        // (`GET …/bookings`), so their times are given, and the id to the owner accepting.
        guard (taken["listing_id"] as String) == listing.id.rawValue else {
            // Said to whoever is acting (helper 144 #12: a helper accepting a booking on his own
            // offer read "the other side is busy then, ask again at another time").
            let accepting: [String: String] = exchange == nil ? [:] : provider == listing.ownerID ? ["helper_accepting": "yes"] : ["payer_accepting": "yes"]
            throw DomainError(code: "exchange.helper_busy", category: .conflict, parameters: accepting)
        }
        throw DomainError(
            code: "exchange.slot_taken", category: .conflict, parameters: exchange != nil ? ["exchange_id": taken["id"]] : [:],
            instants: ["scheduled_start": taken["scheduled_start"], "scheduled_end": taken["scheduled_end"]])
    }

    /// Only a published listing can start or be reserved by an exchange.
    static func checkAvailable(_ listing: Listing) throws {
        guard listing.status == .published else {
            throw DomainError(code: "exchange.listing_unavailable", category: .conflict, parameters: ["current_status": listing.status.rawValue])
        }
    }
}
