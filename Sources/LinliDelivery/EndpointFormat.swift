/// The wire format of an endpoint: a generic signed JSON consumer or one of the chat robots.
public enum EndpointFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Any HTTP consumer; JSON envelope signed per Standard Webhooks.
    case standard
    /// WeChat Work (企业微信) group robot.
    case wecom
    /// DingTalk (钉钉) custom robot.
    case dingtalk
    /// Feishu / Lark (飞书) custom bot.
    case feishu

    /// Chat formats render a human message from a template and talk to a fixed official host.
    public var isChat: Bool { self != .standard }
}

/// How a chat message is laid out on the platform. Not every style exists on every platform;
/// `WebhookEndpoint.validationErrors()` refuses impossible combinations.
public enum ChatMessageStyle: String, Sendable, Hashable, Codable, CaseIterable {
    case text
    case markdown
    /// WeCom only: a link card (title, description, URL).
    case news
    /// Feishu only: rich text with a title.
    case post

    /// Whether `format` supports this style.
    public func isSupported(by format: EndpointFormat) -> Bool {
        switch (format, self) {
        case (.wecom, .text), (.wecom, .markdown), (.wecom, .news): true
        case (.dingtalk, .text), (.dingtalk, .markdown): true
        case (.feishu, .text), (.feishu, .post): true
        default: false
        }
    }
}

/// Language of the shipped default templates. zh-CN is the default: the groups are Chinese.
public enum MessageLocale: String, Sendable, Hashable, Codable, CaseIterable {
    case zhCN = "zh-CN"
    case en
}
