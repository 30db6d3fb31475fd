import ArgumentParser
import CCurl
import Foundation
import Hummingbird
import Logging
import LinliCurl
import LinliDelivery

/// `linli-bench delivery`: LinliCurl's transport next to a bare libcurl multi loop, same run,
/// same receiver, same bodies (issue 7 targets: transport ≥ 50 % of bare and ≥ 5,000/s).
///
/// The receiver is Hummingbird on 127.0.0.1, one listener per endpoint (distinct ports, so the
/// per-host connection caps apply per endpoint as in production), answering 204 without work.
/// Bodies are real Standard Webhooks deliveries rendered and signed by LinliDelivery.
struct DeliveryBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery", abstract: "Webhook transport throughput vs a bare libcurl multi loop.")

    @Option(help: "Messages posted per measured pass.") var messages = 20_000
    @Option(help: "Endpoints (receiver ports) the messages are spread over.") var endpoints = 20
    @Option(help: "Requests in flight at once, for both loops.") var concurrency = 64
    @Option(help: "Connections per endpoint host (transport cap).") var hostConnections = 4
    @Option(help: "Alternating bare/transport rounds; the medians are reported (damps noise from other load).")
    var rounds = 3
    @Option(help: "Seconds of steady 200 req/s traffic for the latency figures (0 to skip).") var steadySeconds = 5

    func validate() throws {
        guard messages > 0, (1...200).contains(endpoints), (1...1024).contains(concurrency), hostConnections > 0,
              (1...20).contains(rounds) else {
            throw ValidationError("messages > 0, endpoints 1...200, concurrency 1...1024, host-connections > 0, rounds 1...20")
        }
    }

    func run() async throws {
        try await BenchmarkReceivers.with(count: endpoints) { ports in
            let requests = Self.requests(count: messages, ports: ports)
            let transport = try CurlTransport(configuration: CurlTransportConfiguration(
                maxHostConnections: hostConnections, maxTotalConnections: max(256, endpoints * hostConnections),
                addressPolicy: try AddressPolicy(allowing: ["127.0.0.0/8"])))
            defer { transport.shutdown() }

            // Warm-up: open connections, fault in code paths.
            _ = await BareCurlLoop.run(Array(requests.prefix(2_000)), concurrency: concurrency)
            _ = await Self.viaTransport(transport, Array(requests.prefix(2_000)), concurrency: concurrency)

            var bareRates: [Double] = []
            var linliRates: [Double] = []
            var failures = 0
            for _ in 0..<rounds {
                let bare = await BareCurlLoop.run(requests, concurrency: concurrency)
                let linli = await Self.viaTransport(transport, requests, concurrency: concurrency)
                bareRates.append(Double(bare.succeeded) / bare.elapsed.seconds)
                linliRates.append(Double(linli.succeeded) / linli.elapsed.seconds)
                failures += 2 * messages - bare.succeeded - linli.succeeded
            }
            let bareRate = bareRates.percentile(0.5)
            let linliRate = linliRates.percentile(0.5)
            let rounded = { (rates: [Double]) in rates.map { String(Int($0.rounded())) }.joined(separator: ", ") }
            print("delivery benchmark: \(messages) messages x \(rounds) rounds, \(endpoints) endpoints, \(concurrency) in flight, \(failures) failed")
            print(String(format: "  bare libcurl multi loop : %8.0f req/s median", bareRate) + "  [\(rounded(bareRates))]")
            print(String(format: "  LinliCurl transport     : %8.0f req/s median", linliRate) + "  [\(rounded(linliRates))]")
            print(String(format: "  ratio transport / bare  : %8.1f %%  (targets: >= 50 %% and >= 5,000 req/s)", 100 * linliRate / bareRate))
            if steadySeconds > 0 {
                let latencies = await Self.steady(transport, requests, perSecond: 200, seconds: steadySeconds)
                print(String(format: "  steady 200 req/s for %d s: transport latency p50 %.2f ms, p99 %.2f ms (%d requests)",
                             steadySeconds, latencies.percentile(0.5) * 1000, latencies.percentile(0.99) * 1000, latencies.count))
            }
        }
    }

    /// Standard-format deliveries, round-robin over the endpoints.
    static func requests(count: Int, ports: [Int]) -> [TransportRequest] {
        var generator = SeededRandomNumberGenerator(seed: 2026)
        let secret = WebhookSecret.generate(using: &generator)
        let now = Date()
        return (0..<count).map { index in
            let port = ports[index % ports.count]
            let endpoint = WebhookEndpoint(
                id: "ep_\(port)", communityID: "com_bench", url: "http://127.0.0.1:\(port)/hooks/\(index % ports.count)",
                format: .standard, events: try! EventTypeFilter(["*"]), secrets: [secret])
            let event = OutboundEvent(
                id: "msg_bench_\(index)", type: OutboundEvent.Kind.listingPublished, communityID: "com_bench",
                subject: "listing:lst_\(index % 500)", occurredAt: now,
                payload: ["title": .string("九成新婴儿推车 \(index)"), "category": "母婴", "kind": "item", "points": .int(120)])
            return try! DeliveryRenderer.render(event, for: endpoint, now: now)[0]
        }
    }

    static func viaTransport(_ transport: CurlTransport, _ requests: [TransportRequest], concurrency: Int) async -> PassResult {
        let clock = ContinuousClock()
        let start = clock.now
        let succeeded = await withTaskGroup(of: Bool.self) { group in
            var next = 0
            var succeeded = 0
            func submit() {
                let request = requests[next]
                next += 1
                group.addTask { (200..<300).contains(await transport.send(request).statusCode ?? 0) }
            }
            while next < min(concurrency, requests.count) { submit() }
            for await ok in group {
                if ok { succeeded += 1 }
                if next < requests.count { submit() }
            }
            return succeeded
        }
        return PassResult(succeeded: succeeded, elapsed: clock.now - start)
    }

    /// Sends at a fixed rate and returns each request's latency in seconds.
    static func steady(_ transport: CurlTransport, _ requests: [TransportRequest], perSecond: Int, seconds: Int) async -> [Double] {
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.seconds(1) / perSecond
        return await withTaskGroup(of: Double.self) { group in
            for index in 0..<(perSecond * seconds) {
                try? await clock.sleep(until: start + interval * index)
                let request = requests[index % requests.count]
                group.addTask {
                    let sent = clock.now
                    _ = await transport.send(request)
                    return (clock.now - sent).seconds
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }
}

struct PassResult: Sendable {
    let succeeded: Int
    let elapsed: Duration
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

extension Array where Element == Double {
    func percentile(_ fraction: Double) -> Double {
        guard !isEmpty else { return .nan }
        let sorted = self.sorted()
        return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
    }
}

/// Fast Hummingbird receivers on 127.0.0.1, one per port.
enum BenchmarkReceivers {
    static func with(count: Int, _ body: @Sendable ([Int]) async throws -> Void) async throws {
        let router = Router()
        router.post("hooks/:n") { request, _ -> HTTPResponse.Status in
            _ = try await request.body.collect(upTo: 1 << 16)
            return .noContent
        }
        let responder = router.buildResponder()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        // The receivers are stopped by cancelling them, which Hummingbird reports as shutdown
        // errors on every listener; a failed delivery shows in the figures instead (counted).
        var quiet = Logger(label: "linli-bench.receiver")
        quiet.logLevel = .critical
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                let app = Application(
                    responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) }, logger: quiet)
                group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            }
            var collected: [Int] = []
            for await port in ports {
                collected.append(port)
                if collected.count == count { break }
            }
            defer { group.cancelAll() }
            try await body(collected)
        }
    }
}

