import Foundation
import GRDB
import LinliDomain

/// Who the principal is in an exchange: a party themselves, station staff acting for a party, or a
/// moderator. Outsiders cannot even see it (404, so exchange ids cannot be probed).
///
/// Proxying follows the listings rule: consent covers what the staff member registered. Staff act
/// for the requester of an exchange they requested for a resident, and for the owner of a listing
/// they registered for a resident; and for a side who gave them her standing consent
/// (`ProxyConsent`), in the exchanges she started herself too. Never for anyone else, and never
/// in an exchange they take part in themselves.
struct ExchangeAccess {
    let exchange: Exchange
    /// The parts the principal plays (directly or as proxy); `.moderator` with `exchange.resolve`.
    let parties: Set<ExchangeParty>
    /// The resident the principal acts for, when acting as proxy.
    let actingFor: MemberID?
    /// The fraud-signal case holding the exchange's points frozen, if any (`ExchangeFreezes`).
    let frozenBy: CaseID?

    /// `now` decides whether a standing consent is still in force.
    ///
    /// - Parameter objecting: the step is an objection (a dispute, a no-show report), or calls the
    ///   exchange off (a cancellation, a dispute taken back: helper 187 #1). A suspended
    ///   or banned resident still makes those herself (`InactiveMemberRoutes`), as automatic
    ///   confirmation pays the other side whatever her standing; so staff she registered work
    ///   with, or who hold her consent, may make them for her too (helper 172 #5: an elder
    ///   without a phone, suspended mid-exchange, had no one to object for her). Every other step
    ///   waits for her good standing.
    static func resolve(_ db: Database, principal: Principal, id: ExchangeID, now: Date, objecting: Bool = false) throws -> ExchangeAccess {
        let exchange = try ExchangePersistence.fetch(db, community: principal.communityID, id: id)
        var parties = exchange.parties(of: principal.memberID)
        var actingFor: MemberID?
        if parties.isEmpty, principal.can(.exchangeManageOthers) {
            // A side in good standing first: with both sides' consents, staff objecting for the
            // active one must not be taken for the suspended one (helper 174 #1).
            actingFor = try proxiedSide(db, principal: principal, exchange: exchange, now: now, objecting: false)
            if actingFor == nil, objecting {
                actingFor = try proxiedSide(db, principal: principal, exchange: exchange, now: now, objecting: true)
            }
            if let actingFor { parties = exchange.parties(of: actingFor) }
        }
        if principal.can(.exchangeResolve) { parties.insert(.moderator) }
        guard !parties.isEmpty || principal.can(.exchangeReadAll) else { throw DomainError.notFound("exchange", id: id.rawValue) }
        let frozenBy = try ExchangeFreezes.frozenBy(db, community: exchange.communityID, exchange: exchange.id)
        return ExchangeAccess(exchange: exchange, parties: parties, actingFor: actingFor, frozenBy: frozenBy)
    }

