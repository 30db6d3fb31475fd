import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/exchanges`: request a listing, then accept / decline / cancel / report-minutes / complete / no-show /
/// dispute / withdraw-dispute / resolve. Each step is one transaction; `If-Match` guards against stale clicks, and
/// `Idempotency-Key` replays a retried step's response (the ledger keys are per exchange and step,
/// so points never move twice either way).
struct ExchangesController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let services = dependencies.exchanges
        let limit = settings.maxBodyBytes

        group.get("/exchanges") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeParticipate)
            let page = try RequestParameters.page(request, settings: settings)
            let state: ExchangeState? = try RequestParameters.enumeration(request, "state")
            let now = store.clock.now()
            // Which are frozen by a fraud-signal case, as on the detail: a moderator's queue of
            // disputes shows which wait for a case before they can be resolved.
            let (result, frozen, names) = try await store.read { db in
                let result = try ExchangeQueries.list(db, principal: principal, state: state, page: page, now: now)
                var frozen: [ExchangeID: CaseID] = [:]
                for exchange in result.items {
                    frozen[exchange.id] = try ExchangeFreezes.frozenBy(db, community: exchange.communityID, exchange: exchange.id)
                }
                return (result, frozen, try ExchangeNames.fetch(db, result.items))
            }
            return try JSONResponse.make(
                PageView(result, for: request) { exchange in
                    var view = ExchangeView(exchange, namingModerator: principal.can(.exchangeResolve))
                    view.frozenByCase = frozen[exchange.id]?.rawValue
                    view.name(names[exchange.id])
                    return view
                })
        }
        group.post("/exchanges") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeParticipate)
            let input = try await JSONBody.decode(ExchangeRequestInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let (outcome, names) = try await store.transaction { tx in
                let outcome = try ExchangeCommands.request(tx, principal: principal, input: input, services: services, actor: actor)
                return (outcome, try ExchangeNames.fetch(tx.db, [outcome.exchange]))
            }
            var view = ExchangeView(outcome.exchange, language: context.language, namingModerator: principal.can(.exchangeResolve))
            view.name(names[outcome.exchange.id])
            return try JSONResponse.make(view, status: .created, version: outcome.exchange.version, location: "/v1/exchanges/\(outcome.exchange.id)")
        }
        group.get("/exchanges/{id}") { _, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let rules = services.listings.rules
            let now = store.clock.now()
            let (detail, names) = try await store.read { db in
                let detail = try ExchangeQueries.detail(db, principal: principal, id: id, rules: rules, now: now)
                return (detail, try ExchangeNames.fetch(db, [detail.exchange]))
            }
            var view = ExchangeView(detail.exchange, language: context.language, namingModerator: principal.can(.exchangeResolve))
            view.name(names[detail.exchange.id])
            view.credit = [
                "payer": .init(memberId: detail.payerCredit.member.rawValue, score: detail.payerCredit.score.description, level: detail.payerCredit.level),
                "provider": .init(
                    memberId: detail.providerCredit.member.rawValue, score: detail.providerCredit.score.description, level: detail.providerCredit.level),
            ]
            view.frozenByCase = detail.frozenBy?.rawValue
            return try JSONResponse.make(view, version: detail.exchange.version)
        }
        step(group, "accept") { tx, principal, id, version, _, actor in
            try ExchangeCommands.accept(tx, principal: principal, id: id, expectedVersion: version, services: services, actor: actor)
        }
        step(group, "decline", body: ExchangeReasonInput.self) { tx, principal, id, version, input, actor in
            try ExchangeCommands.decline(
                tx, principal: principal, id: id, input: input ?? ExchangeReasonInput(), expectedVersion: version, actor: actor)
        }
        step(group, "cancel", body: ExchangeReasonInput.self) { tx, principal, id, version, input, actor in
            try ExchangeCommands.cancel(
                tx, principal: principal, id: id, input: input ?? ExchangeReasonInput(), expectedVersion: version, services: services,
                actor: actor)
        }
        step(group, "complete", body: ExchangeCompletionInput.self) { tx, principal, id, version, input, actor in
            try ExchangeCompletionCommands.complete(
                tx, principal: principal, id: id, input: input ?? ExchangeCompletionInput(), expectedVersion: version,
                services: services, actor: actor)
        }
        step(group, "report-minutes", body: ExchangeMinutesInput.self, required: true) { tx, principal, id, version, input, actor in
            try ExchangeCompletionCommands.reportMinutes(
                tx, principal: principal, id: id, input: input ?? ExchangeMinutesInput(minutes: nil), expectedVersion: version, actor: actor)
        }
        step(group, "no-show", body: ExchangeNoShowInput.self) { tx, principal, id, version, input, actor in
            try ExchangeIncidentCommands.noShow(
                tx, principal: principal, id: id, input: input ?? ExchangeNoShowInput(), expectedVersion: version,
                services: services, actor: actor)
        }
        step(group, "dispute", body: ExchangeReasonInput.self, required: true) { tx, principal, id, version, input, actor in
            try ExchangeIncidentCommands.dispute(
                tx, principal: principal, id: id, input: input ?? ExchangeReasonInput(), expectedVersion: version, services: services,
                actor: actor)
        }
        step(group, "withdraw-dispute", body: ExchangeReasonInput.self) { tx, principal, id, version, input, actor in
            try ExchangeDisputeWithdrawal.withdraw(
                tx, principal: principal, id: id, input: input ?? ExchangeReasonInput(), expectedVersion: version, services: services,
                actor: actor)
        }
        group.post("/exchanges/{id}/resolve") { request, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeResolve)
            let input = try await JSONBody.decode(ExchangeResolutionInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            return try await Self.performed(store, context: context) { tx in
                try ExchangeIncidentCommands.resolve(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, services: services, actor: actor)
            }
        }
    }

    /// Registers `POST /exchanges/{id}/<name>`: decode the optional (or required) body, run the
    /// step in one transaction, answer with the exchange and its new version.
    private func step<Body: StrictInput>(
        _ group: RouterGroup<LinliRequestContext>, _ name: String, body: Body.Type, required: Bool = false,
        _ run: @escaping @Sendable (Transaction, Principal, ExchangeID, Int?, Body?, AuditActor) throws -> ExchangeOutcome
    ) {
        let store = dependencies.store
        let limit = dependencies.settings.maxBodyBytes
        group.post("/exchanges/{id}/\(name)") { request, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeParticipate)
            let input = try await JSONBody.decode(Body.self, from: request, limit: limit, allowEmpty: !required)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            return try await Self.performed(store, context: context) { tx in try run(tx, principal, id, version, input, actor) }
        }
    }

    /// A step without a body (any body sent is ignored, as for the listing steps).
    private func step(
        _ group: RouterGroup<LinliRequestContext>, _ name: String,
        _ run: @escaping @Sendable (Transaction, Principal, ExchangeID, Int?, Never?, AuditActor) throws -> ExchangeOutcome
    ) {
        let store = dependencies.store
        group.post("/exchanges/{id}/\(name)") { request, context in
            let id: ExchangeID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.exchangeParticipate)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            return try await Self.performed(store, context: context) { tx in try run(tx, principal, id, version, nil, actor) }
        }
    }

    /// Runs a step in one transaction, reading the exchange's title and names in it, and answers.
    static func performed(
        _ store: Store, context: LinliRequestContext, _ step: @escaping @Sendable (Transaction) throws -> ExchangeOutcome
    ) async throws -> Response {
        let (outcome, names) = try await store.transaction { tx in
            let outcome = try step(tx)
            return (outcome, try ExchangeNames.fetch(tx.db, [outcome.exchange]))
        }
        return try respond(outcome, names: names[outcome.exchange.id], context: context)
    }

    /// The exchange after a step, with the ledger warnings it raised for the caller (or the member
    /// they act for): the payer's near-limit warning tells their balance, which the owner accepting
    /// or the provider completing must not learn from the answer.
    static func respond(_ outcome: ExchangeOutcome, names: ExchangeNames?, context: LinliRequestContext) throws -> Response {
        let warnings = try LedgerWarningAudience.own(outcome.warnings, context: context, actingFor: outcome.actingFor)
        var view = ExchangeView(
            outcome.exchange, warnings: warnings, language: context.language,
            namingModerator: try context.requirePrincipal().can(.exchangeResolve))
        view.name(names)
        return try JSONResponse.make(view, version: outcome.exchange.version)
    }
}
