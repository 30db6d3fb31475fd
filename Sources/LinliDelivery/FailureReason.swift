/// A stable reason for a failed attempt: `code` is machine-readable and stored with the attempt
/// (`http.503`, `wecom.45009`, `transport.timeout`, …); `detail` is for humans and already masked.
public struct FailureReason: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String
    public let detail: String

    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
