/// Unknown fields in a nested object of a request body: refused at their full pointer.
///
/// Why: a request's top-level fields are checked by the API's strict decoding, but a nested
/// object decoded by a synthesized `init(from:)` dropped what it did not know. A webhook endpoint
/// created with `"chat": {"signing_secert": "SEC…"}` (a typo) was stored unsigned, and the DingTalk
/// robot refused every message (session 27 review). Every unknown field is 422 `field.unknown`.
public enum NestedKeys {
    /// Throws `validation_failed` naming every key of the object being decoded that `Keys` lacks,
    /// and with them every one of `required` the object does not have: a misspelt field is
    /// usually the required one it was meant to be (helper 145 #6: `{"day": "mon", …}` in a list
    /// reported `/availability/0/day` unknown, not `/availability/0/weekday` missing, as the top
    /// level does).
    public static func check<Keys: CodingKey & RawRepresentable>(
        _ decoder: any Decoder, _: Keys.Type, required: [Keys] = []
    ) throws where Keys.RawValue == String {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let names = container.allKeys.map(\.stringValue)
        let unknown = names.filter { Keys(rawValue: $0) == nil }.sorted()
        guard !unknown.isEmpty else { return }
        let path = decoder.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        let missing = required.map(\.rawValue).filter { !names.contains($0) }
        throw DomainError.validation(
            unknown.map { FieldIssue(FieldIssue.pointer(path + [$0]), .unknown) }
                + missing.map { FieldIssue(FieldIssue.pointer(path + [$0]), .required) })
    }
}
