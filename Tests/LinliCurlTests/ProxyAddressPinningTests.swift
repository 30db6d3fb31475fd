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
    static func send(_ url: String, pinning: ProxyPinning) async throws -> (TransportResult, lines: [String], tunnelled: [String]) {
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
                // A TLS handshake (an https request's tunnel): this proxy is no TLS server.
                if received.first == 0x16 { return }
            }
            tunnelled.withLock { $0.append(String(decoding: received, as: UTF8.self)) }
            RawHTTPServer.write(client, ok)
        }
        server.value = proxy
        defer { proxy.stop() }
        let transport = try CurlTransport(
            configuration: CurlTransportConfiguration(
                // Generous: the total timeout counts from before the name lookup, and the task
                // resumes after it only when a thread of the cooperative pool is free, which the
                // full test run's blocking tests (child processes, synchronous stores) can hold for
                // tens of seconds on a 2-core machine. A passing run takes milliseconds.
                connectTimeout: .seconds(60), totalTimeout: .seconds(180),
                addressPolicy: try AddressPolicy(allowing: ["127.0.0.1/32", "::1/128"]),
                proxy: "http://127.0.0.1:\(proxy.port)", proxyPinning: pinning))
        defer { transport.shutdown() }
        let result = await transport.send(TransportRequest(url: url, body: Data("{}".utf8)))
        return (result, proxy.requestLines, tunnelled.withLock { $0 })
    }

    /// `all`: a plain http request is tunnelled to the checked address; Host keeps the name.
    @Test("a name is asked for by the address the gate checked; Host keeps the name")
    func aNameIsPinnedToItsCheckedAddress() async throws {
        let (result, lines, tunnelled) = try await Self.send("http://localhost:9/hook", pinning: .all)
        #expect(result.statusCode == 200, "\(String(describing: result.error))")
        #expect(lines.first == "CONNECT 127.0.0.1:9 HTTP/1.1", "\(lines)")
        let head = try #require(tunnelled.first)
        #expect(head.hasPrefix("POST /hook HTTP/1.1\r\n"), "\(head)")
        #expect(head.contains("\r\nHost: localhost:9\r\n"), "\(head)")
    }

    /// `https` (the default): an https request's tunnel names the checked address (the TLS
    /// handshake then fails against this proxy, which is no TLS server: only the CONNECT line
    /// matters here); a plain http request names the host, as an absolute-form request, so a
    /// proxy that refuses CONNECT to port 80 still carries it.
    @Test("by default https is pinned and plain http is not", arguments: [
        ("https://localhost:9/hook", "CONNECT 127.0.0.1:9 HTTP/1.1"), ("http://localhost:9/hook", "POST http://localhost:9/hook HTTP/1.1"),
    ])
    func httpsIsPinnedByDefault(url: String, line: String) async throws {
        let (_, lines, _) = try await Self.send(url, pinning: .https)
        #expect(lines.first == line, "\(lines)")
    }

    @Test("with pinning off the proxy gets the name", arguments: [
        ("https://localhost:9/hook", "CONNECT localhost:9 HTTP/1.1"), ("http://localhost:9/hook", "POST http://localhost:9/hook HTTP/1.1"),
    ])
    func withoutPinningTheProxyGetsTheName(url: String, line: String) async throws {
        let (_, lines, _) = try await Self.send(url, pinning: .off)
        #expect(lines.first == line, "\(lines)")
    }

    @Test("an address written as the host needs no pin")
    func anAddressIsSentAsItIs() async throws {
        let (_, lines, _) = try await Self.send("http://127.0.0.1:9/hook", pinning: .all)
        #expect(lines.first?.hasPrefix("POST http://127.0.0.1:9/hook") == true, "\(lines)")
    }

    @Test("the connect-to entry", arguments: [
        ("192.0.2.7", "::192.0.2.7:"), ("2001:db8::5", "::[2001:db8:0:0:0:0:0:5]:"),
    ])
    func connectToEntry(address: String, entry: String) throws {
        #expect(ProxyTargetGate.connectTo(try #require(IPAddress(address))) == entry)
    }

    /// A name with both families is pinned to its IPv4 address: an egress proxy is more likely to
    /// reach IPv4 than the resolver's order on Linli's own host suggests.
    @Test func anIPv4AddressIsPreferred() async {
        let verdict = await ProxyTargetGate.verdict(
            for: "https://dual.example/hook", policy: AddressPolicy(), timeout: .seconds(5),
            lookUp: { _ in ([IPAddress("2606:2800:220:1::5")!, IPAddress("93.184.216.34")!, IPAddress("93.184.216.35")!], nil) })
        #expect(verdict == .allowed(pin: IPAddress("93.184.216.34")))
    }
}
