import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/households`.
struct HouseholdsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        group.get("/households") { request, context in
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let result = try await store.read { db in try HouseholdCommands.listVisible(db, principal: principal, page: page) }
            return try JSONResponse.make(PageView(result, for: request, HouseholdView.init))
        }
        group.post("/households") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.householdWrite)
            let input = try await JSONBody.decode(NewHouseholdInput.self, from: request, limit: settings.maxBodyBytes)
            let actor = try context.auditActor()
            let household = try await store.transaction { tx in
                try HouseholdCommands.create(tx, community: principal.communityID, input: input, principal: principal, actor: actor)
            }
            return try JSONResponse.make(
                HouseholdView(household), status: .created, version: household.version, location: "/v1/households/\(household.id)")
        }
        group.get("/households/{id}") { request, context in
            let id: HouseholdID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let household = try await store.read { db in try HouseholdCommands.fetchVisible(db, principal: principal, id: id) }
            return try JSONResponse.make(HouseholdView(household), version: household.version)
        }
        group.patch("/households/{id}") { request, context in
            let id: HouseholdID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.householdWrite)
            let patch = try await JSONBody.decode(HouseholdPatch.self, from: request, limit: settings.maxBodyBytes)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let household = try await store.transaction { tx in
                try HouseholdCommands.update(tx, principal: principal, id: id, patch: patch, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(HouseholdView(household), version: household.version)
        }
    }
}
