import Foundation
import LinliDelivery
import Testing
@testable import LinliCurl

@Suite("Request header hygiene")
struct RequestHeaderTests {
    @Test("header lines that could split or fake a line are never passed to curl", arguments: [
        (HTTPHeader(name: "webhook-id", value: "msg_1"), true),
        (HTTPHeader(name: "X-Note", value: "邻里 ok"), true),
        (HTTPHeader(name: "X-Evil", value: "a\r\nHost: internal"), false),
        (HTTPHeader(name: "X-Evil", value: "a\nb"), false),
        (HTTPHeader(name: "Bad:Name", value: "x"), false),
        (HTTPHeader(name: "", value: "x"), false),
        (HTTPHeader(name: "X-Nul", value: "a\0b"), false),
        (HTTPHeader(name: "X-Evil\r", value: "x"), false),
        (HTTPHeader(name: "X\nHost", value: "x"), false),
        (HTTPHeader(name: "X-N\0ul", value: "x"), false),
        (HTTPHeader(name: "X-Carriage", value: "a\rb"), false),
        (HTTPHeader(name: "X-Empty", value: ""), true),
        (HTTPHeader(name: "X-Colon-In-Value", value: "a: b"), true),
    ])
    func safety(_ header: HTTPHeader, _ safe: Bool) {
        #expect(CurlRequestSetup.isSafe(header) == safe)
    }

    @Test("header lines reach a real receiver exactly as given; unsafe ones are dropped, the rest still sent")
    func linesReachTheReceiver() async throws {
        let long = String(repeating: "v1,abcdefghij", count: 400)
        let headers = [
            HTTPHeader(name: "webhook-id", value: "msg_2Xq"),
            HTTPHeader(name: "X-Evil", value: "a\r\nHost: internal"),
            HTTPHeader(name: "webhook-signature", value: long),
            HTTPHeader(name: "X-Colon", value: "a: b"),
        ]
        try await TestReceiver.with { receiver, base in
            let transport = try CurlTransport(configuration: .loopbackTests())
            defer { transport.shutdown() }
            let result = await transport.send(TransportRequest(url: base + "/ok", headers: headers, body: Data("{}".utf8)))
            #expect(result.statusCode == 200)
            let received = receiver.lastHeaders.withLock { $0 }
            let value = { (name: String) in received.first { $0.name == name }?.value }
            #expect(value("webhook-id") == "msg_2Xq")
            #expect(value("webhook-signature") == long)
            #expect(value("x-colon") == "a: b")
            #expect(value("x-evil") == nil)
            #expect(value("expect") == nil)
            #expect(!received.contains { $0.value.contains("internal") })
        }
    }
}
