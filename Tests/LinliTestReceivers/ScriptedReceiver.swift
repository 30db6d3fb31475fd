import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import NIOCore
import Synchronization

/// A real HTTP receiver on 127.0.0.1 whose answers are scripted per path: a queue of statuses
/// (then 200), headers sent with every answer, an optional delay, and a record of every request it got.
public final class ScriptedReceiver: Sendable {
    public struct Received: Sendable {
        public let path: String
        public let headers: [String: String]
        public let body: Data
        public let at: Date
    }

    private let scripts = Mutex<[String: [Int]]>([:])
    private let delays = Mutex<[String: Duration]>([:])
    private let answerHeaders = Mutex<[String: [String: String]]>([:])
    private let log = Mutex<[Received]>([])
    /// Paths of the requests that arrived, recorded before any delay (`received` is written once
    /// the answer is due): how a test knows a request is in flight.
    private let arrivals = Mutex<[String]>([])

    public func script(_ path: String, statuses: [Int]) { scripts.withLock { $0[path] = statuses } }
    public func delay(_ path: String, by duration: Duration) { delays.withLock { $0[path] = duration } }
    /// Headers sent with every answer on `path` (a `Retry-After`, say).
    public func answerHeaders(_ path: String, _ headers: [String: String]) { answerHeaders.withLock { $0[path] = headers } }
    public var received: [Received] { log.withLock { $0 } }
    public func received(on path: String) -> [Received] { received.filter { $0.path == path } }
    /// How many requests to `path` arrived, answered or still waiting for their delay.
    public func arrivals(on path: String) -> Int { arrivals.withLock { $0.filter { $0 == path }.count } }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/**") { request, _ -> Response in
            let path = request.uri.path
            let body = try await request.body.collect(upTo: 1 << 20)
            self.arrivals.withLock { $0.append(path) }
            if let delay = self.delays.withLock({ $0[path] }) {
                // A deliberate delay ends when the receiver shuts down (see `LocalServer`).
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            self.log.withLock { $0.append(Received(path: path, headers: headers, body: Data(buffer: body), at: Date())) }
            let status = self.scripts.withLock { scripts -> Int in
                guard var queue = scripts[path], !queue.isEmpty else { return 200 }
                let next = queue.removeFirst()
                scripts[path] = queue
                return next
            }
            var fields = HTTPFields()
            for (name, value) in self.answerHeaders.withLock({ $0[path] ?? [:] }) {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        return router
    }

    /// Runs the receiver for the duration of `body`, passing its base URL.
    public static func with<T: Sendable>(_ body: @Sendable (ScriptedReceiver, String) async throws -> T) async throws -> T {
        let receiver = ScriptedReceiver()
        return try await LocalServer.run(receiver.router()) { port in try await body(receiver, "http://127.0.0.1:\(port)") }
    }
}
