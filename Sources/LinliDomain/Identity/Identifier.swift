import Foundation

/// A kind of entity that has its own identifier space (and its own visible prefix).
///
/// Prefixed identifiers (`mem_…`, `hh_…`) make logs, audit entries and support requests readable
/// and make it impossible to pass a household id where a member id is expected, in code or in a URL.
public protocol IdentifierKind: Sendable {
    /// The short prefix written before the underscore, e.g. `mem`.
    static var prefix: String { get }
}

/// A typed, prefixed, time-ordered identifier such as `mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V`.
///
/// The body is 26 Crockford base-32 characters (48-bit millisecond time + 80 bits of entropy, as in
/// ULID), so identifiers sort in creation order; cursor pagination relies on that.
public struct Identifier<Kind: IdentifierKind>: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Parses an identifier, accepting only the right prefix and a well-formed body.
    public init?(_ rawValue: String) {
        guard Self.isWellFormed(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Wraps a value that is known to be well formed (generated, or read back from the database).
    public init(trusted rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `text` has this kind's prefix followed by 26 Crockford base-32 characters.
    ///
    /// Walks the UTF-8 view in place: every row read back checks its identifiers, so copying
    /// the text and the prefix into arrays showed up in the profile of a browse page.
    public static func isWellFormed(_ text: String) -> Bool {
        let prefix = Kind.prefix.utf8
        let utf8 = text.utf8
        guard utf8.count == prefix.count + 1 + CrockfordBase32.bodyLength else { return false }
        var index = utf8.startIndex
        for byte in prefix {
            guard utf8[index] == byte else { return false }
            index = utf8.index(after: index)
        }
        guard utf8[index] == UInt8(ascii: "_") else { return false }
        return utf8[utf8.index(after: index)...].allSatisfy(CrockfordBase32.isDigit)
    }
}

extension Identifier: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Identifier(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a well-formed \(Kind.prefix)_ identifier")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public enum CommunityKind: IdentifierKind { public static let prefix = "cmt" }
public enum HouseholdKind: IdentifierKind { public static let prefix = "hh" }
public enum MemberKind: IdentifierKind { public static let prefix = "mem" }
public enum TokenKind: IdentifierKind { public static let prefix = "tok" }
public enum AuditEntryKind: IdentifierKind { public static let prefix = "aud" }
public enum EventKind: IdentifierKind { public static let prefix = "evt" }

public typealias CommunityID = Identifier<CommunityKind>
public typealias HouseholdID = Identifier<HouseholdKind>
public typealias MemberID = Identifier<MemberKind>
public typealias TokenID = Identifier<TokenKind>
public typealias AuditEntryID = Identifier<AuditEntryKind>
public typealias EventID = Identifier<EventKind>

public enum RuleSetKind: IdentifierKind { public static let prefix = "rs" }
public typealias RuleSetID = Identifier<RuleSetKind>

public enum WebhookEndpointKind: IdentifierKind { public static let prefix = "whe" }
public enum WebhookMessageKind: IdentifierKind { public static let prefix = "msg" }
public enum WebhookAttemptKind: IdentifierKind { public static let prefix = "att" }
public typealias WebhookEndpointID = Identifier<WebhookEndpointKind>
public typealias WebhookMessageID = Identifier<WebhookMessageKind>
public typealias WebhookAttemptID = Identifier<WebhookAttemptKind>
