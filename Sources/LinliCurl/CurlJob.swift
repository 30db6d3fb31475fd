import LinliDelivery

/// A request waiting for the loop thread, with the continuation of the task awaiting it.
struct CurlJob: Sendable {
    let request: TransportRequest
    let started: ContinuousClock.Instant
    let continuation: CheckedContinuation<TransportResult, Never>
    /// Through a proxy: the `CURLOPT_CONNECT_TO` entry naming the address the SSRF gate checked
    /// (`ProxyTargetGate.connectTo`), so the proxy is asked for that address and not the name.
    var connectTo: String? = nil

    /// Completes the job without a transfer (shutdown, queue full, bad request).
    func fail(_ category: TransportError.Category, _ detail: String) {
        continuation.resume(returning: TransportResult(
            statusCode: nil, duration: ContinuousClock.now - started, error: TransportError(category, detail: detail)))
    }
}
