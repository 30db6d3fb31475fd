import Foundation
import Hummingbird
import LinliDelivery
import LinliDomain
import LinliStore

/// `/v1/webhooks`: endpoints (organizers, admins), their messages and attempts, resend and recover.
struct WebhooksController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        group.get("/webhooks/endpoints") { _, context in
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let endpoints = try await store.read { db in try WebhookEndpointCommands.list(db, principal: principal, now: now) }
            struct List: Encodable { let items: [EndpointView] }
            return try JSONResponse.make(List(items: endpoints.map(EndpointView.init)))
        }
        group.post("/webhooks/endpoints") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.webhooksManage)
            let input = try await JSONBody.decode(EndpointInput.self, from: request, limit: settings.maxBodyBytes)
            let actor = try context.auditActor()
            try input.checkApplicable(to: input.format)
            let created = try await store.transaction { tx in
                try WebhookEndpointCommands.create(
                    tx, principal: principal, draft: input.draft(), actor: actor, addressPolicy: settings.webhookAddressPolicy)
            }
            return JSONResponse.oneTimeSecret(try JSONResponse.make(
                EndpointWithSecretView(endpoint: EndpointView(created.endpoint), secret: created.secret), status: .created,
                version: created.endpoint.version, location: "/v1/webhooks/endpoints/\(created.endpoint.id)"))
        }
        group.get("/webhooks/endpoints/{id}") { _, context in
            let id: WebhookEndpointID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let now = store.clock.now()
            let endpoint = try await store.read { db in try WebhookEndpointCommands.fetch(db, principal: principal, id: id, now: now) }
            return try JSONResponse.make(EndpointView(endpoint), version: endpoint.version)
        }
        group.patch("/webhooks/endpoints/{id}") { request, context in
            let id: WebhookEndpointID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.webhooksManage)
            let input = try await JSONBody.decode(EndpointInput.self, from: request, limit: settings.maxBodyBytes)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let updated = try await store.transaction { tx in
                let current = try WebhookEndpointCommands.fetch(tx.db, principal: principal, id: id, now: tx.now)
                try input.checkApplicable(to: input.format ?? current.endpoint.format)
                return try WebhookEndpointCommands.update(
                    tx, principal: principal, id: id, draft: input.draft(current: current.endpoint.chat), expectedVersion: version,
                    actor: actor, addressPolicy: settings.webhookAddressPolicy)
            }
            return try JSONResponse.make(EndpointView(updated), version: updated.version)
        }
        group.delete("/webhooks/endpoints/{id}") { request, context in
            let id: WebhookEndpointID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.webhooksManage)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            try await store.transaction { tx in
                try WebhookEndpointCommands.delete(tx, principal: principal, id: id, expectedVersion: version, actor: actor)
            }
            return Response(status: .noContent)
        }
        group.post("/webhooks/endpoints/{id}/rotate-secret") { request, context in
            let id: WebhookEndpointID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.webhooksManage)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let rotated = try await store.transaction { tx in
                try WebhookEndpointCommands.rotateSecret(tx, principal: principal, id: id, expectedVersion: version, actor: actor)
            }
            return JSONResponse.oneTimeSecret(try JSONResponse.make(
                EndpointWithSecretView(endpoint: EndpointView(rotated.endpoint), secret: rotated.secret), version: rotated.endpoint.version))
        }
        group.get("/webhooks/endpoints/{id}/messages") { request, context in
            let id: WebhookEndpointID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let status: MessageStatus? = try RequestParameters.enumeration(request, "status")
            let result = try await store.read { db in
                try WebhookMessageCommands.list(db, principal: principal, endpoint: id, status: status, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request) { $0 })
        }
        group.post("/webhooks/endpoints/{id}/recover") { request, context in
            let id: WebhookEndpointID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.webhooksManage)
            let input = try await JSONBody.decode(RecoverInput.self, from: request, limit: settings.maxBodyBytes)
            let actor = try context.auditActor()
            let count = try await store.transaction { tx in
                try WebhookMessageCommands.recover(tx, principal: principal, endpoint: id, since: input.since, actor: actor)
            }
            return try JSONResponse.make(["requeued": count])
        }
        group.get("/webhooks/messages/{id}") { _, context in
            let id: WebhookMessageID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let (message, attempts) = try await store.read { db in
                (try WebhookMessageCommands.fetch(db, principal: principal, id: id),
                 try WebhookMessageCommands.attempts(db, principal: principal, message: id))
            }
            return try JSONResponse.make(MessageDetailView(message: message, attempts: attempts))
        }
        group.post("/webhooks/messages/{id}/resend") { _, context in
            let id: WebhookMessageID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let actor = try context.auditActor()
            let message = try await store.transaction { tx in
                try WebhookMessageCommands.resend(tx, principal: principal, id: id, actor: actor)
            }
            return try JSONResponse.make(message)
        }
    }
}
