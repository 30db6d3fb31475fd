import Foundation

/// A JSON document as a value: the event payload travels through the outbox as JSON and is both
/// re-encoded (standard format) and fed to Mustache (chat formats), so it must be inspectable
/// without a concrete Swift type per event.
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Member of an object, nil otherwise. Setting on a non-object makes it an object holding
    /// just that member (payload builders start from `.null` as often as from `[:]`).
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let members) = self { return members[key] } else { return nil }
        }
        set {
            var members: [String: JSONValue] = if case .object(let existing) = self { existing } else { [:] }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The string value, nil otherwise.
    public var stringValue: String? {
        if case .string(let value) = self { return value } else { return nil }
    }

    /// An integer, also when the JSON wrote it as a whole-number double.
    public var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: Int64(value)
        default: nil
        }
    }

    /// Plain Swift values for Mustache, which renders dictionaries and arrays. A null is Mustache's
    /// missing value (`NSNull`): it renders as nothing and a `{{#data.x}}` section over it is
    /// skipped (an empty string counted as present, and `{{^data.x}}` never showed; helper 162 #9).
    var mustacheValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .int(let value): return value
        case .double(let value): return value
        case .string(let value): return value
        case .array(let values): return values.map(\.mustacheValue)
        case .object(let members): return members.mapValues(\.mustacheValue)
        }
    }
}

/// Literals keep payload-building code (renderers, tests, emitters) readable.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
