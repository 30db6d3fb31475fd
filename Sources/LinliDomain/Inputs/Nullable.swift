/// A PATCH field: absent (leave as is), explicitly null (clear), or a new value.
///
/// Plain optionals cannot tell "not sent" from "sent as null", which matters for fields such as
/// a member's household.
public enum PatchField<Value: Sendable & Equatable>: Sendable, Equatable {
    case absent
    case null
    case value(Value)

    /// Applies the patch to a current optional value.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .absent: return current
        case .null: return nil
        case .value(let value): return value
        }
    }

    public var isPresent: Bool { self != .absent }
}

extension KeyedDecodingContainer {
    /// Decodes a PATCH field, distinguishing absent keys from explicit nulls.
    public func decodePatch<Value: Decodable & Sendable & Equatable>(_ type: Value.Type, forKey key: Key) throws -> PatchField<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
