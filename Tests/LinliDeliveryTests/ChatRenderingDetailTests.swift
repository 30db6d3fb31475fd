import Foundation
import Testing
@testable import LinliDelivery

/// Chat robot rendering that dropped or repeated what the organizer configured, found by review 8d
/// (each test failed on the code it was written against).
@Suite("Chat rendering details")
struct ChatRenderingDetailTests {
    static let now = RenderingTests.now
    static let event = RenderingTests.event

    static func endpoint(_ format: EndpointFormat, _ url: String, chat: ChatOptions) throws -> WebhookEndpoint {
        try RenderingTests.endpoint(format, url, chat: chat)
    }

    static func json(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// What a user sees now: a DingTalk robot configured with `style: markdown` and
    /// `mentioned_mobiles` / `mentioned_user_ids` (accepted by the API without a word) posts the
    /// message without its `at` block, so nobody is @-mentioned — the mentions are silently dropped
    /// (the text style sends them). DingTalk's markdown messages take the same `at` object
    /// (`atMobiles`, `atUserIds`, `isAtAll`) as text messages.
    /// What should happen: the markdown message carries the configured mentions (or the endpoint
    /// is refused with 422 when mentions cannot be delivered in its style).
    @Test func dingTalkMarkdownMessagesCarryTheConfiguredMentions() throws {
        let endpoint = try Self.endpoint(
            .dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=tok123456789",
            chat: ChatOptions(style: .markdown, mentionedUserIDs: ["zhangsan"], mentionedMobiles: ["13800001111"]))
        #expect(endpoint.validationErrors().isEmpty, "the endpoint is accepted as configured")
        let request = try #require(try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now).first)
        let body = try Self.json(request.body)
        #expect(body["msgtype"] == "markdown")
        #expect(body["at"]?["atMobiles"] == ["13800001111"], "configured mobile mentions are sent: \(String(decoding: request.body, as: UTF8.self))")
        #expect(body["at"]?["atUserIds"] == ["zhangsan"], "configured user mentions are sent")
        // Helper 119: in markdown DingTalk mentions only whom the text also names.
        let text = try #require(body["markdown"]?["text"]?.stringValue)
        #expect(text.hasSuffix("\n\n@13800001111 @zhangsan"), "\(text)")
    }

    /// What a user sees now: a Feishu `post` message shows its title twice — once as the post's
    /// title and again as the first line of the body — because the whole rendered text, title
    /// line included, becomes the content. `MessageTemplates` documents that the first rendered
    /// line *is* the title (Feishu post title) "and the rest is the body" (as the WeCom news card
    /// does: its description leaves the title out).
    /// What should happen: the post's content starts with the line after the title.
    @Test func feishuPostMessagesDoNotRepeatTheTitle() throws {
        let endpoint = try Self.endpoint(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/tok-1", chat: ChatOptions(style: .post))
        let request = try #require(try DeliveryRenderer.render(Self.event, for: endpoint, now: Self.now).first)
        let body = try Self.json(request.body)
        let post = try #require(body["content"]?["post"]?["zh_cn"])
        #expect(post["title"] == "【新发布】九成新婴儿推车")
        guard case .array(let lines)? = post["content"], case .array(let firstLine)? = lines.first else {
            Issue.record("post content is not a list of lines: \(String(decoding: request.body, as: UTF8.self))")
            return
        }
        let firstText = firstLine.first?["text"]?.stringValue
        #expect(firstText != "【新发布】九成新婴儿推车", "the title is repeated as the body's first line")
    }

    /// Helper 171 #5: a Feishu post's title was the whole first line, never budgeted: a 25 KB
    /// line made every body too large for Feishu (refused for good), and a shorter long one cut
    /// the rest of the message to 64 bytes. The title is cut; the line and the rest are kept.
    @Test func aLongFirstLineIsCutAsAFeishuPostTitleAndKeptInTheContent() throws {
        let endpoint = try Self.endpoint(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/tok-1", chat: ChatOptions(style: .post))
        let line = String(repeating: "旧书", count: 4_300)  // 25 800 bytes
        let bodies = ChatPayloadBuilder.bodies(text: line + "\n联系：南门", event: Self.event, endpoint: endpoint, now: Self.now)
        #expect(!bodies.isEmpty && bodies.allSatisfy { $0.count <= PlatformLimits.feishuBodyBytes }, "\(bodies.map(\.count))")
        let first = try Self.json(try #require(bodies.first))
        let title = try #require(first["content"]?["post"]?["zh_cn"]?["title"]?.stringValue)
        #expect(title.utf8.count <= PlatformLimits.feishuPostTitleBytes && title.hasPrefix("旧书旧书"))
        let texts = try bodies.flatMap { body -> [String] in
            guard case .array(let lines)? = try Self.json(body)["content"]?["post"]?["zh_cn"]?["content"] else { return [] }
            return lines.compactMap { line -> String? in
                guard case .array(let tags) = line else { return nil }
                return tags.compactMap { $0["text"]?.stringValue }.joined()
            }
        }
        let joined = texts.joined()
        #expect(joined.contains("联系：南门"), "the rest of the message is kept")
        #expect(joined.count >= line.count, "the long line is kept whole: \(joined.count)")
    }
}
