import Foundation

/// The one error type of the core. Every failure a client can cause is one of these, with a
/// stable `code` (documented, never renamed) and a category the API turns into an HTTP status.
public struct DomainError: Error, Sendable, Equatable {
    /// How the API should answer, independent of HTTP in the core.
    public enum Category: String, Sendable, Equatable {
        case invalidInput       // 400 / 422
        case unauthenticated    // 401
        case forbidden          // 403
        case notFound           // 404
        case methodNotAllowed   // 405: the path exists, the method does not
        case conflict           // 409
        case tooLarge           // 413
        case unsupportedMedia   // 415
        case rateLimited        // 429
        case unavailable        // 503
        case internalFailure    // 500: a bug or an operational failure, never the client's fault
    }

    public let code: String
    public let category: Category
    /// Values substituted into the catalog's message templates, and shown to API clients as the
    /// problem's `parameters`: instants among them in ISO 8601 UTC.
    public let parameters: [String: String]
    /// The parameters that are instants (`starts_at`, `until`…), as instants: a message shows them
    /// in the reader's community's local time (`LocalInstantText`), which ISO 8601 UTC text in
    /// `parameters` alone could not tell from any other string.
    public let instants: [String: Date]
    /// Field-level problems, for validation errors.
    public let fieldIssues: [FieldIssue]
    /// Problems located in an uploaded document (a rule file), by line and column.
    public let diagnostics: [DocumentDiagnostic]

    /// `instants` join `parameters` as ISO 8601 UTC (an instant wins over a text of the same name).
    public init(
        code: String, category: Category, parameters: [String: String] = [:], instants: [String: Date] = [:],
        fieldIssues: [FieldIssue] = [], diagnostics: [DocumentDiagnostic] = []
    ) {
        self.code = code
        self.category = category
        self.parameters = LocalInstantText.utcParameters(parameters, instants: instants)
        self.instants = instants
        self.fieldIssues = fieldIssues
        self.diagnostics = diagnostics
    }
}

extension DomainError {
    public static func validation(_ issues: [FieldIssue]) -> DomainError {
        DomainError(code: "validation_failed", category: .invalidInput, fieldIssues: issues)
    }

    /// An object that does not exist *in the caller's community* (another tenant's objects too).
    public static func notFound(_ resource: String, id: String) -> DomainError {
        DomainError(code: "\(resource).not_found", category: .notFound, parameters: ["id": id])
    }

    public static func forbidden(_ permission: Permission) -> DomainError {
        DomainError(code: "forbidden", category: .forbidden, parameters: ["permission": permission.rawValue])
    }

    /// The row changed since the client read it (optimistic concurrency).
    public static func versionConflict(current: Int) -> DomainError {
        DomainError(code: "version_conflict", category: .conflict, parameters: ["current_version": String(current)])
    }

    public static let unauthenticated = DomainError(code: "auth.missing", category: .unauthenticated)
    public static let invalidToken = DomainError(code: "auth.invalid_token", category: .unauthenticated)
    public static let memberInactive = DomainError(code: "auth.member_inactive", category: .forbidden)

    /// 401 for a hand-over token already spent: it minted a token, or she has another (`auth
    /// .hand_over_token_spent`, saying what to do, where a bare "invalid token" left her locked out).
    public static let handOverTokenSpent = DomainError(code: "auth.hand_over_token_spent", category: .unauthenticated)

    /// 403 for a new community's hand-over token anywhere but minting her own token
    /// (`Principal.handOver`), naming her id for the route that does.
    public static func handOverToken(_ member: MemberID) -> DomainError {
        DomainError(code: "auth.hand_over_token", category: .forbidden, parameters: ["member_id": member.rawValue])
    }
}
