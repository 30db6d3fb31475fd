import LinliDelivery

/// Limits and policy of the libcurl transport. Every field is bounded (DESIGN rule 6).
public struct CurlTransportConfiguration: Sendable {
    /// Time allowed to establish a connection (TCP + TLS).
    public var connectTimeout: Duration
    /// Time allowed for the whole request, including waiting for a free connection to the host.
    public var totalTimeout: Duration
    /// Concurrent connections per host:port, so one slow endpoint cannot take every connection.
    public var maxHostConnections: Int
    /// Concurrent connections overall.
    public var maxTotalConnections: Int
    /// Response body bytes kept for classification and the attempt log; the transfer stops there.
    public var maxResponseBytes: Int
    /// Where connections may go (SSRF). Tests allow-list loopback here.
    public var addressPolicy: AddressPolicy
    /// An explicit proxy URL; nil means no proxy at all, whatever the environment says.
    public var proxy: String?
    /// Which requests ask the proxy for the address the SSRF gate checked instead of the endpoint's
    /// name (`ProxyTargetGate`; `webhooks.proxy_pinning`).
    public var proxyPinning: ProxyPinning
    /// Requests waiting for the loop beyond this many are refused at once instead of queueing.
    public var maxQueuedRequests: Int
    public var userAgent: String

    public init(
        connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(15), maxHostConnections: Int = 8,
        maxTotalConnections: Int = 256, maxResponseBytes: Int = 20 * 1024, addressPolicy: AddressPolicy = AddressPolicy(),
        proxy: String? = nil, proxyPinning: ProxyPinning = .https, maxQueuedRequests: Int = 100_000,
        userAgent: String = DeliveryRenderer.userAgent
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxHostConnections = max(1, maxHostConnections)
        self.maxTotalConnections = max(1, maxTotalConnections)
        self.maxResponseBytes = max(0, maxResponseBytes)
        self.addressPolicy = addressPolicy
        self.proxy = proxy
        self.proxyPinning = proxyPinning
        self.maxQueuedRequests = max(1, maxQueuedRequests)
        self.userAgent = userAgent
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (curl treats 0 as "no timeout").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
