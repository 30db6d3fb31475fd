import Hummingbird
import Logging

/// Receives one call per finished request, so the app can feed Prometheus without the API module
/// depending on a metrics backend.
public protocol RequestObserver: Sendable {
    /// - Parameters:
    ///   - route: the matched route template (e.g. `/v1/members/{id}`), or `unmatched`.
    func requestFinished(method: String, route: String, status: Int, duration: Duration)
}

/// Logs one structured line per request and reports it to the observer.
///
/// Sits inside `RequestIDMiddleware` (so the line carries the request id) and outside
/// `ProblemMiddleware` (so it sees the final status of failed requests too).
public struct AccessLogMiddleware: RouterMiddleware {
    public typealias Context = LinliRequestContext
    let observer: (any RequestObserver)?

    public init(observer: (any RequestObserver)?) {
        self.observer = observer
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let duration = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        let status = Int(response.status.code)
        observer?.requestFinished(method: request.method.rawValue, route: route, status: status, duration: duration)
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        // `/readyz` answers 503 as its verdict, not as a failure of the request: during a graceful
        // shutdown every probe of the load balancer gets one, and each was an error line. A failing
        // check is logged by the readiness handler itself.
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status),
            "ms": .string(String(format: "%.2f", milliseconds)),
        ]
        for (key, value) in context.caller.logMetadata { metadata[key] = .string(value) }
        context.logger.log(level: status >= 500 && route != "/readyz" ? .error : .info, "request", metadata: metadata)
        return response
    }
}
