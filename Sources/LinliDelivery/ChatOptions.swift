/// Per-endpoint settings of a chat robot message.
public struct ChatOptions: Hashable, Sendable {
    /// Longest accepted template source, in UTF-8 bytes.
    public static let maxTemplateBytes = 8 * 1024
    /// Most people that can be @-mentioned per message.
    public static let maxMentions = 50

    public var style: ChatMessageStyle
    public var locale: MessageLocale
    /// Templates per event type, overriding the shipped defaults (Mustache source).
    public var templates: [String: String]
    /// WeCom `mentioned_list` / DingTalk `atUserIds`; `@all` mentions everyone on WeCom.
    public var mentionedUserIDs: [String]
    /// WeCom `mentioned_mobile_list` / DingTalk `atMobiles`.
    public var mentionedMobiles: [String]
    /// DingTalk / Feishu "加签" secret; nil when the robot has signing turned off.
    public var signingSecret: String?

    public init(
        style: ChatMessageStyle = .text, locale: MessageLocale = .zhCN, templates: [String: String] = [:],
        mentionedUserIDs: [String] = [], mentionedMobiles: [String] = [], signingSecret: String? = nil
    ) {
        self.style = style
        self.locale = locale
        self.templates = templates
        self.mentionedUserIDs = mentionedUserIDs
        self.mentionedMobiles = mentionedMobiles
        self.signingSecret = signingSecret
    }

    func validationErrors(for format: EndpointFormat) -> [EndpointValidationError] {
        guard format.isChat else { return [] }
        var errors: [EndpointValidationError] = []
        if !style.isSupported(by: format) {
            errors.append(EndpointValidationError(.templateInvalid, field: "chat/style",
                                                  detail: "\(format.rawValue) has no \(style.rawValue) messages"))
        }
        if mentionedUserIDs.count + mentionedMobiles.count > Self.maxMentions {
            errors.append(EndpointValidationError(.templateInvalid, field: "chat/mentions",
                                                  detail: "at most \(Self.maxMentions) mentions"))
        }
        for (eventType, source) in templates.sorted(by: { $0.key < $1.key }) {
            let field = "templates/\(eventType)"
            if !EventTypeFilter.isValidPattern(eventType) || eventType.contains("*") {
                errors.append(EndpointValidationError(.templateInvalid, field: field, detail: "not an event type"))
            } else if source.utf8.count > Self.maxTemplateBytes {
                errors.append(EndpointValidationError(.templateTooLong, field: field,
                                                      detail: "at most \(Self.maxTemplateBytes) bytes"))
            } else {
                do { _ = try MessageTemplates.compile(source) } catch {
                    errors.append(EndpointValidationError(.templateInvalid, field: field, detail: "\(error)"))
                }
            }
        }
        return errors
    }
}
