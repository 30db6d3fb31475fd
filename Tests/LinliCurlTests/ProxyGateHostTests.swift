import Foundation
@testable import LinliCurl
import LinliDelivery
import Testing

/// Found by review 9f (each test failed first): the proxy SSRF gate (`ProxyTargetGate`) must resolve the very name curl hands the
/// proxy.
@Suite("Proxy gate: the host as curl sends it")
struct ProxyGateHostTests {
    /// An endpoint URL with an internationalised host (`EndpointURLRules` accepts it and stores
    /// the text as given; libcurl here is built with libidn2). Without a proxy curl resolves the
    /// IDNA (punycode) form; through a proxy curl writes the punycode host into the request line
    /// / CONNECT it sends. `ProxyTargetGate.host(of:)` reads `CURLUPART_HOST` without
    /// `CURLU_PUNYCODE`, so the gate calls `getaddrinfo` on the UTF-8 name — a name no DNS
    /// server holds — and every such delivery through the proxy fails `dns_failed` (retried for
    /// days, then the endpoint disabled), while the same endpoint works without the proxy. The
    /// gate and the proxy also look up two different names, which is the parser/resolver
    /// differential the gate says it rules out.
    @Test("the gate resolves the IDNA host curl sends to the proxy", arguments: [
        "http://bücher.example/hook", "https://bücher.example:8443/hook?x=1",
    ])
    func internationalisedHostIsResolvedAsCurlSendsIt(_ url: String) {
        #expect(ProxyTargetGate.host(of: url) == "xn--bcher-kva.example", "gate host: \(ProxyTargetGate.host(of: url) ?? "nil")")
    }

    /// A plain ASCII host is unaffected (control).
    @Test func asciiHostUnchanged() {
        #expect(ProxyTargetGate.host(of: "http://Example.COM./hook") != nil)
        #expect(ProxyTargetGate.host(of: "http://[fe80::1%25eth0]:8080/") == "fe80::1")
        #expect(ProxyTargetGate.host(of: "http://0x7f.1/") == "127.0.0.1")
    }
}
