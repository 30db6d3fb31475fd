import Foundation
import Testing
@testable import LinliDelivery

/// A WeCom news card opens the endpoint's link pattern filled in from the event (`ChatLink`);
/// before, no event carried a link and every news message fell back to text.
@Suite struct ChatLinkTests {
    @Test(arguments: [
        ("https://linli.example.org/m/listings/{listing_id}", nil),
        ("http://10.0.0.5:8080/l?id={listing_id}&c={community_id}#top", nil),
        ("https://linli.example.org/board", nil),
        ("https://{listing_id}.example.org/", "placeholders may stand only after the host"),
        ("https://linli.example.org{listing_id}", "placeholders may stand only after the host"),
        ("ftp://linli.example.org/{listing_id}", "an absolute http or https URL, without user or password"),
        ("/m/listings/{listing_id}", "an absolute http or https URL, without user or password"),
        ("https://user:pw@linli.example.org/{listing_id}", "an absolute http or https URL, without user or password"),
        ("https://linli.example.org/a b/{listing_id}", "an absolute http or https URL, without user or password"),
        ("https://linli.example.org/{Listing}", "placeholders are {name}: lower-case letters, digits and _, starting with a letter"),
        ("https://linli.example.org/{listing_id", "placeholders are {name}: lower-case letters, digits and _, starting with a letter"),
        ("https://linli.example.org/}", "placeholders are {name}: lower-case letters, digits and _, starting with a letter"),
        ("https://linli.example.org/{}", "placeholders are {name}: lower-case letters, digits and _, starting with a letter"),
        ("https://linli.example.org/" + String(repeating: "a", count: 1_000), "at most 1024 bytes"),
    ] as [(String, String?)])
    func patterns(_ pattern: String, _ refusal: String?) {
        switch ChatLink.parse(pattern) {
        case .success: #expect(refusal == nil, "\(pattern) accepted")
        case .failure(let failure): #expect(failure.reason == refusal, "\(pattern)")
        }
    }

    @Test(arguments: [
        (["listing_id": "lst_42", "points": .int(120)], "https://x.example/l/lst_42?p=120"),
        (["listing_id": "a/b?c=d#e f", "points": .int(7)], "https://x.example/l/a%2Fb%3Fc%3Dd%23e%20f?p=7"),
        (["listing_id": "九成新", "points": .int(1)], "https://x.example/l/%E4%B9%9D%E6%88%90%E6%96%B0?p=1"),
        (["listing_id": "..", "points": .int(1)], "https://x.example/l/%2E%2E?p=1"),
        (["listing_id": "a.b", "points": .int(1)], "https://x.example/l/a.b?p=1"),
        (["listing_id": .string(String(repeating: "字", count: 300)), "points": .int(1)], nil),
        (["points": .int(120)], nil),
        (["listing_id": "", "points": .int(1)], nil),
        (["listing_id": .bool(true), "points": .int(1)], nil),
    ] as [([String: JSONValue], String?)])
    func fillsInPercentEncodedFields(_ payload: [String: JSONValue], _ expected: String?) throws {
        let link = try ChatLink.parse("https://x.example/l/{listing_id}?p={points}").get()
        #expect(link.link(for: .object(payload)) == expected)
    }

    /// The card opens the filled-in link; an event without the field goes as text.
    @Test func aNewsCardOpensTheEndpointsLink() throws {
        var event = RenderingTests.event
        event.payload = ["title": "九成新婴儿推车", "listing_id": "lst_7"]
        let options = ChatOptions(style: .news, link: "https://linli.example.org/m/listings/{listing_id}")
        let endpoint = try RenderingTests.endpoint(.wecom, RenderingTests.wecomURL, chat: options)
        #expect(endpoint.validationErrors().isEmpty)
        let body = try RenderingTests.json(try #require(try DeliveryRenderer.render(event, for: endpoint, now: RenderingTests.now).first).body)
        let article = try #require(body["news"]?["articles"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
        #expect(body["msgtype"] == "news" && article["url"] == "https://linli.example.org/m/listings/lst_7")

        event.payload = ["title": "九成新婴儿推车"]
        let text = try RenderingTests.json(try #require(try DeliveryRenderer.render(event, for: endpoint, now: RenderingTests.now).first).body)
        #expect(text["msgtype"] == "text")
    }

    /// Only a WeCom news card opens a link: elsewhere it would be stored and never used.
    @Test(arguments: [
        (EndpointFormat.wecom, ChatMessageStyle.text), (.wecom, .markdown), (.dingtalk, .markdown), (.feishu, .post),
    ])
    func aLinkElsewhereIsRefused(_ format: EndpointFormat, _ style: ChatMessageStyle) throws {
        let url = switch format {
        case .dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=tok123456789"
        case .feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/tok-123"
        default: RenderingTests.wecomURL
        }
        let endpoint = try RenderingTests.endpoint(format, url, chat: ChatOptions(style: style, link: "https://linli.example.org/{listing_id}"))
        #expect(endpoint.validationErrors().map { "\($0.code.rawValue) \($0.field)" } == ["endpoint.link_invalid chat/link"])
        let bad = try RenderingTests.endpoint(.wecom, RenderingTests.wecomURL, chat: ChatOptions(style: .news, link: "https://{x}.example/"))
        #expect(bad.validationErrors().map(\.detail) == ["placeholders may stand only after the host"])
    }
}
