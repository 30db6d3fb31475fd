import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/events`: swap markets and activities. Everyone sees them and registers themselves;
/// station staff and organizers register residents who ask at the desk and check people in at
/// the door; organizers announce, change and cancel them.
struct EventsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let limit = settings.maxBodyBytes
        let rules = dependencies.listings.rules

        group.get("/events") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.eventRead)
            let page = try RequestParameters.page(request, settings: settings)
            let when: EventTimeFilter = try RequestParameters.enumeration(request, "when") ?? .upcoming
            let kind: CommunityEvent.Kind? = try RequestParameters.enumeration(request, "kind")
            let now = store.clock.now()
            let (result, doors) = try await store.read { db in
                let result = try CommunityEventQueries.list(db, principal: principal, when: when, kind: kind, now: now, page: page)
                return (result, try result.items.map { try CommunityEventQueries.checkInOpensAt(db, rules: rules, event: $0.event) })
            }
            let opening = Dictionary(zip(result.items.map(\.event.id), doors)) { first, _ in first }
            return try JSONResponse.make(
                PageView(result, for: request) { EventView($0, now: now, checkInOpensAt: opening[$0.event.id] ?? $0.event.startsAt) })
        }
        group.post("/events") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.eventManage)
            let input = try await JSONBody.decode(NewCommunityEventInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let (summary, door) = try await store.transaction { tx in
                let summary = try CommunityEventCommands.create(tx, principal: principal, input: input, actor: actor, rules: rules)
                return (summary, try CommunityEventQueries.checkInOpensAt(tx.db, rules: rules, event: summary.event))
            }
            return try JSONResponse.make(
                EventView(summary, now: store.clock.now(), checkInOpensAt: door), status: .created, version: summary.event.version,
                location: "/v1/events/\(summary.event.id)")
        }
        group.get("/events/{id}") { _, context in
            let id: CommunityEventID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let (summary, door) = try await store.read { db in
                let summary = try CommunityEventQueries.summary(db, principal: principal, id: id)
                return (summary, try CommunityEventQueries.checkInOpensAt(db, rules: rules, event: summary.event))
            }
            return try JSONResponse.make(EventView(summary, now: now, checkInOpensAt: door), version: summary.event.version)
        }
        change(group, .patch, "/events/{id}", body: CommunityEventPatch.self) { tx, principal, id, version, patch, actor in
            try CommunityEventCommands.update(
                tx, principal: principal, id: id, patch: patch, expectedVersion: version, actor: actor, rules: rules)
        }
        change(group, .post, "/events/{id}/cancel", body: EventReasonInput.self) { tx, principal, id, version, input, actor in
            try CommunityEventCommands.cancel(tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor)
        }
        change(group, .post, "/events/{id}/close-registration", body: EventReasonInput.self) { tx, principal, id, version, input, actor in
            try CommunityEventCommands.closeRegistration(tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor)
        }
        group.post("/events/{id}/registrations") { request, context in
            let id: CommunityEventID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.eventRead)
            let input = try await JSONBody.decode(EventRegistrationInput.self, from: request, limit: limit, allowEmpty: true)
            let actor = try context.auditActor()
            let entry = try await store.transaction { tx in
                try EventRegistrationCommands.register(tx, principal: principal, event: id, input: input, actor: actor)
            }
            return try JSONResponse.make(
                EventRegistrationView(entry), status: .created, version: entry.registration.version,
                location: "/v1/event-registrations/\(entry.registration.id)")
        }
        group.get("/events/{id}/registrations") { request, context in
            let id: CommunityEventID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.eventCheckIn)
            if try RequestParameters.wantsCSV(request) {
                // The sheet for the door is every live registration, seated first: it has no
                // filter or pages, and a client asking for them must not get the whole sheet
                // believing it got what it asked for.
                // Said as such: "the value of state is invalid" sent people looking at a valid value.
                for name in ["state", "limit", "cursor"] where request.uri.queryParameters[Substring(name)] != nil {
                    throw DomainError(code: "query.not_with_format", category: .invalidInput, parameters: ["name": name, "format": "csv"])
                }
                let now = store.clock.now()
                let sheet = try await store.read { db in try CommunityEventQueries.signInSheet(db, principal: principal, event: id, now: now) }
                let body = EventSignInSheet.render(
                    sheet.rows, omitted: sheet.omitted, language: context.language, timeZoneID: sheet.timeZoneID, cancellation: sheet.cancellation)
                let headers: HTTPFields = [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"sign-in-\(id).csv\"",
                ]
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            let page = try RequestParameters.page(request, settings: settings)
            let state: EventRegistration.State? = try RequestParameters.enumeration(request, "state")
            let result = try await store.read { db in
                try CommunityEventQueries.registrations(db, principal: principal, event: id, state: state, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request, EventRegistrationView.init))
        }
        group.get("/event-registrations/{id}") { _, context in
            let id: EventRegistrationID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let entry = try await store.read { db in try CommunityEventQueries.registration(db, principal: principal, id: id) }
            return try JSONResponse.make(EventRegistrationView(entry), version: entry.registration.version)
        }
        group.post("/event-registrations/{id}/cancel") { request, context in
            let id: EventRegistrationID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let input = try await JSONBody.decode(EventReasonInput.self, from: request, limit: limit, allowEmpty: true)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let entry = try await store.transaction { tx in
                try EventRegistrationCommands.cancel(
                    tx, principal: principal, registration: id, input: input, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(EventRegistrationView(entry), version: entry.registration.version)
        }
        group.post("/event-registrations/{id}/check-in") { request, context in
            let id: EventRegistrationID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.eventCheckIn)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let entry = try await store.transaction { tx in
                try EventRegistrationCommands.checkIn(
                    tx, principal: principal, registration: id, expectedVersion: version, actor: actor, rules: rules)
            }
            return try JSONResponse.make(EventRegistrationView(entry), version: entry.registration.version)
        }
        group.post("/event-registrations/{id}/undo-check-in") { request, context in
            let id: EventRegistrationID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.eventCheckIn)
            let input = try await JSONBody.decode(EventReasonInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let entry = try await store.transaction { tx in
                try EventRegistrationCommands.undoCheckIn(
                    tx, principal: principal, registration: id, input: input, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(EventRegistrationView(entry), version: entry.registration.version)
        }
        group.get("/members/{id}/event-registrations") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let result = try await store.read { db in
                try CommunityEventQueries.memberRegistrations(db, principal: principal, member: id, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request, EventRegistrationView.init))
        }
    }

    /// Registers an organizer's change of an event: decode the body, honour If-Match, run it in
    /// one transaction, answer with the event and its new version.
    private func change<Body: StrictInput>(
        _ group: RouterGroup<LinliRequestContext>, _ method: HTTPRequest.Method, _ path: String, body: Body.Type,
        _ run: @escaping @Sendable (Transaction, Principal, CommunityEventID, Int?, Body, AuditActor) throws -> CommunityEventSummary
    ) {
        let store = dependencies.store
        let limit = dependencies.settings.maxBodyBytes
        let rules = dependencies.listings.rules
        group.on(RouterPath(path), method: method) { request, context in
            let id: CommunityEventID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.eventManage)
            let input = try await JSONBody.decode(Body.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let (summary, door) = try await store.transaction { tx in
                let summary = try run(tx, principal, id, version, input, actor)
                return (summary, try CommunityEventQueries.checkInOpensAt(tx.db, rules: rules, event: summary.event))
            }
            return try JSONResponse.make(EventView(summary, now: store.clock.now(), checkInOpensAt: door), version: summary.event.version)
        }
    }
}
