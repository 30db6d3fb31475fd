import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// Resolves `Authorization: Bearer lnl_…` to a `Principal` (one indexed read, or none while
/// `PrincipalCache` holds it), or answers 401. A suspended or banned member gets 403
/// `auth.member_inactive` except on the few routes about their own standing (`InactiveMemberRoutes`).
///
/// A domain error thrown behind it leaves as a `CommunityScopedError`, carrying the community's time
/// zone for its message (`ProblemMiddleware`).
///
/// Applied to the `/v1` group only; health, metrics and the OpenAPI document stay public.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = LinliRequestContext
    let store: Store
    let cache: PrincipalCache

    public init(store: Store) {
        self.store = store
        cache = PrincipalCache(generation: store.database.authGeneration)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw DomainError.unauthenticated }
        let parts = header.split(separator: " ", maxSplits: 1)
        // Another scheme (Basic, say) is no bearer token at all: challenged without an error code
        // (RFC 6750 §3.1), as if none had been sent.
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw DomainError.unauthenticated }
        let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let now = store.clock.now()
        guard TokenSecrets.isPlausible(secret) else { throw DomainError.invalidToken }
        let hash = TokenSecrets.hash(secret)
        let principal: Principal
        if let cached = cache.principal(for: hash, now: now) {
            principal = cached
        } else {
            let generation = cache.generation.current
            let found = try await store.read { db in try TokenCommands.authenticate(db, tokenHash: hash, now: now) }
            // Not cached while inactive: a suspension ends with time, not with a write the
            // cache's generation would notice.
            if found.principal.active {
                cache.store(found.principal, for: hash, generation: generation, now: now, tokenExpiresAt: found.expiresAt)
            }
            principal = found.principal
        }
        context.caller.record(principal)
        if !principal.active, !InactiveMemberRoutes.allows(request.method, context.endpointPath) {
            throw DomainError.memberInactive
        }
        if principal.handOver, !HandOverTokenRoutes.allows(request.method, context.endpointPath) {
            throw DomainError.handOverToken(principal.memberID)
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "member_id"] = .string(principal.memberID.rawValue)
        context.logger[metadataKey: "community_id"] = .string(principal.communityID.rawValue)
        do {
            var response = try await next(request, context)
            // What a member reads is hers: phones, points, a passbook, a sign-in sheet. Not kept
            // by a browser on the station's shared computer for the next person (helper 153 #3).
            // An answer that says otherwise (a photo, a one-time secret) keeps its own. Set here,
            // outside `IdempotencyMiddleware`, which reads `no-store` as "holds a one-time secret".
            if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "private, no-store" }
            response.headers[.xContentTypeOptions] = "nosniff"
            return response
        } catch let error as DomainError {
            throw CommunityScopedError(error: error, timeZoneID: principal.timeZoneID)
        }
    }
}
