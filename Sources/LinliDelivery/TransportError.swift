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
        /// Ended on this side before the request completed: the transport shut down or its queue
        /// was full.
        case cancelled
        /// The request waited past its deadline for a free connection to its host and was never
        /// sent: the host is slow (or its other senders are), not this receiver's answer.
        case queueTimeout = "queue_timeout"
        case other
    }

    public var category: Category
    /// Diagnostic text from the transport. curl names at most host and port, never the path or
    /// query where robot keys live; `DeliveryPolicy` still scrubs known secrets before logging.
    public var detail: String

    public init(_ category: Category, detail: String) {
        self.category = category
        self.detail = detail
    }
}
