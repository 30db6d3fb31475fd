import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// No-show contests, under the exchange they are about (one per no-show, so the exchange id names
/// it): `POST /exchanges/{id}/contest-no-show` (the member named absent), `GET
/// /exchanges/{id}/no-show-contest` (whoever may see the exchange) and `POST
/// /exchanges/{id}/decide-contest` (moderators, admins; not in their own exchange). Apart from
/// `ExchangesController` because they answer with the contest, not the exchange.
struct NoShowContestsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let services = dependencies.exchanges
        let limit = dependencies.settings.maxBodyBytes

        group.post("/exchanges/{id}/contest-no-show") { request, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeParticipate)
            let input = try await JSONBody.decode(ExchangeReasonInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let contest = try await store.transaction { tx in
                try NoShowContestCommands.contest(tx, principal: principal, id: id, input: input, services: services, actor: actor)
            }
            return try JSONResponse.make(
                NoShowContestView(contest), status: .created, version: contest.version, location: "/v1/exchanges/\(id)/no-show-contest")
        }
        group.get("/no-show-contests") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeResolve)
            let state: NoShowContestState = try RequestParameters.enumeration(request, "state") ?? .open
            let page = try RequestParameters.page(request, settings: dependencies.settings)
            let (result, recordings) = try await store.read { db in
                let result = try ExchangeQueries.contests(db, principal: principal, state: state, page: page)
                return (result, try result.items.map { try NoShowContestCommands.recording(db, community: $0.communityID, exchange: $0.exchangeID) })
            }
            var recorded = recordings.makeIterator()
            return try JSONResponse.make(PageView(result, for: request) { NoShowContestView($0, recording: recorded.next()) })
        }
        group.get("/exchanges/{id}/no-show-contest") { _, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let staff = principal.can(.exchangeResolve)
            let (contest, recording) = try await store.read { db in
                let contest = try ExchangeQueries.contest(db, principal: principal, id: id, now: now)
                return (contest, staff ? try NoShowContestCommands.recording(db, community: contest.communityID, exchange: id) : nil)
            }
            return try JSONResponse.make(NoShowContestView(contest, namingModerator: staff, recording: recording), version: contest.version)
        }
        group.post("/exchanges/{id}/decide-contest") { request, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeResolve)
            let input = try await JSONBody.decode(NoShowContestDecisionInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let contest = try await store.transaction { tx in
                try NoShowContestCommands.decide(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, services: services, actor: actor)
            }
            return try JSONResponse.make(NoShowContestView(contest), version: contest.version)
        }
    }
}
