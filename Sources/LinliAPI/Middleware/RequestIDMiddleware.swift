import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import Logging

/// Gives every request an id (the client's `X-Request-Id` if it is sane, else a new one), puts it
/// in the logger metadata and echoes it in the response, and negotiates the response language.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = LinliRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = Self.acceptable(request.headers[.requestID]) ?? Self.generate()
        context.requestID = requestID
        context.language = Language.negotiate(request.headers[.acceptLanguage])
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response = try await next(request, context)
        response.headers[.requestID] = requestID
        // A replayed answer already says the language it was written in.
        if response.headers[.contentLanguage] == nil { response.headers[.contentLanguage] = context.language.rawValue }
        // Bodies and problem messages change with Accept-Language: a shared cache must key on it.
        if !(response.headers[values: .vary].contains { $0.lowercased().contains("accept-language") }) {
            response.headers.append(HTTPField(name: .vary, value: "Accept-Language"))
        }
        return response
    }

    /// Client-supplied ids are kept only if short and made of safe characters (they end up in logs).
    static func acceptable(_ value: String?) -> String? {
        guard let value, (1...64).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            })
        else { return nil }
        return value
    }

    /// `req_` and 16 lower-case hex digits (formatted without `String(format:)`, which cost every
    /// request, `/healthz` included, a few per cent of its CPU).
    static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let digits = String(rng.next() as UInt64, radix: 16)
        return "req_" + String(repeating: "0", count: 16 - digits.utf8.count) + digits
    }
}

extension HTTPField.Name {
    public static let requestID = HTTPField.Name("X-Request-Id")!
    public static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    public static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
