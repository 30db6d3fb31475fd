import Foundation

/// One problem with one input field, addressed by a JSON Pointer (RFC 6901) such as `/phone`.
public struct FieldIssue: Sendable, Equatable, Codable {
    /// JSON Pointer to the offending field; "" means the whole body.
    public let pointer: String
    public let code: FieldIssueCode
    /// Values for the message template, e.g. `["max": "64"]`; instants among them in ISO 8601 UTC.
    public let parameters: [String: String]
    /// The parameters that are instants, shown in the community's local time (as `DomainError.instants`).
    /// Not encoded: a decoded issue shows its instants as the UTC text of `parameters`.
    public private(set) var instants: [String: Date] = [:]

    enum CodingKeys: String, CodingKey { case pointer, code, parameters }

    /// `instants` join `parameters` as ISO 8601 UTC.
    public init(_ pointer: String, _ code: FieldIssueCode, _ parameters: [String: String] = [:], instants: [String: Date] = [:]) {
        self.pointer = pointer
        self.code = code
        self.parameters = LocalInstantText.utcParameters(parameters, instants: instants)
        self.instants = instants
    }

    /// Builds a pointer from path components, escaping `~` and `/` as RFC 6901 requires.
    public static func pointer(_ components: [String]) -> String {
        components.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
            .joined()
    }
}

/// Stable codes for field-level problems. Clients switch on these; messages may change.
public enum FieldIssueCode: String, Sendable, Codable, CaseIterable {
    case required = "field.required"
    case wrongType = "field.wrong_type"
    case unknown = "field.unknown"
    case tooShort = "field.too_short"
    case tooLong = "field.too_long"
    case outOfRange = "field.out_of_range"
    case invalidValue = "field.invalid_value"
    case invalidFormat = "field.invalid_format"
    case notFound = "field.not_found"
    case duplicate = "field.duplicate"
    /// The same member name twice in one JSON object of the request (`{"area": null, "area": "北门"}`).
    case repeated = "field.repeated"
    /// Sent for a kind or case it does not apply to (e.g. `declared_cost` on a time listing).
    case notApplicable = "field.not_applicable"
}
