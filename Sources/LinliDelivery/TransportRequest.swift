import Foundation

/// One HTTP request for the transport to perform. Pure data so LinliDelivery can build it and
/// LinliCurl can send it without either knowing the other's internals.
public struct TransportRequest: Hashable, Sendable {
    /// Request URL, including any robot key. Never log it; log `SecretMasker.maskURL(url)`.
    public var url: String
    public var method: String
    public var headers: [HTTPHeader]
    public var body: Data
    /// Overrides the transport's default connect timeout when set.
    public var connectTimeout: Duration?
    /// Overrides the transport's default total timeout when set.
    public var totalTimeout: Duration?

    public init(
        url: String, method: String = "POST", headers: [HTTPHeader] = [], body: Data = Data(),
        connectTimeout: Duration? = nil, totalTimeout: Duration? = nil
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }
}
