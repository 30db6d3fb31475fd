import LinliDelivery

/// A request waiting for the loop thread, with the continuation of the task awaiting it.
struct CurlJob: Sendable {
    let request: TransportRequest
    let started: ContinuousClock.Instant
    let continuation: CheckedContinuation<TransportResult, Never>
    /// Through a proxy: the `CURLOPT_CONNECT_TO` entry naming the address the SSRF gate checked
    /// (`ProxyTargetGate.connectTo`), so the proxy is asked for that address and not the name.
    var connectTo: String? = nil

    /// Completes the job without a transfer (shutdown, queue full, bad request, no free
    /// connection in time). Nothing went out, so no time is reported: the worker gives a chat
    /// robot's allowance back for a send of no time (`DeliveryWorkerState.finishedSend`).
    /// `inFlight`: a transfer under way ended (shutdown), which the receiver may have seen.
    func fail(_ category: TransportError.Category, _ detail: String, inFlight: Bool = false) {
        continuation.resume(returning: TransportResult(
            statusCode: nil, duration: inFlight ? ContinuousClock.now - started : .zero, error: TransportError(category, detail: detail)))
    }
}
