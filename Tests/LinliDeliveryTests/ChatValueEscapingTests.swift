import Foundation
import Testing
@testable import LinliDelivery

/// Session 28 review (helper 93): a listing title went into chat messages as it was written, so it
/// could mention a whole Feishu group, put a link or a tracking image into a markdown message, or
/// start a fake line.
@Suite struct ChatValueEscapingTests {
    @Test(arguments: [
        (ChatValueEscaping.plain, false, "折叠梯\n【通知】全体补贴", "折叠梯 【通知】全体补贴"),
        (.plain, true, "九成新\n可小区内自提", "九成新\n可小区内自提"),
        (.plain, false, "<at user_id=\"all\"></at>", "<at user_id=\"all\"></at>"),
        (.feishuText, false, "<at user_id=\"all\"></at>免费送冰箱", "＜at user_id=\"all\">＜/at>免费送冰箱"),
        (.feishuText, false, "[link](https://x)", "[link](https://x)"),
        (.markdown, false, "[社区补贴登记](https://phish.example)", "［社区补贴登记］(https://phish.example)"),
        (.markdown, false, "![](https://tracker.example/p.png)", "!［］(https://tracker.example/p.png)"),
        (.markdown, false, "<@zhangsan> <font color=\"warning\">急</font>", "＜@zhangsan> ＜font color=\"warning\">急＜/font>"),
        (.markdown, false, "价格>100，3#楼", "价格>100，3#楼"),
        (.markdown, false, "结尾反斜杠\\", "结尾反斜杠＼"),
        (.markdown, true, "第一行\n# 假标题\n  #也是\n> 引用", "第一行\n＃ 假标题\n  ＃也是\n＞ 引用"),
        (.markdown, false, "3#楼 #2", "3#楼 #2"),
        (.markdown, false, "# 标题\r\n第二行", "＃ 标题 第二行"),
    ] as [(ChatValueEscaping, Bool, String, String)])
    func values(escaping: ChatValueEscaping, multiLine: Bool, input: String, expected: String) {
        #expect(escaping.escape(input, multiLine: multiLine) == expected)
    }

    @Test(arguments: [
        (EndpointFormat.wecom, ChatMessageStyle.markdown, ChatValueEscaping.markdown),
        (.dingtalk, .markdown, .markdown),
        (.wecom, .text, .plain), (.wecom, .news, .plain), (.dingtalk, .text, .plain),
        (.feishu, .text, .feishuText), (.feishu, .post, .plain), (.standard, .text, .plain),
    ] as [(EndpointFormat, ChatMessageStyle, ChatValueEscaping)])
    func escapingByFormat(format: EndpointFormat, style: ChatMessageStyle, expected: ChatValueEscaping) {
        #expect(ChatValueEscaping.of(format, style) == expected)
    }

    /// Nested values are escaped by their own key; numbers and flags are left alone.
    @Test func payloadsAreEscapedThroughout() {
        let payload: JSONValue = [
            "title": "甲\n乙", "description": "甲\n乙", "points": .int(5), "items": ["[a]\nb"], "inner": ["description": "c\nd"],
        ]
        let escaped = ChatValueEscaping.markdown.apply(payload)
        #expect(escaped["title"] == "甲 乙")
        #expect(escaped["description"] == "甲\n乙")
        #expect(escaped["points"] == .int(5))
        #expect(escaped["items"] == ["［a］ b"])
        #expect(escaped["inner"]?["description"] == "c\nd")
    }

    /// End to end: the Feishu text message mentions only whom the endpoint names, and a DingTalk
    /// markdown message carries no link the title wrote; the organizer's template text is kept.
    @Test func renderedMessagesCarryNoInjectedSyntax() throws {
        let event = OutboundEvent(
            id: "msg_1", type: "listing.published", communityID: "com_1", subject: "listing:lst_1",
            occurredAt: Date(timeIntervalSince1970: 1_699_999_990),
            payload: ["title": "<at user_id=\"all\"></at>[免费](https://phish.example)\n# 假通知", "kind": "item", "category": "tools"])
        let feishu = try RenderingTests.endpoint(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/tok-1", chat: ChatOptions(style: .text))
        let feishuBody = try RenderingTests.json(try #require(try DeliveryRenderer.render(event, for: feishu, now: RenderingTests.now).first).body)
        let feishuText = try #require(feishuBody["content"]?["text"]?.stringValue)
        #expect(!feishuText.contains("<at"))
        #expect(feishuText.hasPrefix("【新发布】＜at user_id=\"all\">＜/at>[免费](https://phish.example) # 假通知\n"))
        let dingtalk = try RenderingTests.endpoint(
            .dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=tok123456789", chat: ChatOptions(style: .markdown))
        let dingBody = try RenderingTests.json(try #require(try DeliveryRenderer.render(event, for: dingtalk, now: RenderingTests.now).first).body)
        let markdown = try #require(dingBody["markdown"]?["text"]?.stringValue)
        #expect(!markdown.contains("](") || markdown.contains("［免费］(https://phish.example)"))
        #expect(!markdown.contains("\n# "), "no heading from the title")
        let custom = try RenderingTests.endpoint(
            .dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=tok123456789",
            chat: ChatOptions(style: .markdown, templates: ["listing.published": "### [{{data.title}}](https://linli.example)"]))
        let customBody = try RenderingTests.json(try #require(try DeliveryRenderer.render(event, for: custom, now: RenderingTests.now).first).body)
        #expect(customBody["markdown"]?["text"]?.stringValue
            == "### [＜at user_id=\"all\">＜/at>［免费］(https://phish.example) # 假通知](https://linli.example)")
    }
}
