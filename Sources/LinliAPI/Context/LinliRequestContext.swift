import Hummingbird
import LinliDomain
import Logging

/// Per-request state shared by middleware and controllers: who is calling, in which language,
/// under which request id.
public struct LinliRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` on every `/v1` route.
    public var principal: Principal?
    /// Echoed in `X-Request-Id`, logged with every line, stored in audit entries.
    public var requestID: String
    /// From `Accept-Language`; zh-CN unless the client prefers English.
    public var language: Language
    /// The connection's peer address (text), when the channel has one.
    public var remoteAddress: String?
    /// Filled by `AuthMiddleware`, read by the access log on the way out (`RequestCaller`).
    public let caller = RequestCaller()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        requestID = ""
        language = .zhCN
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The authenticated caller; routes behind `AuthMiddleware` always have one.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw DomainError.unauthenticated }
        return principal
    }

    /// The actor recorded in audit entries for this request.
    public func auditActor() throws -> AuditActor {
        AuditActor.member(try requirePrincipal(), requestID: requestID)
    }
}
