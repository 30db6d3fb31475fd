import Foundation
import LinliDomain
import LinliStore

/// Sample exchanges for the demo community, one in each of the states a newcomer should see:
/// waiting for an answer, accepted (points held, listing reserved), completed (points paid, hours
/// counted) and disputed (hold frozen, waiting for the moderator).
enum DemoExchanges {
    static func seed(_ tx: Transaction, principals: [String: Principal], services: ExchangeServices) throws {
        guard let wang = principals["王秀英"], let lei = principals["王磊"], let li = principals["李建国"],
            let zhang = principals["张伟"]
        else { return }
        func actor(_ principal: Principal) -> AuditActor {
            AuditActor(memberID: principal.memberID, label: nil, onBehalfOf: nil, requestID: nil)
        }
        func published(_ owner: Principal, _ title: String) throws -> Listing {
            try ListingPersistenceLookup.published(tx, owner: owner, title: title)
        }
        func request(_ listing: Listing, by principal: Principal, inDays days: Double, message: String) throws -> Exchange {
            let start = tx.now.addingTimeInterval(days * 86_400)
            return try ExchangeCommands.request(
                tx, principal: principal,
                input: ExchangeRequestInput(
                    listingID: listing.id, scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600), message: message),
                services: services, actor: actor(principal)
            ).exchange
        }
        func accept(_ exchange: Exchange, by owner: Principal) throws -> Exchange {
            try ExchangeCommands.accept(tx, principal: owner, id: exchange.id, expectedVersion: nil, services: services, actor: actor(owner)).exchange
        }

        // Accepted: 李建国 will pick up the stroller on Saturday; his points are held.
        let stroller = try published(wang, "九成新婴儿推车")
        _ = try accept(try request(stroller, by: li, inDays: 3, message: "外孙下个月来住，周六上午来取可以吗？"), by: wang)

        // Completed: 张伟's father has just had his walk (it started 59 minutes ago: help is
        // confirmed once it has started); 张伟 confirmed an hour. The weekly walk stays offered
        // for next weekend (a repeatable offer is never reserved or used up).
        let walk = try published(lei, "周末陪老人散步聊天")
        let walked = try accept(try request(walk, by: zhang, inDays: -59.0 / 1_440, message: "想请您陪我父亲散散步。"), by: lei)
        _ = try ExchangeCompletionCommands.complete(
            tx, principal: zhang, id: walked.id, input: ExchangeCompletionInput(actualMinutes: 60), expectedVersion: nil,
            services: services, actor: actor(zhang))

        // Requested and disputed: two of 张伟's spare items.
        let cooker = try ListingCommands.create(
            tx, principal: zhang,
            input: ListingInput(content: ListingContent(
                direction: .offer, kind: .item, categoryCode: "household", title: "闲置电饭煲", description: "搬家多出一个，3升，功能正常。",
                area: "南门", declaredCost: "260.00", ageMonths: 18, condition: .good, quantity: 1), submit: true),
            services: services.listings, actor: actor(zhang))
        let bike = try ListingCommands.create(
            tx, principal: zhang,
            input: ListingInput(content: ListingContent(
                direction: .offer, kind: .item, categoryCode: "kids_items", title: "儿童自行车（16寸）", description: "孩子长高了，车况良好。",
                area: "南门", declaredCost: "400.00", ageMonths: 24, condition: .good, quantity: 1), submit: true),
            services: services.listings, actor: actor(zhang))
        try DemoReview.approve(tx, [cooker, bike], moderator: principals["刘芳"], services: services.listings)
        _ = try request(try published(zhang, "闲置电饭煲"), by: wang, inDays: 2, message: "正好家里的坏了，想要这个。")
        let biked = try accept(try request(try published(zhang, "儿童自行车（16寸）"), by: li, inDays: 1, message: "给外孙骑。"), by: zhang)
        _ = try ExchangeIncidentCommands.dispute(
            tx, principal: li, id: biked.id, input: ExchangeReasonInput(reason: "刹车不灵，和描述的车况良好不符。"), expectedVersion: nil,
            services: services, actor: actor(li))
    }
}

/// Finds a demo listing by its owner and title (titles are unique within the demo data).
enum ListingPersistenceLookup {
    static func published(_ tx: Transaction, owner: Principal, title: String) throws -> Listing {
        let page = try ListingQueries.browse(
            tx.db, principal: owner, filter: ListingFilter(status: .published, ownerID: owner.memberID), page: PageRequest(after: nil, limit: 50))
        guard let listing = page.items.first(where: { $0.content.title == title }) else {
            throw DomainError.notFound("listing", id: title)
        }
        return listing
    }
}

/// The moderator approves demo listings as the review queue would.
enum DemoReview {
    static func approve(_ tx: Transaction, _ changes: [ListingChange], moderator: Principal?, services: ListingServices) throws {
        guard let moderator else { return }
        let actor = AuditActor(memberID: moderator.memberID, label: nil, onBehalfOf: nil, requestID: nil)
        for change in changes {
            guard let review = change.review else { continue }
            _ = try ReviewCommands.claim(tx, principal: moderator, id: review.id, expectedVersion: nil, services: services, actor: actor)
            _ = try ReviewCommands.decide(
                tx, principal: moderator, id: review.id, decision: ReviewDecision(decision: .approve), expectedVersion: nil,
                services: services, actor: actor)
        }
    }
}
