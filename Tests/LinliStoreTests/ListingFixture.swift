import Foundation
import GRDB
import LinliDomain
import LinliStore

/// A community with a resident, a second resident, a moderator pair and station staff, plus
/// helpers to post and review listings through the real commands.
struct ListingFixture {
    let base: StoreFixture
    let admin: Principal
    let resident: Principal
    let neighbour: Principal
    let moderatorA: Principal
    let moderatorB: Principal
    let staff: Principal
    let services: ListingServices

    /// `policy` pins a review policy; nil runs under the community's rule file (`rules/default.yaml`).
    init(policy: ReviewPolicy? = nil) throws {
        base = try StoreFixture()
        (_, admin) = try base.bootstrap()
        resident = try base.member("王秀英", in: admin).1
        neighbour = try base.member("李建国", in: admin).1
        moderatorA = try base.member("刘芳", role: .moderator, in: admin).1
        moderatorB = try base.member("周强", role: .moderator, in: admin).1
        staff = try base.member("陈静", role: .stationStaff, in: admin).1
        services = ListingServices(policyOverride: policy)
    }

    var store: Store { base.store }
    var clock: ManualWallClock { base.clock }

    static func item(_ title: String, cost: String = "300.00", category: String = "tools", description: String = "九成新，功能正常。") -> ListingContent {
        ListingContent(
            direction: .offer, kind: .item, categoryCode: category, title: title, description: description, area: "北门",
            declaredCost: cost, ageMonths: 6, condition: .good, quantity: 1)
    }

    func post(
        _ content: ListingContent, as principal: Principal? = nil, owner: MemberID? = nil, submit: Bool = true, note: String? = nil
    ) throws -> ListingChange {
        let principal = principal ?? resident
        return try store.transactionSync { tx in
            try ListingCommands.create(
                tx, principal: principal, input: ListingInput(content: content, ownerID: owner, submit: submit, note: note), services: services,
                actor: .member(principal, requestID: nil))
        }
    }

    /// `principal` (the resident by default) PUTs `content` as the listing's whole content.
    func replace(_ id: ListingID, with content: ListingContent, as principal: Principal? = nil, version: Int? = nil) throws -> ListingChange {
        let principal = principal ?? resident
        return try store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: principal, id: id, input: ListingInput(content: content), expectedVersion: version, services: services,
                actor: .member(principal, requestID: nil))
        }
    }

    /// `moderator` (moderator A by default) corrects the valuation inputs of a claimed review.
    func correct(_ review: ReviewID, _ correction: ValuationCorrection, as moderator: Principal? = nil) throws -> Listing {
        let moderator = moderator ?? moderatorA
        return try store.transactionSync { tx in
            try ReviewCommands.correctValuation(
                tx, principal: moderator, id: review, correction: correction, expectedVersion: nil, services: services,
                actor: .member(moderator, requestID: nil))
        }
    }

    func claim(_ review: ReviewID, as moderator: Principal, version: Int? = nil) throws -> ReviewItem {
        try store.transactionSync { tx in
            try ReviewCommands.claim(tx, principal: moderator, id: review, expectedVersion: version, services: services,
                                     actor: .member(moderator, requestID: nil))
        }
    }

    func decide(_ review: ReviewID, _ decision: ReviewDecision, as moderator: Principal, version: Int? = nil) throws -> ListingChange {
        try store.transactionSync { tx in
            try ReviewCommands.decide(tx, principal: moderator, id: review, decision: decision, expectedVersion: version,
                                      services: services, actor: .member(moderator, requestID: nil))
        }
    }

    /// Posts, claims and approves: a published listing.
    func publish(_ content: ListingContent, as principal: Principal? = nil) throws -> Listing {
        let change = try post(content, as: principal)
        guard let review = change.review else { return change.listing }
        _ = try claim(review.id, as: moderatorA)
        return try decide(review.id, ReviewDecision(decision: .approve), as: moderatorA).listing
    }

    func browse(_ filter: ListingFilter, as principal: Principal? = nil, limit: Int = 50) throws -> [Listing] {
        try base.database.readSync { db in
            try ListingQueries.browse(db, principal: principal ?? resident, filter: filter, page: PageRequest(after: nil, limit: limit)).items
        }
    }

    func events(_ type: String) throws -> [String] {
        try base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = ? ORDER BY seq", arguments: [type])
        }
    }

    /// A review policy that lets a member with one completed exchange auto-publish, her first
    /// `newMemberReviewCount` listings reviewed all the same.
    static func trustedAfterOneExchangePolicy(newMemberReviewCount: Int) -> ReviewPolicy {
        var policy = ReviewPolicy()
        policy.trustedAutoPublish = true
        policy.trustedMinCompletedExchanges = 1
        policy.newMemberReviewCount = newMemberReviewCount
        return policy
    }

    /// A fixture whose review policy lets a member with one completed exchange auto-publish, and
    /// the resident's first listing, published and exchanged once (the track record counts
    /// exchanges, not listing states).
    static func trustedAfterOneExchange() throws -> (ListingFixture, ReviewPolicy, Listing) {
        let policy = trustedAfterOneExchangePolicy(newMemberReviewCount: 0)
        let fixture = try ListingFixture(policy: policy)
        let first = try fixture.publish(ListingFixture.item("台灯"))
        try fixture.completeExchange(of: first, requestedBy: fixture.neighbour)
        return (fixture, policy, first)
    }

    /// `requester` requests the resident's published `listing`, the resident accepts, and the
    /// requester confirms it done: one completed exchange, through the real commands.
    func completeExchange(of listing: Listing, requestedBy requester: Principal) throws {
        let exchanges = ExchangeServices(listings: services, rulesOverride: .standard, limitsOverride: .standard)
        try store.transactionSync { tx in
            let start = tx.now.addingTimeInterval(3600)
            let requested = try ExchangeCommands.request(
                tx, principal: requester,
                input: ExchangeRequestInput(listingID: listing.id, scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600)),
                services: exchanges, actor: .system).exchange
            _ = try ExchangeCommands.accept(tx, principal: resident, id: requested.id, expectedVersion: nil, services: exchanges, actor: .system)
            _ = try ExchangeCompletionCommands.complete(
                tx, principal: requester, id: requested.id, input: ExchangeCompletionInput(actualMinutes: nil), expectedVersion: nil,
                services: exchanges, actor: .system)
        }
    }
}
