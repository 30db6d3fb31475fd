import Hummingbird
import LinliDomain
import LinliStore

/// Tokens: a member's list, issuing (own, or others' with `token.issue_others`), revoking (own,
/// or those of a member one may issue a token for: the desk revokes a lost phone's).
struct TokensController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        group.get("/members/{id}/tokens") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let result = try await store.read { db -> Page<AccessToken> in
                _ = try MemberCommands.fetch(db, community: principal.communityID, id: id)
                return try TokenCommands.list(db, principal: principal, memberID: id, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request, TokenView.init))
        }
        group.post("/members/{id}/tokens") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            if id != principal.memberID { try principal.require(.tokenIssueOthers) }
            let input = try await JSONBody.decode(NewTokenInput.self, from: request, limit: settings.maxBodyBytes, allowEmpty: true)
            let actor = try context.auditActor()
            let issued = try await store.transaction { tx in
                try TokenCommands.issue(tx, community: principal.communityID, memberID: id, input: input, principal: principal, actor: actor)
            }
            return JSONResponse.oneTimeSecret(
                // The member's token list is where the new token can be read (`/v1/tokens/{id}`
                // only revokes).
                try JSONResponse.make(IssuedTokenView(issued), status: .created, location: "/v1/members/\(id)/tokens"))
        }
        group.delete("/tokens/{id}") { request, context in
            let id: TokenID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let input = try await JSONBody.decode(TokenRevocationInput.self, from: request, limit: settings.maxBodyBytes, allowEmpty: true)
            let actor = try context.auditActor()
            let token = try await store.transaction { tx in
                try TokenCommands.revoke(tx, principal: principal, id: id, input: input, actor: actor)
            }
            return try JSONResponse.make(TokenView(token))
        }
    }
}
