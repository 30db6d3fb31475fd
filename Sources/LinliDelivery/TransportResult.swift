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

/// A transport failure, by category so policy never has to parse curl's messages.
public struct TransportError: Hashable, Sendable, Error {
    public enum Category: String, Hashable, Sendable, CaseIterable {
        /// Connect or total timeout elapsed.
        case timeout
        /// The SSRF policy refused the address the name resolved to.
        case addressRefused = "address_refused"
        case dnsFailed = "dns_failed"
        case connectFailed = "connect_failed"
        case tlsFailed = "tls_failed"
        /// Scheme outside http/https (also a redirect target's), or a malformed URL.
        case protocolRefused = "protocol_refused"
        /// The connection broke while sending or receiving.
        case connectionLost = "connection_lost"
        /// The transport shut down before the request completed.
        case cancelled
        case other
    }

    public var category: Category
    /// Diagnostic text (already free of secrets: it never contains the URL).
    public var detail: String

    public init(_ category: Category, detail: String) {
        self.category = category
        self.detail = detail
    }
}
