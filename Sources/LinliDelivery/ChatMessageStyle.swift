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
