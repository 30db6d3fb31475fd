/// The transport could not start.
public struct CurlTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let detail: String

    public var description: String { "\(code): \(detail)" }
}
