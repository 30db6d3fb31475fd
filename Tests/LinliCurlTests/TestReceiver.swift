import Foundation
import Hummingbird
import LinliCurl
import LinliDelivery
import LinliTestReceivers
import ServiceLifecycle
import Synchronization

/// A real HTTP receiver (Hummingbird on a free loopback port) with routes that behave like
/// healthy, failing, slow and hostile webhook consumers, and a count of what reached it.
final class TestReceiver: Sendable {
    let hits = Mutex<[String: Int]>([:])
    let lastBodies = Mutex<[String: Data]>([:])
    /// Request headers of the last request to `/ok`, as (lower-cased name, value) pairs in order.
    let lastHeaders = Mutex<[(name: String, value: String)]>([])
    /// Client ports seen on `/ok`: one port means one connection, reused.
    let peerPorts = Mutex<Set<Int>>([])

    func count(_ path: String) -> Int { hits.withLock { $0[path, default: 0] } }
    var total: Int { hits.withLock { $0.values.reduce(0, +) } }

    private func record(_ path: String, _ body: Data) -> Int {
        lastBodies.withLock { $0[path] = body }
        return hits.withLock { hits in
            hits[path, default: 0] += 1
            return hits[path]!
        }
    }

    func router() -> Router<PeerRequestContext> {
        let router = Router(context: PeerRequestContext.self)
        router.post("ok") { request, context -> Response in
            if let port = context.peerPort { self.peerPorts.withLock { _ = $0.insert(port) } }
            self.lastHeaders.withLock { $0 = request.headers.map { ($0.name.canonicalName, $0.value) } }
            let body = try await request.body.collect(upTo: 1 << 20)
            _ = self.record("ok", Data(buffer: body))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.post("flaky") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let n = self.record("flaky", Data(buffer: body))
            return Response(status: n <= 3 ? .internalServerError : .ok)
        }
        router.post("gone") { _, _ -> Response in
            _ = self.record("gone", Data())
            return Response(status: .gone)
        }
        router.post("limited") { _, _ -> Response in
            _ = self.record("limited", Data())
            return Response(status: .tooManyRequests, headers: [.retryAfter: "120"])
        }
        router.post("redirect") { _, _ -> Response in
            _ = self.record("redirect", Data())
            return Response(status: .found, headers: [.location: "/ok"])
        }
        router.post("slow") { _, _ -> Response in
            _ = self.record("slow", Data())
            // Longer than any client timeout in the tests; ends when the receiver shuts down.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
            return Response(status: .ok)
        }
        router.post("unhurried") { _, _ -> Response in
            _ = self.record("unhurried", Data())
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(4)) }
            return Response(status: .ok)
        }
        router.post("big") { _, _ -> Response in
            _ = self.record("big", Data())
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 100_000)))
        }
        router.post("wecom") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            _ = self.record("wecom", Data(buffer: body))
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":45009,"errmsg":"api freq out of limit"}"#)))
        }
        return router
    }

    /// Runs a receiver bound to `host` for the duration of `body`, passing the base URL.
    static func with<T: Sendable>(
        host: String = "127.0.0.1", _ body: @Sendable (TestReceiver, String) async throws -> T
    ) async throws -> T {
        let receiver = TestReceiver()
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return try await LocalServer.run(receiver.router(), host: host) { port in try await body(receiver, "http://\(hostPart):\(port)") }
    }
}

extension CurlTransportConfiguration {
    /// Loopback allowed. Requests that should succeed get the production-sized timeouts, so a busy
    /// 2-core CI machine cannot turn them into timeouts; the timeout tests set their own per request.
    static func loopbackTests(allowLoopback: Bool = true) -> CurlTransportConfiguration {
        CurlTransportConfiguration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(15), maxHostConnections: 2,
            addressPolicy: allowLoopback ? try! AddressPolicy(allowing: ["127.0.0.0/8", "::1/128"]) : AddressPolicy())
    }
}
