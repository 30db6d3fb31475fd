import LinliCurl
import LinliDelivery

/// Sends one HTTP request for the delivery worker. The production implementation is the libcurl
/// multi transport; the worker does not care which.
public protocol WebhookTransport: Sendable {
    func send(_ request: TransportRequest) async -> TransportResult
}

extension CurlTransport: WebhookTransport {}
