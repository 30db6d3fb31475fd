import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// Resolves `Authorization: Bearer lnl_…` to a `Principal` (one indexed read), or answers 401.
///
/// Applied to the `/v1` group only; health, metrics and the OpenAPI document stay public.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = LinliRequestContext
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw DomainError.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw DomainError.invalidToken }
        let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let now = store.clock.now()
        let principal = try await store.read { db in try TokenCommands.authenticate(db, secret: secret, now: now) }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "member_id"] = .string(principal.memberID.rawValue)
        context.logger[metadataKey: "community_id"] = .string(principal.communityID.rawValue)
        return try await next(request, context)
    }
}
