/// One request or response header. An ordered list (not a dictionary) because order and
/// duplicates are meaningful on the wire and the transport passes them through as given.
public struct HTTPHeader: Hashable, Sendable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
