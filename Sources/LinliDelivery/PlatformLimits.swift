/// Size and rate facts of each platform, in one place so rendering, limiting and tests agree.
public enum PlatformLimits {
    /// WeCom text `content`, UTF-8 bytes.
    public static let wecomTextBytes = 2048
    /// WeCom markdown `content`, UTF-8 bytes.
    public static let wecomMarkdownBytes = 4096
    /// WeCom news card title and description, UTF-8 bytes.
    public static let wecomNewsTitleBytes = 128
    public static let wecomNewsDescriptionBytes = 512
    /// DingTalk does not publish a byte limit for custom robots; this conservative bound keeps
    /// messages far from the size where it starts refusing them.
    public static let dingTalkContentBytes = 18_000
    /// Feishu custom bot: the whole request body.
    public static let feishuBodyBytes = 20 * 1024
    /// A Feishu post's title: a line longer than this is cut there, and the whole line is kept in
    /// the content (Linli's bound, not Feishu's: a title is one line, and a template's long first
    /// line had taken the whole body, the rest of the message cut to 64 bytes; helper 171 #5).
    public static let feishuPostTitleBytes = 256
    /// A message longer than this many parts is truncated instead of flooding the group.
    public static let maxParts = 5

    /// The local per-robot rate windows for a format (empty for `standard`).
    public static func rateLimits(for format: EndpointFormat) -> [RateWindow] {
        switch format {
        case .standard: []
        case .wecom: [RateWindow(limit: 20, per: .seconds(60))]
        case .dingtalk: [RateWindow(limit: 20, per: .seconds(60))]
        case .feishu: [RateWindow(limit: 5, per: .seconds(1)), RateWindow(limit: 100, per: .seconds(60))]
        }
    }
}
