import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Liveness, readiness, metrics: unauthenticated, cheap, for load balancers and Prometheus.
struct HealthController {
    let dependencies: APIDependencies

    func register(on router: Router<LinliRequestContext>) {
        router.get("/healthz") { _, _ in
            try JSONResponse.make(["status": "ok"])
        }
        router.get("/readyz") { _, context in
            // Once graceful shutdown began, a load balancer must stop sending new traffic: an
            // expected answer, not a failure, so nothing is logged above the access log's info.
            if dependencies.shuttingDown() { return try Self.readiness(ready: false, checks: ["shutdown": "in progress"]) }
            let result = await dependencies.readiness()
            if !result.ready { context.logger.error("not ready", metadata: result.checks.mapValues { .string($0) }) }
            return try Self.readiness(ready: result.ready, checks: result.checks)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: dependencies.metricsText())))
        }
    }

    /// `/readyz`'s answer: 200 `ready` or 503 `not_ready`, with what was checked.
    static func readiness(ready: Bool, checks: [String: String]) throws -> Response {
        struct Readiness: Encodable {
            let status: String
            let checks: [String: String]
        }
        return try JSONResponse.make(
            Readiness(status: ready ? "ready" : "not_ready", checks: checks), status: ready ? .ok : .serviceUnavailable)
    }
}
