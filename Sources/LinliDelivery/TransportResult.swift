import Foundation

/// What came back from one HTTP attempt: a response (any status) or a transport error.
///
/// Only what classification and the attempt log need is kept: the status, the few headers that
/// matter (`Retry-After`, `Content-Type`), and a bounded excerpt of the body.
public struct TransportResult: Hashable, Sendable {
    /// HTTP status, nil when no response arrived.
    public var statusCode: Int?
    /// Selected response headers, names lower-cased.
    public var headers: [HTTPHeader]
    /// The first bytes of the body (the transport caps it; the rest is drained and discarded).
    public var bodyExcerpt: Data
    /// Total body bytes received, including the discarded ones.
    public var bodyBytesReceived: Int
    /// Wall time from submission to completion.
    public var duration: Duration
    /// Set when the request failed before a complete response.
    public var error: TransportError?

    public init(
        statusCode: Int?, headers: [HTTPHeader] = [], bodyExcerpt: Data = Data(), bodyBytesReceived: Int? = nil,
        duration: Duration = .zero, error: TransportError? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.bodyExcerpt = bodyExcerpt
        self.bodyBytesReceived = bodyBytesReceived ?? bodyExcerpt.count
        self.duration = duration
        self.error = error
    }

    /// First header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}
