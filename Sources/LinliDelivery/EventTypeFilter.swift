/// The event types an endpoint subscribes to: exact names (`listing.published`), prefix
/// wildcards (`listing.*`, matching every type under `listing.`) or `*` for everything.
///
/// Patterns are validated up front so a typo like `listing*` or `Listing.Published` is refused at
/// creation instead of silently never matching.
public struct EventTypeFilter: Hashable, Sendable, Codable {
    /// Upper bound on patterns per endpoint (DESIGN rule 6: limit everything).
    public static let maxPatterns = 64

    public let patterns: [String]

    public init(_ patterns: [String]) throws(EndpointValidationError) {
        guard !patterns.isEmpty else {
            throw EndpointValidationError(.eventFilterEmpty, field: "events", detail: "subscribe to at least one event type")
        }
        guard patterns.count <= Self.maxPatterns else {
            throw EndpointValidationError(.eventFilterInvalid, field: "events",
                                          detail: "at most \(Self.maxPatterns) patterns")
        }
        for (index, pattern) in patterns.enumerated() where !Self.isValidPattern(pattern) {
            throw EndpointValidationError(.eventFilterInvalid, field: "events/\(index)",
                                          detail: "'\(pattern)' is not a.b, a.* or *")
        }
        self.patterns = patterns
    }

    /// Whether an event of `type` is delivered to this endpoint.
    public func matches(_ type: String) -> Bool {
        patterns.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasSuffix(".*") { return type.hasPrefix(pattern.dropLast()) }
            return pattern == type
        }
    }

    /// A filter of one pattern already validated (one of `patterns`).
    static func only(_ pattern: String) -> EventTypeFilter { EventTypeFilter(validated: [pattern]) }

    private init(validated patterns: [String]) { self.patterns = patterns }

    /// `*`, or dot-separated lower-case segments (`[a-z0-9_]+`) with an optional trailing `.*`.
    static func isValidPattern(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        let body = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : pattern
        guard !body.isEmpty, body.utf8.count <= 128 else { return false }
        return body.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            }
        }
    }
}
