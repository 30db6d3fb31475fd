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
    /// The URL pattern a WeCom news card opens (`ChatLink`), as sent; nil when there is none.
    public var link: String?

    public init(
        style: ChatMessageStyle = .text, locale: MessageLocale = .zhCN, templates: [String: String] = [:],
        mentionedUserIDs: [String] = [], mentionedMobiles: [String] = [], signingSecret: String? = nil, link: String? = nil
    ) {
        self.style = style
        self.locale = locale
        self.templates = templates
        self.mentionedUserIDs = mentionedUserIDs
        self.mentionedMobiles = mentionedMobiles
        self.signingSecret = signingSecret
        self.link = link
    }

    /// Mentions the platform delivers in each style: WeCom text messages take user ids and
    /// mobiles (and `@all` in either list), its markdown only user ids written into the text
    /// (`<@id>`, no `@all`), its news cards none; DingTalk's text and markdown take both (`at`);
    /// Feishu robots mention by user id only (`<at user_id>`), never by mobile. Anything else was
    /// accepted and then silently dropped, so the group was never told who was meant.
    func mentionErrors(for format: EndpointFormat) -> [EndpointValidationError] {
        var errors: [EndpointValidationError] = []
        let takesMobiles = switch (format, style) {
        case (.wecom, .text), (.dingtalk, _): true
        default: false
        }
        let takesUserIDs = !(format == .wecom && style == .news)
        let takesAll = format != .wecom || style == .text
        func unsupported(_ field: String, _ detail: String) {
            errors.append(EndpointValidationError(.mentionUnsupported, field: field, detail: detail))
        }
        if !mentionedMobiles.isEmpty && !takesMobiles {
            unsupported("chat/mentioned_mobiles", "\(format.rawValue) \(style.rawValue) messages cannot mention by mobile number")
        }
        if !mentionedUserIDs.isEmpty && !takesUserIDs {
            unsupported("chat/mentioned_user_ids", "\(format.rawValue) \(style.rawValue) messages cannot mention anyone")
        } else if !takesAll && mentionedUserIDs.contains("@all") {
            unsupported("chat/mentioned_user_ids", "\(format.rawValue) \(style.rawValue) messages cannot mention everyone")
        }
        for (index, mobile) in mentionedMobiles.enumerated() {
            let field = "chat/mentioned_mobiles/\(index)"
            if mobile.contains("*") {
                errors.append(EndpointValidationError(.maskedValue, field: field,
                                                      detail: "the masked form shown by Linli; send the real number or leave the list out"))
            } else if !(Self.isMobile(mobile) || (mobile == "@all" && format == .wecom)) {
                errors.append(EndpointValidationError(.mentionInvalid, field: field, detail: "a phone number: digits, optionally after +"))
            }
        }
        for (index, id) in mentionedUserIDs.enumerated()
        where id.isEmpty || id.utf8.count > 64 || id.unicodeScalars.contains(where: Self.isForbiddenInUserID) {
            errors.append(EndpointValidationError(.mentionInvalid, field: "chat/mentioned_user_ids/\(index)",
                                                  detail: "a user id: 1 to 64 bytes, no spaces, quotes or angle brackets"))
        }
        return errors
    }

    /// A user id is written into message text (`<@id>`, `<at user_id="id">`): no character that
    /// would end the tag or split the list.
    static func isForbiddenInUserID(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value < 0x20 || scalar == "\"" || scalar == "<" || scalar == ">"
    }

    /// Digits (5 to 20), optionally after a `+`.
    static func isMobile(_ value: String) -> Bool {
        let digits = value.hasPrefix("+") ? value.dropFirst() : Substring(value)
        return (5...20).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    func validationErrors(for format: EndpointFormat) -> [EndpointValidationError] {
        guard format.isChat else { return [] }
        var errors: [EndpointValidationError] = []
        if !style.isSupported(by: format) {
            errors.append(EndpointValidationError(.templateInvalid, field: "chat/style",
                                                  detail: "\(format.rawValue) has no \(style.rawValue) messages"))
        }
        if mentionedUserIDs.count + mentionedMobiles.count > Self.maxMentions {
            // Both lists count together: the pointer names the object that holds them.
            errors.append(EndpointValidationError(.mentionsTooMany, field: "chat",
                                                  detail: "at most \(Self.maxMentions) mentions in mentioned_user_ids and mentioned_mobiles together"))
        }
        errors += mentionErrors(for: format)
        if let link {
            // Only a WeCom news card opens a link; elsewhere it would be kept and never used.
            if format != .wecom || style != .news {
                errors.append(EndpointValidationError(.linkInvalid, field: "chat/link", detail: "only WeCom news cards open a link"))
            } else if case .failure(let refusal) = ChatLink.parse(link) {
                errors.append(EndpointValidationError(.linkInvalid, field: "chat/link", detail: refusal.reason))
            }
        }
        if let signingSecret, signingSecret.contains(SecretMasker.maskMark) {
            errors.append(EndpointValidationError(.maskedValue, field: "chat/signing_secret",
                                                  detail: "the masked form shown by Linli; send the real secret or leave the field out"))
        } else if let signingSecret, signingSecret.isEmpty || signingSecret.utf8.count > Self.maxSigningSecretLength
            || !signingSecret.unicodeScalars.allSatisfy({ (0x21..<0x7F).contains($0.value) }) {
            // The secret keys an HMAC and travels in the robot URL's query: printable ASCII only.
            errors.append(EndpointValidationError(.secretInvalid, field: "chat/signing_secret",
                                                  detail: "1 to \(Self.maxSigningSecretLength) printable ASCII characters"))
        }
        for (eventType, source) in templates.sorted(by: { $0.key < $1.key }) {
            // Where the template is in the request body (`/chat/templates/...`), the key escaped
            // as a JSON pointer token (RFC 6901) so a key with `/` or `~` still points at itself.
            let token = eventType.replacing("~", with: "~0").replacing("/", with: "~1")
            let field = "chat/templates/\(token)"
            if !EventTypeFilter.isValidPattern(eventType) || eventType.contains("*") || !OutboundEventCatalog.types.contains(eventType) {
                errors.append(EndpointValidationError(.templateInvalid, field: field, detail: "not an event type Linli sends"))
            } else if MessageTemplates.memberPrivateTypes.contains(eventType) {
                errors.append(EndpointValidationError(.eventPrivate, field: field, detail: MessageTemplates.memberPrivateDetail(eventType)))
            } else if source.allSatisfy(\.isWhitespace) {
                // It would go out as nothing, for the platform to refuse (helper 109).
                errors.append(EndpointValidationError(
                    .templateInvalid, field: field, detail: "empty; leave the type out of chat.templates to use the shipped text"))
            } else if source.utf8.count > Self.maxTemplateBytes {
                errors.append(EndpointValidationError(.templateTooLong, field: field,
                                                      detail: "at most \(Self.maxTemplateBytes) bytes"))
            } else {
                do { _ = try MessageTemplates.compile(source) } catch {
                    errors.append(EndpointValidationError(.templateInvalid, field: field, detail: MessageTemplates.explain(error)))
                }
            }
        }
        return errors
    }
}
