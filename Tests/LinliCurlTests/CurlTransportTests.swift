import Foundation
import LinliCurl
import LinliDelivery
import Testing

@Suite("libcurl transport against real local receivers", .serialized)
struct CurlTransportTests {
    static func post(_ url: String, _ body: String = #"{"hello":"邻里"}"#, timeout: Duration? = nil) -> TransportRequest {
        TransportRequest(url: url, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                         body: Data(body.utf8), totalTimeout: timeout)
    }

    @Test func deliversAndTheReceiverGetsTheExactBody() async throws {
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let result = await transport.send(Self.post(base + "/ok"))
            #expect(result.error == nil)
            #expect(result.statusCode == 200)
            #expect(String(decoding: result.bodyExcerpt, as: UTF8.self) == "ok")
            #expect(receiver.count("ok") == 1)
            #expect(receiver.lastBodies.withLock { $0["ok"] } == Data(#"{"hello":"邻里"}"#.utf8))
            #expect(ResponseClassifier().classify(result, format: .standard, now: .now) == .delivered)
        }
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            for _ in 0..<10 {
                #expect(await transport.send(Self.post(base + "/ok")).statusCode == 200)
            }
            #expect(receiver.count("ok") == 10)
            #expect(receiver.peerPorts.withLock { $0.count } == 1)
        }
    }

    @Test("500, 500, 500, 200 through transport and policy: one success, four attempts, one id")
    func retriesUntilSuccess() async throws {
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let endpoint = WebhookEndpoint(
                id: "ep", communityID: "c", url: base + "/flaky", format: .standard, events: try EventTypeFilter(["*"]),
                secrets: [try WebhookSecret(encoded: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])
            let event = OutboundEvent(id: "msg_same", type: "listing.published", communityID: "c", subject: "listing:1",
                                      occurredAt: .now, payload: ["title": "自行车"])
            var generator = SeededRandomNumberGenerator(seed: 5)
            var state = MessageState.new(at: .now)
            var health = EndpointHealth()
            var attempts: [AttemptRecord] = []
            while state.status == .pending && attempts.count < 10 {
                let request = try #require(try DeliveryRenderer.render(event, for: endpoint, now: .now).first)
                #expect(request.headers.contains(HTTPHeader(name: "webhook-id", value: "msg_same")))
                let result = await transport.send(request)
                let decision = DeliveryPolicy().decide(
                    messageID: event.id, message: state, endpoint: endpoint, health: health, part: 0, partCount: 1,
                    result: result, startedAt: .now, now: .now, using: &generator)
                state = decision.message
                health = decision.health
                attempts.append(decision.attempt)
            }
            #expect(state.status == .delivered)
            #expect(attempts.map(\.statusCode) == [500, 500, 500, 200])
            #expect(receiver.count("flaky") == 4)
        }
    }

    @Test func goneRateLimitedAndRedirectAreReturnedAsIs() async throws {
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let classifier = ResponseClassifier()
            let gone = await transport.send(Self.post(base + "/gone"))
            #expect(gone.statusCode == 410)
            #expect(classifier.classify(gone, format: .standard, now: .now)
                == .disableEndpoint(FailureReason(code: "http.410", detail: "receiver answered 410 Gone")))

            let limited = await transport.send(Self.post(base + "/limited"))
            #expect(limited.statusCode == 429)
            #expect(limited.header("Retry-After") == "120")
            #expect(classifier.classify(limited, format: .standard, now: .now)
                == .retry(notBefore: 120, reason: FailureReason(code: "http.429", detail: "HTTP 429")))

            let redirect = await transport.send(Self.post(base + "/redirect"))
            #expect(redirect.statusCode == 302)
            #expect(redirect.header("location") == "/ok")
            #expect(receiver.count("ok") == 0)  // not followed
            // A temporary redirect is tried again later (helper 151 #4); a permanent one gives up.
            #expect(classifier.classify(redirect, format: .standard, now: .now).label == "retry")
        }
    }

    @Test func chatErrorCodeInATwoHundredIsAFailure() async throws {
        try await TestReceiver.with { _, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let result = await transport.send(Self.post(base + "/wecom"))
            #expect(result.statusCode == 200)
            #expect(ResponseClassifier().classify(result, format: .wecom, now: .now).reason?.code == "wecom.45009")
        }
    }

    @Test func timeoutIsReportedAsTimeout() async throws {
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let result = await transport.send(Self.post(base + "/slow", timeout: .milliseconds(300)))
            #expect(result.error?.category == .timeout)
            #expect(result.statusCode == nil)
            #expect(result.duration < .seconds(5))  // far below the receiver's hang, even on a loaded machine
            // The receiver's handler counts it on its own time (a busy machine may run it later).
            let deadline = ContinuousClock.now.advanced(by: .seconds(30))
            while receiver.count("slow") == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(receiver.count("slow") == 1)
            #expect(ResponseClassifier().classify(result, format: .standard, now: .now).label == "retry")
        }
    }

    /// A 100,000-byte answer: the first 20 KB are kept and the transfer stops there, still a 200
    /// without error (the rest is not read).
    @Test func responseBodyIsCappedAndTheRestNotRead() async throws {
        try await TestReceiver.with { _, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let result = await transport.send(Self.post(base + "/big"))
            #expect(result.statusCode == 200 && result.error == nil)
            #expect(result.bodyExcerpt.count == 20 * 1024)
            #expect(result.bodyBytesReceived < 100_000)
            #expect(ResponseClassifier().classify(result, format: .standard, now: .now).label == "delivered")
        }
    }

    @Test func onlyHTTPAndHTTPSAreSpoken() async throws {
        let transport = try CurlTransport(configuration: .loopbackTests())
        defer { transport.shutdown() }
        for url in ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://127.0.0.1/x"] {
            let result = await transport.send(Self.post(url))
            #expect(result.error?.category == .protocolRefused, "\(url)")
        }
    }

    @Test func aHangingEndpointDoesNotDelayOthers() async throws {
        enum Finished: Sendable {
            case hanging(Duration, TransportError.Category?)
            case fast(Duration, Int?)
        }
        try await TestReceiver.with { hanging, hangingBase in
            try await TestReceiver.with { fast, fastBase in
                let transport = try CurlTransport(configuration: .loopbackTests())
                defer { transport.shutdown() }
                let clock = ContinuousClock()
                let start = clock.now
                let outcomes = await withTaskGroup(of: Finished.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            let result = await transport.send(Self.post(hangingBase + "/slow", timeout: .seconds(12)))
                            return .hanging(clock.now - start, result.error?.category)
                        }
                    }
                    try? await Task.sleep(for: .milliseconds(100))  // let the hanging ones take their connections
                    for _ in 0..<20 {
                        group.addTask {
                            let result = await transport.send(Self.post(fastBase + "/ok"))
                            return .fast(clock.now - start, result.statusCode)
                        }
                    }
                    return await group.reduce(into: [Finished]()) { $0.append($1) }
                }
                let fastOnes = outcomes.compactMap { if case .fast(let duration, let status) = $0 { (duration, status) } else { nil } }
                let hangingOnes = outcomes.compactMap { if case .hanging(let duration, let category) = $0 { (duration, category) } else { nil } }
                let hangingErrors = hangingOnes.compactMap(\.1)
                #expect(fastOnes.count == 20)
                // Every fast one done before the first hanging one gave up (order, not a time: a
                // busy CI machine may pause the test's tasks for seconds).
                let firstGaveUp = hangingOnes.map(\.0).min() ?? .seconds(12)
                #expect(fastOnes.allSatisfy { $0.1 == 200 && $0.0 < firstGaveUp }, "\(fastOnes) before \(firstGaveUp)")
                #expect(fast.count("ok") == 20)
                // Per-host cap 2: four waited for a slot instead of opening more connections. Every
                // hanging request ended by its own deadline: as a timeout once sent, and one that
                // waited past it for a slot as never sent (helper 151 #2: it counted against the
                // receiver's health).
                #expect(hanging.count("slow") <= 4)
                #expect(hangingErrors.count == 6 && hangingErrors.allSatisfy { $0 == .timeout || $0 == .queueTimeout }, "\(hangingErrors)")
                #expect(hangingErrors.filter { $0 == .timeout }.count == hanging.count("slow"), "\(hangingErrors)")
            }
        }
    }

    /// Four 4-second answers through two connections with a 7-second timeout: the second pair waits
    /// 4 s for a connection and then gets its whole 7 s. Taking the wait from the timeout left it
    /// 3 s, so it timed out while the receiver was answering and its retry delivered twice. (3 s of
    /// slack for a busy CI machine; it was 1 s with 2-second answers and a 3-second timeout.)
    @Test func waitingForAConnectionDoesNotShortenTheTimeout() async throws {
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let results = await withTaskGroup(of: TransportResult.self) { group in
                for _ in 0..<4 {
                    group.addTask { await transport.send(Self.post(base + "/unhurried", timeout: .seconds(7))) }
                }
                return await group.reduce(into: [TransportResult]()) { $0.append($1) }
            }
            #expect(results.map(\.statusCode) == [200, 200, 200, 200], "\(results.map(\.error))")
            #expect(receiver.count("unhurried") == 4)
        }
    }

    @Test func shutdownCancelsInFlightRequestsPromptly() async throws {
        try await TestReceiver.with { _, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            async let pending = transport.send(Self.post(base + "/slow", timeout: .seconds(60)))
            try await Task.sleep(for: .milliseconds(200))
            let clock = ContinuousClock()
            let start = clock.now
            transport.shutdown()
            let result = await pending
            #expect(result.error?.category == .cancelled)
            #expect(clock.now - start < .seconds(25))  // not the request's 60 s (nor the receiver's 30 s hang)
            let after = await transport.send(Self.post(base + "/ok"))
            #expect(after.error?.category == .cancelled)
        }
    }
}
