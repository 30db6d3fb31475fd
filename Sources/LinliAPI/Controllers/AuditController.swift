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
            var filter = AuditQueries.Filter()
            filter.targetType = query["target_type"].map(String.init)
            filter.targetID = query["target_id"].map(String.init)
            if let targetType = filter.targetType, targetType.count > 40 { throw RequestParameters.invalidQuery("target_type") }
            if let targetID = filter.targetID, targetID.count > 80 { throw RequestParameters.invalidQuery("target_id") }
            if let action = query["action"].map(String.init) {
                guard Self.isActionPattern(action) else { throw RequestParameters.invalidQuery("action", example: "token.revoked / proxy.*") }
                filter.action = action
            }
            if let since = query["since"] {
                filter.since = try LedgerParameters.instant(String(since), name: "since", timeZoneID: principal.timeZoneID).date
            }
            switch query["order"] {
            case nil, "oldest": break
            case "newest": filter.newestFirst = true
            default: throw RequestParameters.invalidQuery("order", allowed: "oldest, newest")
            }
            let chosen = filter
            let result = try await store.read { db in try AuditQueries.list(db, principal: principal, filter: chosen, page: page) }
            return try JSONResponse.make(PageView(result, for: request, AuditEntryView.init))
        }
    }

    /// An action name (`token.revoked`) or a prefix of one (`proxy.*`): lowercase words and dots.
    static func isActionPattern(_ text: String) -> Bool {
        let name = text.hasSuffix(".*") ? String(text.dropLast(2)) : text
        return (1...60).contains(name.count) && name.first != "." && name.last != "."
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" || $0 == "." }
    }
}
