import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import Logging

/// Turns every error into `application/problem+json`: domain errors with their code and localized
/// message (instants in the caller's community's local time, see `CommunityScopedError`),
/// Hummingbird's own errors (no route, oversize body) with ours, and anything unexpected into a
/// bare 500 that is logged with context but reveals nothing. An unmatched request whose
/// path exists with other methods is a 405 with `Allow` (see `RouteMethods`).
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = LinliRequestContext

    let methods: RouteMethods
    /// The request body limit (`server.max_body_bytes`), named in a 413 that Hummingbird itself
    /// raised: the reader that refused the body did not say which limit it applied.
    let maxBodyBytes: Int
    /// The store's clock, against which a 429's `retry_at` was computed: `Retry-After` counts from
    /// the same "now", so the two agree under a test's manual clock too.
    let clock: any WallClock

    public init(methods: RouteMethods = RouteMethods(), maxBodyBytes: Int, clock: any WallClock = SystemWallClock()) {
        self.methods = methods
        self.maxBodyBytes = maxBodyBytes
        self.clock = clock
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let response = Self.response(
                for: error, request: request, context: context, methods: methods, maxBodyBytes: maxBodyBytes, now: clock.now())
            // A HEAD answer never has a body (RFC 9110 §9.3.2), a refusal included.
            return request.method == .head ? response.createHeadResponse() : response
        }
    }

    static func response(
        for error: any Error, request: Request, context: Context, methods: RouteMethods, maxBodyBytes: Int, now: Date
    ) -> Response {
        let domainError: DomainError
        var headers = HTTPFields()
        var timeZoneID = context.principal?.timeZoneID ?? Community.defaultTimezone
        switch error {
        case let scoped as CommunityScopedError:
            domainError = scoped.error
            timeZoneID = scoped.timeZoneID
        case let error as DomainError:
            domainError = error
        case let error as HTTPError where error.status == .notFound:
            let allowed = methods.allowed(for: request.uri.path).map(\.rawValue).joined(separator: ", ")
            if allowed.isEmpty {
                domainError = DomainError(code: "route.not_found", category: .notFound, parameters: ["path": request.uri.path])
            } else {
                headers[.allow] = allowed
                domainError = DomainError(
                    code: "route.method_not_allowed", category: .methodNotAllowed,
                    parameters: ["path": request.uri.path, "method": request.method.rawValue, "allowed": allowed])
            }
        case let error as HTTPError where error.status == .contentTooLarge:
            domainError = DomainError(code: "body.too_large", category: .tooLarge, parameters: ["limit": String(maxBodyBytes)])
        default:
            // With the caller, as the access log line (helper 116: the line support most needs
            // to trace had no member or community).
            var metadata: Logger.Metadata = [
                "error": .string(String(reflecting: error)), "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
            ]
            for (key, value) in context.caller.logMetadata { metadata[key] = .string(value) }
            context.logger.error("unexpected error", metadata: metadata)
            return ProblemDetails(
                error: DomainError(code: "internal", category: .internalFailure), language: context.language,
                instance: request.uri.path, requestID: context.requestID
            ).response()
        }
        if domainError.category == .unauthenticated {
            // RFC 9110 §15.5.2 and RFC 6750 §3: every 401 names its scheme; a token that was sent
            // and refused also says so, so a client knows to ask for a new one.
            headers[.wwwAuthenticate] = domainError.code == DomainError.invalidToken.code || domainError.code == DomainError.handOverTokenSpent.code
                ? #"Bearer realm="linli", error="invalid_token""# : #"Bearer realm="linli""#
        }
        if domainError.category == .rateLimited, let retryAt = domainError.instants["retry_at"] {
            // RFC 9110 §10.2.3 / RFC 6585 §4: when a client may try again, in whole seconds
            // (rounded up, so a client that waits exactly that long is not refused once more).
            headers[.retryAfter] = String(max(1, Int(retryAt.timeIntervalSince(now).rounded(.up))))
        }
        return ProblemDetails(
            error: domainError, language: context.language, timeZoneID: timeZoneID, instance: request.uri.path,
            requestID: context.requestID
        ).response(extraHeaders: headers)
    }
}
