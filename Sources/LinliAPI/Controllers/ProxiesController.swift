import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/proxies`: residents' consents that a station staff member acts for them (`ProxyConsent`).
struct ProxiesController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let limit = settings.maxBodyBytes

        group.get("/proxies") { request, context in
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let filter = ProxyConsentCommands.Filter(
                memberID: try RequestParameters.identifier(request, "member_id"),
                agentID: try RequestParameters.identifier(request, "agent_id"),
                state: try RequestParameters.enumeration(request, "state"))
            let now = store.clock.now()
            let (result, pauses) = try await store.read { db in
                let result = try ProxyConsentCommands.list(db, principal: principal, filter: filter, now: now, page: page)
                return (result, try ProxyConsentCommands.pauses(db, community: principal.communityID, consents: result.items, at: now))
            }
            return try JSONResponse.make(PageView(result, for: request) { ProxyConsentView($0, now: now, pause: pauses[$0.id]) })
        }
        group.post("/proxies") { request, context in
            let principal = try context.requirePrincipal()
            let input = try await JSONBody.decode(NewProxyConsentInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let consent = try await store.transaction { tx in
                try ProxyConsentCommands.grant(tx, principal: principal, input: input, actor: actor)
            }
            return try JSONResponse.make(
                ProxyConsentView(consent, now: store.clock.now()), status: .created, version: consent.version,
                location: "/v1/proxies/\(consent.id)")
        }
        group.get("/proxies/{id}") { _, context in
            let id: ProxyConsentID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let (consent, pauses) = try await store.read { db in
                let consent = try ProxyConsentCommands.fetchVisible(db, principal: principal, id: id)
                return (consent, try ProxyConsentCommands.pauses(db, community: principal.communityID, consents: [consent], at: now))
            }
            return try JSONResponse.make(ProxyConsentView(consent, now: now, pause: pauses[consent.id]), version: consent.version)
        }
        group.post("/proxies/{id}/renew") { request, context in
            let id: ProxyConsentID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let input = try await JSONBody.decode(ProxyRenewalInput.self, from: request, limit: limit, allowEmpty: true)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let consent = try await store.transaction { tx in
                try ProxyConsentRenewals.renew(tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(ProxyConsentView(consent, now: store.clock.now()), version: consent.version)
        }
        group.post("/proxies/{id}/revoke") { request, context in
            let id: ProxyConsentID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let input = try await JSONBody.decode(ProxyRevocationInput.self, from: request, limit: limit, allowEmpty: true)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let consent = try await store.transaction { tx in
                try ProxyConsentCommands.revoke(tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(ProxyConsentView(consent, now: store.clock.now()), version: consent.version)
        }
    }
}
