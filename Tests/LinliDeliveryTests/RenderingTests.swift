import Foundation
import Testing
@testable import LinliDelivery

@Suite("Rendering per format")
struct RenderingTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let event = OutboundEvent(
        id: "msg_01HZX", type: "listing.published", communityID: "com_1", subject: "listing:lst_42",
        occurredAt: Date(timeIntervalSince1970: 1_699_999_990),
        payload: ["title": "九成新婴儿推车", "category": "母婴", "kind": "item", "points": .int(120),
                  "url": "https://linli.example/l/lst_42"])

    static func endpoint(_ format: EndpointFormat, _ url: String, chat: ChatOptions = ChatOptions()) throws -> WebhookEndpoint {
        WebhookEndpoint(id: "ep_1", communityID: "com_1", url: url, format: format, events: try EventTypeFilter(["listing.*"]),
                        secrets: [try WebhookSecret(encoded: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")], chat: chat)
    }

    static func json(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    static let wecomURL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-0123456789"

    @Test func standardBodyIsSignedAndStable() throws {
        let endpoint = try Self.endpoint(.standard, "https://hooks.example.com/linli")
        let requests = try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now)
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        let body = try Self.json(request.body)
        #expect(body["id"] == "msg_01HZX")
        #expect(body["type"] == "listing.published")
        #expect(body["subject"] == "listing:lst_42")
        #expect(body["data"]?["points"] == .int(120))
        func header(_ name: String) -> String? { request.headers.first { $0.name == name }?.value }
        #expect(header("webhook-id") == "msg_01HZX")
        #expect(header("webhook-timestamp") == "1700000000")
        try StandardWebhookSigner.verify(id: "msg_01HZX", timestamp: "1700000000",
                                         signatureHeader: try #require(header("webhook-signature")), body: request.body,
                                         secret: endpoint.secrets[0], now: Self.now)
        #expect(DeliveryRenderer.standardBody(Self.event) == request.body)
    }

    @Test func wecomTextUsesTheChineseDefaultTemplateAndMentions() throws {
        let endpoint = try Self.endpoint(.wecom, Self.wecomURL, chat: ChatOptions(
            mentionedUserIDs: ["@all"], mentionedMobiles: ["13800001111"]))
        let request = try #require(try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now).first)
        let body = try Self.json(request.body)
        #expect(body["msgtype"] == "text")
        let content = try #require(body["text"]?["content"]?.stringValue)
        #expect(content.hasPrefix("【新发布】九成新婴儿推车"))
        #expect(content.contains("积分：120"))
        #expect(content.contains("查看：https://linli.example/l/lst_42"))
        #expect(body["text"]?["mentioned_list"] == ["@all"])
        #expect(body["text"]?["mentioned_mobile_list"] == ["13800001111"])
        #expect(request.url == Self.wecomURL)
    }

    @Test func longChineseWecomTextIsSplitWithinTwoKilobytesAndMentionsOnce() throws {
        var event = Self.event
        event.payload = ["title": "长描述", "description": .string(String(repeating: "这是一段很长的中文描述。", count: 150))]
        let endpoint = try Self.endpoint(.wecom, Self.wecomURL, chat: ChatOptions(mentionedUserIDs: ["zhangsan"]))
        let requests = try DeliveryRenderer.render(event, for: endpoint, now: Self.now)
        let bodies = try requests.map { try Self.json($0.body) }
        let contents = bodies.compactMap { $0["text"]?["content"]?.stringValue }
        #expect(requests.count == 3)
        #expect(contents.allSatisfy { $0.utf8.count <= PlatformLimits.wecomTextBytes })
        #expect(contents.joined().contains(String(repeating: "这是一段很长的中文描述。", count: 150)))
        #expect(bodies.map { $0["text"]?["mentioned_list"] != nil } == [true, false, false])
    }

    @Test func extremelyLongMessagesStopAtMaxPartsWithAMarker() throws {
        var event = Self.event
        event.payload = ["title": "超长", "description": .string(String(repeating: "字", count: 20_000))]
        let endpoint = try Self.endpoint(.wecom, Self.wecomURL, chat: ChatOptions(style: .markdown))
        let requests = try DeliveryRenderer.render(event, for: endpoint, now: Self.now)
        let contents = try requests.map { try #require(try Self.json($0.body)["markdown"]?["content"]?.stringValue) }
        #expect(requests.count == PlatformLimits.maxParts)
        #expect(contents.allSatisfy { $0.utf8.count <= PlatformLimits.wecomMarkdownBytes })
        #expect(contents.last?.hasSuffix("…") == true)
    }

    @Test func wecomNewsCardTruncatesTitleAndDescription() throws {
        var event = Self.event
        event.payload["title"] = .string(String(repeating: "标题", count: 100))
        let endpoint = try Self.endpoint(.wecom, Self.wecomURL, chat: ChatOptions(style: .news))
        let body = try Self.json(try #require(try DeliveryRenderer.render(event, for: endpoint, now: Self.now).first).body)
        let article = try #require(body["news"]?["articles"].flatMap { if case .array(let a) = $0 { a.first } else { nil } })
        #expect(body["msgtype"] == "news")
        #expect(try #require(article["title"]?.stringValue).utf8.count <= PlatformLimits.wecomNewsTitleBytes)
        #expect(article["url"] == "https://linli.example/l/lst_42")
    }

    @Test func dingTalkSignsTheURLAndUsesEnglishWhenAsked() throws {
        let url = "https://oapi.dingtalk.com/robot/send?access_token=tok123456789"
        let endpoint = try Self.endpoint(.dingtalk, url, chat: ChatOptions(style: .markdown, locale: .en, signingSecret: "SECtest"))
        let request = try #require(try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now).first)
        #expect(request.url == url + "&timestamp=1700000000000&sign=aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g%3D")
        let body = try Self.json(request.body)
        #expect(body["msgtype"] == "markdown")
        #expect(body["markdown"]?["title"] == "[New listing] 九成新婴儿推车")
    }

    /// Helper 162 #5: DingTalk's markdown joins lines one "\n" separates; each line ends with two
    /// spaces, and long texts still fit the platform's limit with them.
    @Test func dingTalkMarkdownKeepsItsLineBreaks() throws {
        let url = "https://oapi.dingtalk.com/robot/send?access_token=tok123456789"
        let endpoint = try Self.endpoint(.dingtalk, url, chat: ChatOptions(style: .markdown))
        let body = try Self.json(try #require(try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now).first).body)
        let text = try #require(body["markdown"]?["text"]?.stringValue)
        #expect(text.contains("\n"))
        let lines = text.components(separatedBy: "\n")
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("  ") }, "\(lines)")

        var long = Self.event
        long.payload["description"] = .string(String(repeating: "一\n", count: 12_000))
        let parts = try DeliveryRenderer.render(long, for: endpoint, now: Self.now)
        for part in parts {
            let content = try #require(try Self.json(part.body)["markdown"]?["text"]?.stringValue)
            #expect(content.utf8.count <= PlatformLimits.dingTalkContentBytes)
            #expect(!content.contains { $0 == "\n" } || content.components(separatedBy: "\n").dropLast().allSatisfy { $0.hasSuffix("  ") })
        }
    }

    @Test func feishuCarriesItsSignatureInTheBodyAndStaysUnderTwentyKilobytes() throws {
        var event = Self.event
        event.payload["description"] = .string(String(repeating: "“引号”和\"转义\"\n", count: 2_000))
        let endpoint = try Self.endpoint(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/tok-1",
                                         chat: ChatOptions(style: .post, signingSecret: "demo"))
        let requests = try DeliveryRenderer.render(event, for: endpoint, now: Date(timeIntervalSince1970: 1_599_360_473))
        #expect(requests.count > 1)
        #expect(requests.allSatisfy { $0.body.count <= PlatformLimits.feishuBodyBytes })
        let body = try Self.json(requests[0].body)
        #expect(body["msg_type"] == "post")
        #expect(body["timestamp"] == "1599360473")
        #expect(body["sign"] == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=")
        #expect(body["content"]?["post"]?["zh_cn"]?["title"] == "【新发布】九成新婴儿推车")
    }

    @Test func customTemplatesOverrideDefaultsAndDoNotHTMLEscape() throws {
        let endpoint = try Self.endpoint(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/tok-1", chat: ChatOptions(
            templates: ["listing.published": "{{data.title}} <b>&{{event.subject}}</b>"]))
        let body = try Self.json(try #require(try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now).first).body)
        #expect(body["content"]?["text"] == "九成新婴儿推车 <b>&listing:lst_42</b>")
        #expect(body["sign"] == nil)
    }

    @Test func unknownEventTypesUseTheFallbackTemplate() throws {
        var event = Self.event
        event.type = "household.merged"
        let endpoint = try Self.endpoint(.wecom, Self.wecomURL)
        let body = try Self.json(try #require(try DeliveryRenderer.render(event, for: endpoint, now: Self.now).first).body)
        #expect(body["text"]?["content"]?.stringValue?.hasPrefix("【household.merged】listing:lst_42") == true)
    }

    @Test func brokenTemplateIsARenderError() throws {
        var endpoint = try Self.endpoint(.wecom, Self.wecomURL)
        endpoint.chat.templates["listing.published"] = "{{#data}}never closed"
        #expect(throws: DeliveryRenderer.RenderError.self) { try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now) }
    }
}
