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
        router.get("/readyz") { _, _ in
            let result = await dependencies.readiness()
            struct Readiness: Encodable {
                let status: String
                let checks: [String: String]
            }
            return try JSONResponse.make(
                Readiness(status: result.ready ? "ready" : "not_ready", checks: result.checks),
                status: result.ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: dependencies.metricsText())))
        }
    }
}
