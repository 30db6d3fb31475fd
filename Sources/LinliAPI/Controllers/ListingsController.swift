import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/categories` and `/v1/listings`: browse, search, post, edit, submit, withdraw, remove, history.
struct ListingsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let services = dependencies.listings
        let limit = settings.maxBodyBytes

        group.get("/categories") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingRead)
            let now = store.clock.now()
            let categories = try await store.read { db in try services.categories(db, community: principal.communityID, at: now) }
            return try JSONResponse.view(CategoryList(items: categories.map { CategoryView($0, language: context.language) }))
        }
        group.get("/listings") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingRead)
            let page = try RequestParameters.page(request, settings: settings)
            let filter = try Self.filter(request)
            let now = store.clock.now()
            let result = try await store.read { db in
                try ListingQueries.browse(db, principal: principal, filter: filter, page: page, summary: true, now: now)
            }
            return try JSONResponse.view(PageView(result, for: request) { ListingView($0, viewer: principal, language: context.language, detail: false) })
        }
        group.post("/listings") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.listingCreate)
            let input = try await JSONBody.decode(ListingInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            // Checked and valued here, off the single database writer; the write confirms it.
            let draft = ListingDraft.prepare(input, community: principal.communityID, services: services, at: store.clock.now())
            let change = try await store.transaction { tx in
                try ListingCommands.create(tx, principal: principal, input: input, services: services, actor: actor, prepared: draft)
            }
            return try JSONResponse.view(
                // Its owner, or the staff member who just registered it for her.
                ListingChangeView(change, viewer: principal, language: context.language, seesAsOwner: true), status: .created,
                version: change.listing.version, location: "/v1/listings/\(change.listing.id)")
        }
        group.get("/listings/{id}") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let (listing, edit, ownersView) = try await store.read { db in
                let listing = try ListingQueries.fetch(db, principal: principal, id: id, now: now)
                return (
                    listing, try ListingQueries.pendingEdit(db, principal: principal, listing: listing, now: now),
                    try ListingQueries.seesAsOwner(db, listing, principal: principal, now: now))
            }
            return try JSONResponse.view(
                ListingView(listing, viewer: principal, language: context.language, pendingEdit: edit, seesAsOwner: ownersView),
                version: listing.version)
        }
        group.put("/listings/{id}") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingCreate)
            let input = try await JSONBody.decode(ListingInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let (change, ownersView) = try await store.transaction { tx in
                let change = try ListingCommands.replaceContent(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, services: services, actor: actor)
                return (change, try ListingQueries.seesAsOwner(tx.db, change.listing, principal: principal, now: tx.now))
            }
            // 202: the edit of a published listing waits for review; the public version is unchanged.
            return try JSONResponse.view(
                ListingChangeView(change, viewer: principal, language: context.language, seesAsOwner: ownersView),
                status: change.edit?.status == .pending ? .accepted : .ok, version: change.listing.version)
        }
        group.post("/listings/{id}/submit") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingCreate)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let (change, ownersView) = try await store.transaction { tx in
                let change = try ListingCommands.submit(tx, principal: principal, id: id, expectedVersion: version, services: services, actor: actor)
                return (change, try ListingQueries.seesAsOwner(tx.db, change.listing, principal: principal, now: tx.now))
            }
            return try JSONResponse.view(
                ListingChangeView(change, viewer: principal, language: context.language, seesAsOwner: ownersView), version: change.listing.version)
        }
        group.post("/listings/{id}/withdraw") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingCreate)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let (listing, ownersView) = try await store.transaction { tx in
                let listing = try ListingCommands.withdraw(tx, principal: principal, id: id, expectedVersion: version, services: services, actor: actor)
                return (listing, try ListingQueries.seesAsOwner(tx.db, listing, principal: principal, now: tx.now))
            }
            return try JSONResponse.view(
                ListingView(listing, viewer: principal, language: context.language, seesAsOwner: ownersView), version: listing.version)
        }
        group.post("/listings/{id}/remove") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingRemove)
            let input = try await JSONBody.decode(ListingRemoval.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let listing = try await store.transaction { tx in
                try ListingCommands.remove(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, services: services, actor: actor)
            }
            return try JSONResponse.view(ListingView(listing, viewer: principal, language: context.language), version: listing.version)
        }
        group.post("/listings/{id}/reinstate") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.listingRemove)
            let input = try await JSONBody.decode(ListingReinstatement.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let listing = try await store.transaction { tx in
                try ListingCommands.reinstateByHand(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, services: services, actor: actor)
            }
            return try JSONResponse.view(ListingView(listing, viewer: principal, language: context.language), version: listing.version)
        }
        group.get("/listings/{id}/bookings") { _, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let (listing, slots) = try await store.read { db in try ListingBookings.upcoming(db, principal: principal, id: id, now: now) }
            return try JSONResponse.make(ListingBookingsView(listing, slots: slots))
        }
        group.get("/listings/{id}/history") { request, context in
            let id: ListingID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let now = store.clock.now()
            let result = try await store.read { db in try ListingQueries.history(db, principal: principal, id: id, page: page, now: now) }
            return try JSONResponse.make(PageView(result, for: request, AuditEntryView.init))
        }
    }

    /// Browse filters from the query string, each checked with its own `query.invalid` name.
    static func filter(_ request: Request) throws -> ListingFilter {
        let query = request.uri.queryParameters
        // Too long, or (the search) too many words, says its limit (helper 185 #6: a sixth word
        // was dropped without a word while the document says all must match).
        func text(_ name: String, max: Int, words: Int? = nil) throws -> String? {
            guard let raw = RequestParameters.formText(request, name) ?? query[Substring(name)].map(String.init) else { return nil }
            let value = raw.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { throw RequestParameters.invalidQuery(name) }
            guard value.count <= max else {
                throw DomainError(code: "query.too_long", category: .invalidInput, parameters: ["name": name, "max": String(max)])
            }
            if let words, ListingFilter.terms(of: value).count > words {
                throw DomainError(code: "query.too_many_words", category: .invalidInput, parameters: ["name": name, "max": String(words)])
            }
            return value
        }
        func points(_ name: String) throws -> Int? {
            guard let raw = query[Substring(name)] else { return nil }
            guard let value = Int(String(raw)), value >= 0 else { throw RequestParameters.invalidQuery(name, example: "100") }
            return value
        }
        let filter = ListingFilter(
            direction: try RequestParameters.enumeration(request, "direction"),
            kind: try RequestParameters.enumeration(request, "kind"),
            category: try text("category", max: 40),
            status: try RequestParameters.enumeration(request, "status"),
            area: try text("area", max: ListingLimits.area),
            ownerID: try RequestParameters.identifier(request, "owner_id"),
            minPoints: try points("min_points"), maxPoints: try points("max_points"),
            text: try text("q", max: ListingFilter.maxTextLength, words: ListingFilter.maxTerms))
        if let low = filter.minPoints, let high = filter.maxPoints, low > high {
            throw DomainError(code: "query.min_above_max", category: .invalidInput, parameters: ["min_name": "min_points", "max_name": "max_points"])
        }
        return filter
    }
}
