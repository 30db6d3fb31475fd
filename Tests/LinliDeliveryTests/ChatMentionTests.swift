import Foundation
import Testing
@testable import LinliDelivery

/// Who a group message @-mentions. Found by the session-17 webhook walk: mentions were accepted
/// for every robot and style and then silently dropped where the platform has no place for them
/// (Feishu, WeCom markdown), so nobody was told. Each style now either carries them or the
/// endpoint is refused.
@Suite struct ChatMentionTests {
    static let urls: [EndpointFormat: String] = [
        .wecom: RenderingTests.wecomURL,
        .dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=tok123456789",
        .feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    ]

    static func endpoint(_ format: EndpointFormat, _ style: ChatMessageStyle, users: [String] = [], mobiles: [String] = []) throws -> WebhookEndpoint {
        try RenderingTests.endpoint(format, urls[format]!, chat: ChatOptions(style: style, mentionedUserIDs: users, mentionedMobiles: mobiles))
    }

    static func codes(_ endpoint: WebhookEndpoint) -> [String] {
        endpoint.validationErrors().map { "\($0.code.rawValue) \($0.field)" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let format: EndpointFormat
        let style: ChatMessageStyle
        let users: [String]
        let mobiles: [String]
        let expected: [String]
        var testDescription: String { "\(format.rawValue) \(style.rawValue) users \(users) mobiles \(mobiles)" }
    }

    @Test(arguments: [
        Case(format: .wecom, style: .text, users: ["zhangsan", "@all"], mobiles: ["13800001111", "@all"], expected: []),
        Case(format: .wecom, style: .markdown, users: ["zhangsan"], mobiles: [], expected: []),
        Case(format: .wecom, style: .markdown, users: [], mobiles: ["13800001111"],
             expected: ["endpoint.mention_unsupported chat/mentioned_mobiles"]),
        Case(format: .wecom, style: .markdown, users: ["@all"], mobiles: [],
             expected: ["endpoint.mention_unsupported chat/mentioned_user_ids"]),
        Case(format: .wecom, style: .news, users: ["zhangsan"], mobiles: ["13800001111"],
             expected: ["endpoint.mention_unsupported chat/mentioned_mobiles", "endpoint.mention_unsupported chat/mentioned_user_ids"]),
        Case(format: .dingtalk, style: .markdown, users: ["zhangsan", "@all"], mobiles: ["+8613800001111"], expected: []),
        Case(format: .dingtalk, style: .text, users: [], mobiles: ["@all"],
             expected: ["endpoint.mention_invalid chat/mentioned_mobiles/0"]),
        Case(format: .feishu, style: .text, users: ["ou_7d8a6e6df7621556ce0d21922b676706", "@all"], mobiles: [], expected: []),
        Case(format: .feishu, style: .post, users: [], mobiles: ["13800001111"],
             expected: ["endpoint.mention_unsupported chat/mentioned_mobiles"]),
        Case(format: .wecom, style: .text, users: [], mobiles: ["138****1111", "138-0000-1111", "1234"],
             expected: ["endpoint.masked_value chat/mentioned_mobiles/0", "endpoint.mention_invalid chat/mentioned_mobiles/1",
                        "endpoint.mention_invalid chat/mentioned_mobiles/2"]),
        Case(format: .feishu, style: .text, users: ["a b", #"x"><at user_id="all"#, ""], mobiles: [],
             expected: ["endpoint.mention_invalid chat/mentioned_user_ids/0", "endpoint.mention_invalid chat/mentioned_user_ids/1",
                        "endpoint.mention_invalid chat/mentioned_user_ids/2"]),
    ])
    func mentionsAreAcceptedOnlyWhereTheyAreDelivered(_ row: Case) throws {
        #expect(Self.codes(try Self.endpoint(row.format, row.style, users: row.users, mobiles: row.mobiles)) == row.expected)
    }

    static func bodies(_ endpoint: WebhookEndpoint) throws -> [JSONValue] {
        try DeliveryRenderer.render(RenderingTests.event, for: endpoint, now: RenderingTests.now).map { try RenderingTests.json($0.body) }
    }

    @Test func weComMarkdownMentionsUsersInTheText() throws {
        let body = try #require(try Self.bodies(try Self.endpoint(.wecom, .markdown, users: ["zhangsan", "lisi"])).first)
        let content = try #require(body["markdown"]?["content"]?.stringValue)
        #expect(content.hasSuffix("\n<@zhangsan> <@lisi>"), "\(content)")
    }

    @Test func feishuTextMentionsUsersWithAtTags() throws {
        let body = try #require(try Self.bodies(try Self.endpoint(.feishu, .text, users: ["ou_1", "@all"])).first)
        let text = try #require(body["content"]?["text"]?.stringValue)
        #expect(text.hasSuffix(#"<at user_id="ou_1"></at> <at user_id="all"></at>"#), "\(text)")
    }

    @Test func feishuPostMentionsUsersOnALastLine() throws {
        let body = try #require(try Self.bodies(try Self.endpoint(.feishu, .post, users: ["ou_1"])).first)
        guard case .array(let lines)? = body["content"]?["post"]?["zh_cn"]?["content"] else {
            Issue.record("no post content: \(body)")
            return
        }
        #expect(lines.last == [["tag": "at", "user_id": "ou_1"]])
    }

    @Test func withoutMentionsNothingIsAdded() throws {
        let markdown = try #require(try Self.bodies(try Self.endpoint(.wecom, .markdown)).first)
        #expect(markdown["markdown"]?["content"]?.stringValue?.contains("<@") == false)
        let text = try #require(try Self.bodies(try Self.endpoint(.feishu, .text)).first)
        #expect(text["content"]?["text"]?.stringValue?.contains("<at") == false)
    }
}
