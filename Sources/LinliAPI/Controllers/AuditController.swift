import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/audit`: the community's audit log, for moderators and admins.
struct AuditController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        group.get("/audit") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.auditRead)
            let page = try RequestParameters.page(request, settings: settings)
            let query = request.uri.queryParameters
            let targetType = query["target_type"].map(String.init)
            let targetID = query["target_id"].map(String.init)
            if let targetType, targetType.count > 40 { throw RequestParameters.invalidQuery("target_type") }
            if let targetID, targetID.count > 80 { throw RequestParameters.invalidQuery("target_id") }
            let result = try await store.read { db in
                try AuditQueries.list(db, principal: principal, targetType: targetType, targetID: targetID, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request, AuditEntryView.init))
        }
    }
}
