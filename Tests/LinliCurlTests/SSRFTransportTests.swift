import Foundation
import LinliCurl
import LinliDelivery
import Testing

@Suite("SSRF refusals at connect time", .serialized)
struct SSRFTransportTests {
    static func post(_ url: String) -> TransportRequest {
        TransportRequest(url: url, body: Data("{}".utf8))
    }

    @Test("loopback in every spelling is refused and nothing reaches the listener")
    func loopbackRefused() async throws {
        try await TestReceiver.with { v4, v4Base in
            try await TestReceiver.with(host: "::1") { v6, v6Base in
                let transport = try CurlTransport(configuration: .loopbackTests(allowLoopback: false))
                defer { transport.shutdown() }
                let v4Port = v4Base.split(separator: ":").last!
                let v6Port = v6Base.split(separator: ":").last!
                let urls = [
                    v4Base + "/ok",
                    "http://[::ffff:127.0.0.1]:\(v4Port)/ok",
                    "http://localhost:\(v4Port)/ok",
                    "http://2130706433:\(v4Port)/ok",  // 127.0.0.1 as one decimal number
                    v6Base + "/ok",
                    "http://localhost:\(v6Port)/ok",
                ]
                for url in urls {
                    let result = await transport.send(Self.post(url))
                    #expect(result.error?.category == .addressRefused, "\(url): \(String(describing: result.error))")
                    #expect(result.statusCode == nil)
                }
                #expect(v4.total == 0)
                #expect(v6.total == 0)
            }
        }
    }

    @Test("private, link-local and metadata addresses are refused", arguments: [
        "http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://[fc00::1]/",
        "http://192.168.0.1/", "http://[::ffff:10.0.0.1]/",
    ])
    func internalRefused(_ url: String) async throws {
        let transport = try CurlTransport(configuration: .loopbackTests(allowLoopback: false))
        defer { transport.shutdown() }
        let result = await transport.send(Self.post(url))
        #expect(result.error?.category == .addressRefused)
        #expect(result.duration < .seconds(3))  // refused before any packet, not timed out
    }

    /// Helper 134: curl resolves `localhost` to ::1 and 127.0.0.1 itself. With 127.0.0.0/8 allowed
    /// and ::1 not, a receiver that was down came back as a final `address_refused` (the ::1
    /// refusal), and the message was given up instead of retried. The outage is a connect failure.
    @Test("a name with an allowed and a refused address fails as the allowed one does")
    func anOutageBehindAMixedNameIsAConnectFailure() async throws {
        let transport = try CurlTransport(configuration: CurlTransportConfiguration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(15), maxHostConnections: 2,
            addressPolicy: try AddressPolicy(allowing: ["127.0.0.0/8"])))
        defer { transport.shutdown() }
        let port = try await TestReceiver.with { _, base in base.split(separator: ":").last.map(String.init) ?? "" }
        let down = await transport.send(Self.post("http://localhost:\(port)/ok"))
        #expect(down.error?.category == .connectFailed, "\(String(describing: down.error))")
        try await TestReceiver.with { receiver, base in
            let port = base.split(separator: ":").last.map(String.init) ?? ""
            #expect(await transport.send(Self.post("http://localhost:\(port)/ok")).statusCode == 200)
            #expect(receiver.count("ok") == 1)
        }
    }

    @Test("the allow-list lets tests reach loopback, over IPv4 and IPv6")
    func allowListed() async throws {
        try await TestReceiver.with { v4, v4Base in
            try await TestReceiver.with(host: "::1") { v6, v6Base in
                let transport = try CurlTransport(configuration: .loopbackTests(allowLoopback: true))
                defer { transport.shutdown() }
                #expect(await transport.send(Self.post(v4Base + "/ok")).statusCode == 200)
                #expect(await transport.send(Self.post(v6Base + "/ok")).statusCode == 200)
                #expect(v4.count("ok") == 1 && v6.count("ok") == 1)
            }
        }
    }
}