/// The baseline: the smallest reasonable libcurl multi loop (reused easy handles, pre-built
/// header lists, bodies pinned in memory, response bodies discarded), on its own thread.
enum BareCurlLoop {
    static func run(_ requests: [TransportRequest], concurrency: Int) async -> PassResult {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: runBlocking(requests, concurrency: concurrency)) }
            thread.start()
        }
    }

    private static let discard: linli_curl_data_callback = { _, size, count, _ in size * count }

    static func runBlocking(_ requests: [TransportRequest], concurrency: Int) -> PassResult {
        let multi = curl_multi_init()!
        defer { curl_multi_cleanup(multi) }
        let bodies = requests.map { request -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, request.body.count), alignment: 1)
            _ = request.body.copyBytes(to: buffer.bindMemory(to: UInt8.self))
            return buffer
        }
        let headerLists = requests.map { request in
            request.headers.reduce(curl_slist_append(nil, "Expect:")) { curl_slist_append($0, "\($1.name): \($1.value)") }
        }
        defer {
            bodies.forEach { $0.deallocate() }
            headerLists.forEach { curl_slist_free_all($0) }
        }
        var next = 0
        var succeeded = 0
        var done = 0
        func start(_ handle: UnsafeMutableRawPointer) {
            let index = next
            next += 1
            linli_easy_setopt_string(handle, CURLOPT_URL, requests[index].url)
            linli_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(requests[index].body.count))
            linli_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, bodies[index].baseAddress)
            linli_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerLists[index])
            curl_multi_add_handle(multi, handle)
        }
        let clock = ContinuousClock()
        let began = clock.now
        var handles: [UnsafeMutableRawPointer] = []
        for _ in 0..<min(concurrency, requests.count) {
            let handle = curl_easy_init()!
            linli_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            linli_easy_setopt_string(handle, CURLOPT_PROXY, "")
            linli_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, discard)
            handles.append(handle)
            start(handle)
        }
        while true {
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                var status = 0
                linli_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
                if linli_curl_msg_result(message) == CURLE_OK && (200..<300).contains(status) { succeeded += 1 }
                done += 1
                curl_multi_remove_handle(multi, handle)
                if next < requests.count { start(handle) }
            }
            if done == requests.count { break }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        let elapsed = clock.now - began
        handles.forEach { curl_easy_cleanup($0) }
        return PassResult(succeeded: succeeded, elapsed: elapsed)
    }
}
