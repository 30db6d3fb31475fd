import CCurl
import Foundation
import LinliDelivery

/// HTTP transport over the libcurl multi interface.
///
/// One dedicated thread (not a Swift concurrency task: the cooperative pool is small and curl
/// blocks in `poll`) owns the multi handle and every easy handle; `send` enqueues work and wakes
/// that thread, and the caller's task is resumed when the transfer completes. Connections are
/// kept in the multi handle's cache and reused across requests to the same host.
public final class CurlTransport: Sendable {
    private let loop: CurlLoop
    private let configuration: CurlTransportConfiguration

    /// Starts the loop thread.
    public init(configuration: CurlTransportConfiguration = CurlTransportConfiguration()) throws(CurlTransportError) {
        try CurlGlobal.initialize()
        self.configuration = configuration
        loop = try CurlLoop(configuration: configuration)
        loop.start()
    }

    deinit {
        loop.stop()
    }

    /// Performs `request`. Never throws: failures come back as `TransportResult.error`, because
    /// for delivery a failed attempt is data to classify, not an exceptional path. Task
    /// cancellation is not observed; every request is bounded by its connect and total timeouts,
    /// counted from when its transfer starts, plus a wait for a free connection to its host of at
    /// most the total timeout again (failing as a timeout with nothing sent).
    public func send(_ request: TransportRequest) async -> TransportResult {
        let started = ContinuousClock.now
        var connectTo: String?
        if configuration.proxy != nil {
            switch await ProxyTargetGate.verdict(for: request.url, policy: configuration.addressPolicy, timeout: configuration.connectTimeout) {
            case .refused(let refusal):
                return TransportResult(statusCode: nil, duration: ContinuousClock.now - started, error: refusal)
            case .allowed(let pin):
                if configuration.proxyPinning.pins(request.url) { connectTo = pin.map(ProxyTargetGate.connectTo) }
            }
        }
        return await withCheckedContinuation { continuation in
            loop.enqueue(CurlJob(request: request, started: started, continuation: continuation, connectTo: connectTo))
        }
    }

    /// Stops the loop: in-flight and queued requests complete with a `cancelled` error, every
    /// handle is cleaned up and the thread exits before this returns (it blocks the caller for
    /// that short moment). Idempotent; also called on deinit.
    public func shutdown() {
        loop.stop()
    }
}
