import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// Ratings after completed exchanges: `POST /exchanges/{id}/rating` (a side rates the other once),
/// `GET /members/{id}/ratings` (what a member received, public to the community), and
/// `POST /ratings/{id}/hide-comment` and `/show-comment` (moderators).
struct RatingsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let services = dependencies.exchanges
        let limit = settings.maxBodyBytes

        group.post("/exchanges/{id}/rating") { request, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeParticipate)
            let input = try await JSONBody.decode(RatingInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let rating = try await store.transaction { tx in
                try RatingCommands.rate(tx, principal: principal, exchange: id, input: input, services: services, actor: actor)
            }
            return try JSONResponse.make(RatingView(rating, viewer: principal), status: .created)
        }
        group.get("/members/{id}/ratings") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let result = try await store.read { db in try RatingQueries.received(db, principal: principal, member: id, page: page) }
            return try JSONResponse.make(PageView(result, for: request) { RatingView($0, viewer: principal) })
        }
        for (path, hide) in [("/ratings/{id}/hide-comment", true), ("/ratings/{id}/show-comment", false)] {
            group.post(RouterPath(path)) { request, context in
                let id: RatingID = try RequestParameters.id(context)
                let principal = try context.requirePrincipal()
                try principal.require(.caseManage)
                let input = try await JSONBody.decode(CommentVisibilityInput.self, from: request, limit: limit)
                let actor = try context.auditActor()
                let rating = try await store.transaction { tx in
                    hide
                        ? try RatingCommands.hideComment(tx, principal: principal, id: id, reason: input.reason, actor: actor)
                        : try RatingCommands.showComment(tx, principal: principal, id: id, reason: input.reason, actor: actor)
                }
                return try JSONResponse.make(RatingView(rating, viewer: principal))
            }
        }
    }
}

/// Body of hiding or showing a rating's comment: why (kept in the audit log).
struct CommentVisibilityInput: StrictInput {
    let reason: String
    enum CodingKeys: String, CodingKey, CaseIterable { case reason }
}

/// A rating as the community sees it: a hidden comment is shown only to moderators.
struct RatingView: Encodable {
    let id: String
    let exchangeId: String
    let raterId: String
    let rateeId: String
    let stars: Int
    let comment: String?
    let commentHidden: Bool
    let createdAt: Date

    init(_ rating: ExchangeRating, viewer: Principal) {
        id = rating.id.rawValue
        exchangeId = rating.exchangeID.rawValue
        raterId = rating.rater.rawValue
        rateeId = rating.ratee.rawValue
        stars = rating.stars
        comment = rating.commentHidden && !viewer.can(.caseManage) ? nil : rating.comment
        commentHidden = rating.commentHidden
        createdAt = rating.createdAt
    }
}
