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
        if let first = Self.problems(patterns).first { throw first }
        self.patterns = patterns
    }

    /// Every problem with `patterns` (none: `init` accepts them), each pattern's at its index.
    public static func problems(_ patterns: [String]) -> [EndpointValidationError] {
        guard !patterns.isEmpty else {
            return [EndpointValidationError(.eventFilterEmpty, field: "events", detail: "subscribe to at least one event type")]
        }
        guard patterns.count <= Self.maxPatterns else {
            return [EndpointValidationError(.eventFilterInvalid, field: "events", detail: "at most \(Self.maxPatterns) patterns")]
        }
        return patterns.enumerated().filter { !Self.isValidPattern($0.element) }.map { index, pattern in
            EndpointValidationError(.eventFilterInvalid, field: "events/\(index)", detail: "'\(pattern)' is not a.b, a.* or *")
        }
    }

    /// `patterns` with each malformed one (and an empty list) replaced by `*`, which draws no
    /// complaint of its own: the rest of an endpoint is judged while its filter is refused, so
    /// every problem is named at once (helper 134: a malformed pattern hid an unknown type and a
    /// bad description). Never stored.
    public static func standIn(for patterns: [String]) -> EventTypeFilter {
        EventTypeFilter(validated: patterns.isEmpty ? ["*"] : patterns.prefix(maxPatterns).map { isValidPattern($0) ? $0 : "*" })
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
