import Foundation
@testable import LinliCurl
import LinliDelivery
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Through a proxy the SSRF gate resolves and checks the endpoint's name; the proxy must then be
/// asked for that checked address, not the name, or it resolves the name again and a name that
/// answers differently the second time (DNS rebinding) reaches what the gate refused.
@Suite("Transport: the proxy is asked for the checked address", .serialized)
struct ProxyAddressPinningTests {
    /// The proxy, for its own handler to read what it recorded (set once, before any request).
    final class ServerBox: @unchecked Sendable { var value: RawHTTPServer? }

    /// A proxy that answers CONNECT with a tunnel and reads the request sent through it, and any
    /// other request line with 200 at once. Returns what it saw: request lines, tunnelled heads.
    static func send(_ url: String, pin: Bool) async throws -> (TransportResult, lines: [String], tunnelled: [String]) {
        let tunnelled = Mutex<[String]>([])
        let server = ServerBox()
        let proxy = try RawHTTPServer { client, _ in
            let ok = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
            // The server recorded this connection's request line before handing it over.
            guard server.value?.requestLines.last?.hasPrefix("CONNECT ") == true else { RawHTTPServer.write(client, ok); return }
            guard RawHTTPServer.write(client, Array("HTTP/1.1 200 Connection established\r\n\r\n".utf8)) else { return }
            var received = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                let count = recv(client, &buffer, buffer.count, 0)
                if count <= 0 { break }
                received += buffer[0..<count]
            }
            tunnelled.withLock { $0.append(String(decoding: received, as: UTF8.self)) }
            RawHTTPServer.write(client, ok)
        }
        server.value = proxy
        defer { proxy.stop() }
        let transport = try CurlTransport(
            configuration: CurlTransportConfiguration(
                connectTimeout: .seconds(2), totalTimeout: .seconds(5),
                addressPolicy: try AddressPolicy(allowing: ["127.0.0.1/32", "::1/128"]),
                proxy: "http://127.0.0.1:\(proxy.port)", proxyPinsAddress: pin))
        defer { transport.shutdown() }
        let result = await transport.send(TransportRequest(url: url, body: Data("{}".utf8)))
        return (result, proxy.requestLines, tunnelled.withLock { $0 })
    }

    @Test("a name is asked for by the address the gate checked; Host keeps the name")
    func aNameIsPinnedToItsCheckedAddress() async throws {
        let (result, lines, tunnelled) = try await Self.send("http://localhost:9/hook", pin: true)
        #expect(result.statusCode == 200, "\(String(describing: result.error))")
        let line = try #require(lines.first)
        #expect(line == "CONNECT 127.0.0.1:9 HTTP/1.1" || line == "CONNECT [::1]:9 HTTP/1.1", "\(lines)")
        let head = try #require(tunnelled.first)
        #expect(head.hasPrefix("POST /hook HTTP/1.1\r\n"), "\(head)")
        #expect(head.contains("\r\nHost: localhost:9\r\n"), "\(head)")
    }

    @Test("with pinning off the proxy gets the name, as an absolute-form request")
    func withoutPinningTheProxyGetsTheName() async throws {
        let (result, lines, tunnelled) = try await Self.send("http://localhost:9/hook", pin: false)
        #expect(result.statusCode == 200, "\(String(describing: result.error))")
        #expect(lines.first?.hasPrefix("POST http://localhost:9/hook") == true, "\(lines)")
        #expect(tunnelled.isEmpty)
    }

    @Test("an address written as the host needs no pin")
    func anAddressIsSentAsItIs() async throws {
        let (_, lines, _) = try await Self.send("http://127.0.0.1:9/hook", pin: true)
        #expect(lines.first?.hasPrefix("POST http://127.0.0.1:9/hook") == true, "\(lines)")
    }

    @Test("the connect-to entry", arguments: [
        ("192.0.2.7", "::192.0.2.7:"), ("2001:db8::5", "::[2001:db8:0:0:0:0:0:5]:"),
    ])
    func connectToEntry(address: String, entry: String) throws {
        #expect(ProxyTargetGate.connectTo(try #require(IPAddress(address))) == entry)
    }
}