    /// The opening of every step on an exchange: who the principal is in it, the `If-Match`
    /// version check, and the guard on `event` (part, state, frozen points), in that order.
    static func step(
        _ tx: Transaction, principal: Principal, id: ExchangeID, expectedVersion: Int?, event: ExchangeEvent
    ) throws -> (access: ExchangeAccess, next: ExchangeState) {
        let access: ExchangeAccess
        do {
            access = try resolve(tx.db, principal: principal, id: id, now: tx.now, objecting: [.dispute, .noShow, .cancel, .withdrawDispute].contains(event))
        } catch let absent as DomainError where absent.category == .notFound && principal.can(.exchangeManageOthers) {
            // Staff a side they registered for turned away act for neither side (helper 168 #3):
            // say why, not "not found".
            if let exchange = try? ExchangePersistence.fetch(tx.db, community: principal.communityID, id: id) {
                for side in try registeredSides(tx.db, principal: principal, exchange: exchange) {
                    try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: side)
                }
            }
            throw absent
        }
        try ListingPersistence.checkVersion(access.exchange.version, expectedVersion)
        do {
            return (access, try access.require(event))
        } catch let refusal as DomainError where refusal.code == "exchange.not_your_part" {
            // Registered by them for a side that has since turned them away: say so, not "only the
            // owner may" (helper 144 #11: the withdrawn consent is why).
            for side in try registeredSides(tx.db, principal: principal, exchange: access.exchange) where side != access.actingFor {
                try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: side)
            }
            throw refusal
        }
    }

    /// The sides the principal registered work for: the request made in the requester's name, the
    /// listing posted in the owner's.
    private static func registeredSides(_ db: Database, principal: Principal, exchange: Exchange) throws -> [MemberID] {
        var sides: [MemberID] = []
        if exchange.createdBy == principal.memberID, exchange.requester != principal.memberID { sides.append(exchange.requester) }
        if try listingCreation(db, exchange)?.creator == principal.memberID, exchange.owner != principal.memberID { sides.append(exchange.owner) }
        return sides
    }

    /// Whether the principal takes part in the exchange, directly or as proxy for a resident. A
    /// moderator who does may not judge it (resolve its dispute, decide its no-show contest).
    func isInvolved(_ principal: Principal) -> Bool {
        !exchange.parties(of: principal.memberID).isEmpty || actingFor != nil
    }

    /// Whether the principal may not judge the exchange (resolve its dispute, record or decide its
    /// no-show): involved now, or involved for a side at any time: named in a consent of either
    /// side (an agent who acted for her, then gave the consent up, must not resolve the dispute
    /// they opened in her name), or the one who made the request or registered the listing for
    /// her (a station worker since made moderator).
    func mayNotJudge(_ db: Database, _ principal: Principal) throws -> Bool {
        if isInvolved(principal) || exchange.createdBy == principal.memberID { return true }
        if try Self.listingCreator(db, exchange) == principal.memberID { return true }
        return try ProxyConsents.everNamed(
            db, community: exchange.communityID, agent: principal.memberID, by: [exchange.requester, exchange.owner])
    }

    /// The audit actor for a step: recorded as acting for the resident when proxying.
    func actor(_ actor: AuditActor) -> AuditActor {
        guard let actingFor else { return actor }
        return actor.acting(for: actingFor)
    }

    /// Guards `event`: the principal plays a part allowed to cause it, the state allows it, and no
    /// fraud-signal case holds the points frozen (409 `exchange.frozen` naming the case).
    func require(_ event: ExchangeEvent) throws -> ExchangeState {
        try ExchangeStateMachine.requireParty(event, parties: parties)
        let next = try ExchangeStateMachine.next(from: exchange.state, on: event)
        if let frozenBy, ExchangeFreezes.refused.contains(event) {
            throw DomainError(code: "exchange.frozen", category: .conflict, parameters: ["case_id": frozenBy.rawValue])
        }
        return next
    }

    /// The side a staff member who is not a party acts for: what they registered first (the
    /// request they made for a resident, then the listing they posted for one), then a standing
    /// consent, the requester's before the owner's. When both sides consented to the same staff
    /// member they act for the requester, who started the exchange; the owner answers it herself
    /// or through someone else, so one person never both agrees to and confirms the same trade.
    /// A consent does not apply when the other side lives with the staff member.
    ///
    /// Staff who registered a side act for that side or for none: once she turned them away
    /// (withdrew a consent naming them) they do not act for the other side by its consent
    /// instead (helper 168 #3: staff accepted, in the owner's name, the request they had typed in
    /// hers, holding her points against her withdrawal). A consent she gave them again since
    /// lets them act for her again (helper 172 #1).
    private static func proxiedSide(_ db: Database, principal: Principal, exchange: Exchange, now: Date, objecting: Bool) throws -> MemberID? {
        func registered(_ side: MemberID, at registeredAt: Date) throws -> MemberID? {
            if try mayActAsRegistered(db, principal, exchange, for: side, registeredAt: registeredAt, objecting: objecting) { return side }
            guard try ProxyConsents.holds(
                    db, community: exchange.communityID, agent: principal.memberID, member: side, at: now, inGoodStanding: !objecting),
                  try !againstOwnHome(db, principal, exchange, for: side)
            else { return nil }
            return side
        }
        if exchange.createdBy == principal.memberID, exchange.requester != principal.memberID {
            return try registered(exchange.requester, at: exchange.createdAt)
        }
        if let listing = try listingCreation(db, exchange), listing.creator == principal.memberID, exchange.owner != principal.memberID {
            return try registered(exchange.owner, at: listing.at)
        }
        for side in [exchange.requester, exchange.owner]
        where try ProxyConsents.holds(db, community: exchange.communityID, agent: principal.memberID, member: side, at: now, inGoodStanding: !objecting) {
            if try againstOwnHome(db, principal, exchange, for: side) { continue }
            return side
        }
        return nil
    }

    /// Whether acting for `side` would be acting against the staff member's own home: a
    /// housemate of theirs is the other side, and they would be agreeing terms with their own
    /// family in her name. Neither a consent nor registered work applies then.
    private static func againstOwnHome(_ db: Database, _ principal: Principal, _ exchange: Exchange, for side: MemberID) throws -> Bool {
        guard let other = exchange.counterpart(of: side) else { return false }
        return try ModerationConflict.housemate(db, of: principal, among: [other]) != nil
    }

    /// Work staff registered for a resident (her request, the listing they posted for her) is
    /// theirs to carry on under the same limits as a standing consent: never against the staff
    /// member's own home (a housemate on the other side: they would accept their family's offer
    /// and confirm it, in her name and with her points), and only while she is an active
    /// resident (not once she is suspended or banned, nor once she takes a staff role herself),
    /// and not once she has withdrawn a consent naming them since it was registered.
    private static func mayActAsRegistered(
        _ db: Database, _ principal: Principal, _ exchange: Exchange, for side: MemberID, registeredAt: Date, objecting: Bool = false
    ) throws -> Bool {
        if try againstOwnHome(db, principal, exchange, for: side) { return false }
        if try ProxyConsents.withdrawnSince(db, community: exchange.communityID, agent: principal.memberID, member: side, since: registeredAt) {
            return false
        }
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT role, status FROM members WHERE community_id = ? AND id = ?"),
            arguments: [exchange.communityID.rawValue, side.rawValue])
        return row?["role"] == Role.resident.rawValue && (objecting || row?["status"] == MemberStatus.active.rawValue)
    }

    private static func listingCreator(_ db: Database, _ exchange: Exchange) throws -> MemberID? {
        try listingCreation(db, exchange)?.creator
    }

    /// Who registered the exchange's listing, and when.
    private static func listingCreation(_ db: Database, _ exchange: Exchange) throws -> (creator: MemberID, at: Date)? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT created_by, created_at FROM listings WHERE community_id = ? AND id = ?"),
            arguments: [exchange.communityID.rawValue, exchange.listingID.rawValue]),
            let creator = (row["created_by"] as String?).flatMap(MemberID.init), let at = row["created_at"] as Date?
        else { return nil }
        return (creator, at)
    }
}
