import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain

/// An RFC 9457 problem-details body, Linli flavour: a stable `code`, a localized `title` and
/// `detail`, the request id, and one entry per invalid field with its JSON Pointer.
public struct ProblemDetails: Codable, Sendable, Equatable {
    public struct FieldError: Codable, Sendable, Equatable {
        public let pointer: String
        public let code: String
        public let detail: String
        /// A module's more specific stable code, e.g. `endpoint.chat_host_not_official`.
        public let reason: String?
        /// The values the detail was written from (`max`, `min`, `expires_at`, …; instants in
        /// ISO 8601 UTC), for a client that words its own message or fills a form's limit: a
        /// limit read out of the localized `detail` breaks with the next wording (helper 124).
        public let parameters: [String: String]?
    }

    /// A located problem in an uploaded document, e.g. `rules.yaml:12:5`.
    public struct Diagnostic: Codable, Sendable, Equatable {
        public let code: String
        public let severity: String
        public let location: String
        public let line: Int
        public let column: Int
        public let detail: String
    }

    public let type: String
    public let title: String
    public let status: Int
    public let detail: String
    public let code: String
    public let instance: String?
    public let requestId: String?
    public let errors: [FieldError]?
    public let diagnostics: [Diagnostic]?
    /// Extra machine-readable facts (e.g. `current_version`; instants in ISO 8601 UTC), never secrets.
    public let parameters: [String: String]?

    public static let mediaType = "application/problem+json"

    /// Builds the body for a domain error in the caller's language. `detail` shows instants in
    /// `timeZoneID`'s local time (`LocalInstantText`); `parameters` keeps them ISO 8601 UTC.
    public init(
        error: DomainError, language: Language, timeZoneID: String = Community.defaultTimezone, instance: String?, requestID: String?
    ) {
        let message = ErrorCatalog.message(for: error, in: language, timeZoneID: timeZoneID)
        type = "urn:linli:problem:\(error.code)"
        title = message.title
        status = Int(ProblemStatus.status(for: error).code)
        detail = message.detail
        code = error.code
        self.instance = instance
        requestId = requestID
        errors = error.fieldIssues.isEmpty ? nil : error.fieldIssues.map {
            FieldError(
                pointer: $0.pointer, code: $0.code.rawValue, detail: ErrorCatalog.message(for: $0, in: language, timeZoneID: timeZoneID),
                reason: $0.parameters["reason"], parameters: Self.values($0.parameters))
        }
        diagnostics = error.diagnostics.isEmpty ? nil : error.diagnostics.map {
            Diagnostic(
                code: $0.code, severity: $0.severity.rawValue, location: $0.location,
                line: $0.line, column: $0.column, detail: $0.message(in: language))
        }
        parameters = error.parameters.isEmpty ? nil : error.parameters
    }

    /// A field issue's parameters without `reason` (a member of its own), nil when none remain.
    static func values(_ parameters: [String: String]) -> [String: String]? {
        let values = parameters.filter { $0.key != "reason" }
        return values.isEmpty ? nil : values
    }

    /// Encodes the body as a response with `Content-Type: application/problem+json`.
    public func response(extraHeaders: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{\"code\":\"internal\"}".utf8)
        var headers = extraHeaders
        headers[.contentType] = Self.mediaType
        // A refusal can name a member or a balance: kept by no cache, as the answers it stands
        // in for (`AuthMiddleware`; helper 154 #14).
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Maps error categories (and a few specific codes) to HTTP statuses, in one place.
public enum ProblemStatus {
    /// Codes that mean "the request itself is unreadable" (400) rather than "a field is wrong" (422).
    static let badRequestCodes: Set<String> = [
        "json.malformed", "json.trailing_comma", "json.empty", "json.not_object", "id.malformed", "cursor.malformed", "query.invalid", "query.unknown", "query.none_taken", "query.repeated", "query.too_long", "query.too_many_words", "query.out_of_range", "query.range_inverted", "query.min_above_max", "query.not_with_format",
        "idempotency.key_invalid", "header.invalid", "device_id.invalid",
    ]

    public static func status(for error: DomainError) -> HTTPResponse.Status {
        switch error.category {
        case .invalidInput: return badRequestCodes.contains(error.code) ? .badRequest : .unprocessableContent
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .methodNotAllowed: return .methodNotAllowed
        case .conflict: return .conflict
        case .tooLarge: return .contentTooLarge
        case .unsupportedMedia: return .unsupportedMediaType
        case .rateLimited: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        case .internalFailure: return .internalServerError
        }
    }
}
