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

    /// Robots whose requests are signed with a "加签" secret (`ChatOptions.signingSecret`); WeCom
    /// group robots have no such option (the key in the URL is their only credential).
    public var takesSigningSecret: Bool { self == .dingtalk || self == .feishu }
}
