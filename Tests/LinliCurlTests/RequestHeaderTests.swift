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
    ])
    func safety(_ header: HTTPHeader, _ safe: Bool) {
        #expect(CurlRequestSetup.isSafe(header) == safe)
    }
}
