/// Per-endpoint settings of a chat robot message.
public struct ChatOptions: Hashable, Sendable {
    /// Longest accepted template source, in UTF-8 bytes.
    public static let maxTemplateBytes = 8 * 1024
    /// Most people that can be @-mentioned per message.
    public static let maxMentions = 50
    /// Longest robot signing secret accepted (DingTalk's are `SEC` and 64 hex digits).
    public static let maxSigningSecretLength = 256

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
        if let signingSecret, signingSecret.isEmpty || signingSecret.utf8.count > Self.maxSigningSecretLength
            || !signingSecret.unicodeScalars.allSatisfy({ (0x21..<0x7F).contains($0.value) }) {
            // The secret keys an HMAC and travels in the robot URL's query: printable ASCII only.
            errors.append(EndpointValidationError(.secretInvalid, field: "chat/signing_secret",
                                                  detail: "1 to \(Self.maxSigningSecretLength) printable ASCII characters"))
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
