/// A coding key for any string, used to list the keys a client actually sent (a request body's
/// unknown fields: `JSONBody`, `NestedKeys`, `WeeklySlot`).
public struct AnyKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
