import LinliCurl
import LinliDelivery

/// Sends one HTTP request for the delivery worker. The production implementation is the libcurl
/// multi transport; the worker does not care which.
public protocol WebhookTransport: Sendable {
    func send(_ request: TransportRequest) async -> TransportResult
    /// Ends every request in flight now (each comes back as a cancelled failure) and sends no
    /// more: the worker's teardown when the shutdown grace has run out.
    func cancelAll()
}

extension WebhookTransport {
    public func cancelAll() {}
}

extension CurlTransport: WebhookTransport {
    public func cancelAll() { shutdown() }
}
