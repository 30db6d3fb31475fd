import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/communities`: read and edit one's own community; admins may create new ones.
struct CommunitiesController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let limit = dependencies.settings.maxBodyBytes
        let rules = dependencies.defaultRules
        group.post("/communities") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.communityCreate)
            let input = try await JSONBody.decode(NewCommunityInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let result = try await store.transaction { tx in
                try CommunityCommands.create(tx, input: input, rules: rules, principal: principal, actor: actor)
            }
            // The answer carries the new admin's token: never stored, not even for an idempotent
            // replay, and not cached on the way.
            return JSONResponse.oneTimeSecret(try JSONResponse.make(
                BootstrapView(result), status: .created, location: "/v1/communities/\(result.community.id)"))
        }
        group.get("/communities/{id}") { request, context in
            let id: CommunityID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            guard id == principal.communityID else { throw DomainError.notFound("community", id: id.rawValue) }
            try principal.require(.communityRead)
            let community = try await store.read { db in try CommunityCommands.fetch(db, id: id) }
            return try JSONResponse.make(CommunityView(community), version: community.version)
        }
        group.patch("/communities/{id}") { request, context in
            let id: CommunityID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            guard id == principal.communityID else { throw DomainError.notFound("community", id: id.rawValue) }
            try principal.require(.communityUpdate)
            let patch = try await JSONBody.decode(CommunityPatch.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let community = try await store.transaction { tx in
                try CommunityCommands.update(tx, principal: principal, id: id, patch: patch, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(CommunityView(community), version: community.version)
        }
    }
}
