import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/reviews`: the moderators' queue — list, health, one item, claim, decide, correct valuation.
struct ReviewsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let services = dependencies.listings
        let limit = settings.maxBodyBytes
        let clock = store.clock

        group.get("/reviews") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingReview)
            let page = try RequestParameters.page(request, settings: settings)
            let status: ReviewItem.Status? = try RequestParameters.enumeration(request, "status")
            let result = try await store.read { db in try ReviewQueries.list(db, principal: principal, status: status, page: page) }
            return try JSONResponse.view(PageView(result, for: request) { ReviewView($0, language: context.language) })
        }
        group.get("/reviews/health") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingReview)
            let now = clock.now()
            let health = try await store.read { db in try ReviewQueries.health(db, principal: principal, now: now) }
            return try JSONResponse.view(ReviewQueueHealthView(health))
        }
        group.get("/reviews/{id}") { _, context in
            let id: ReviewID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingReview)
            let (review, listing, edit, previous) = try await store.read { db in
                let review = try ReviewQueries.fetch(db, principal: principal, id: id)
                let listing = try ListingQueries.fetch(db, principal: principal, id: review.listingID)
                return (
                    review, listing, try ReviewQueries.edit(db, principal: principal, review: review),
                    try ReviewQueries.previousRound(db, principal: principal, review: review)
                )
            }
            return try JSONResponse.view(
                ReviewDetailView(
                    review: ReviewView(review, language: context.language), listing: ListingView(listing, viewer: principal, language: context.language),
                    edit: edit.map(ListingEditView.init), previousRound: previous.map { PreviousRoundView($0, language: context.language) }),
                version: review.version)
        }
        group.post("/reviews/{id}/claim") { request, context in
            let id: ReviewID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingReview)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let review = try await store.transaction { tx in
                try ReviewCommands.claim(tx, principal: principal, id: id, expectedVersion: version, services: services, actor: actor)
            }
            return try JSONResponse.view(ReviewView(review, language: context.language), version: review.version)
        }
        group.post("/reviews/{id}/decision") { request, context in
            let id: ReviewID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingReview)
            let decision = try await JSONBody.decode(ReviewDecision.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let change = try await store.transaction { tx in
                try ReviewCommands.decide(
                    tx, principal: principal, id: id, decision: decision, expectedVersion: version, services: services, actor: actor)
            }
            return try JSONResponse.view(
                ListingChangeView(change, viewer: principal, language: context.language), version: change.review?.version)
        }
        group.post("/reviews/{id}/valuation-correction") { request, context in
            let id: ReviewID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingReview)
            let correction = try await JSONBody.decode(ValuationCorrection.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let (listing, review) = try await store.transaction { tx in
                let listing = try ReviewCommands.correctValuation(
                    tx, principal: principal, id: id, correction: correction, expectedVersion: version, services: services,
                    actor: actor)
                return (listing, try ReviewQueries.fetch(tx.db, principal: principal, id: id))
            }
            // Answered like the decision: the listing and its review, the ETag being the review's
            // (every If-Match under /v1/reviews/{id}/… is checked against the review, and the
            // decision usually follows the correction).
            return try JSONResponse.view(
                ListingChangeView(ListingChange(listing: listing, review: review, edit: nil), viewer: principal, language: context.language),
                version: review.version)
        }
    }
}
