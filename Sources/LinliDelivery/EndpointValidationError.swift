/// Why an endpoint definition was refused.
///
/// The `code` strings are part of the API contract (they end up in `application/problem+json`
/// answers and in client code), so cases may be added but existing codes never change meaning.
public struct EndpointValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable machine-readable reasons.
    public enum Code: String, Sendable, CaseIterable {
        case urlInvalid = "endpoint.url_invalid"
        case schemeNotAllowed = "endpoint.scheme_not_allowed"
        case urlHasCredentials = "endpoint.url_has_credentials"
        case urlTooLong = "endpoint.url_too_long"
        /// The host is an address (or `localhost`) the delivery policy refuses.
        case addressNotAllowed = "endpoint.address_not_allowed"
        case chatHostNotOfficial = "endpoint.chat_host_not_official"
        case chatPathInvalid = "endpoint.chat_path_invalid"
        case chatKeyMissing = "endpoint.chat_key_missing"
        case eventFilterInvalid = "endpoint.event_filter_invalid"
        case eventFilterEmpty = "endpoint.event_filter_empty"
        /// A pattern that matches no type in `OutboundEventCatalog` (a typo would never match).
        case eventUnknown = "endpoint.event_unknown"
        /// A chat endpoint names an event type that has no chat text (shipped or its own template).
        case eventNotForChat = "endpoint.event_not_for_chat"
        /// A chat endpoint names (or templates) a type about one member that never goes to a
        /// group (`MessageTemplates.memberPrivateTypes`).
        case eventPrivate = "endpoint.event_private"
        case descriptionTooLong = "endpoint.description_too_long"
        case descriptionInvalid = "endpoint.description_invalid"
        case templateInvalid = "endpoint.template_invalid"
        case templateTooLong = "endpoint.template_too_long"
        case secretInvalid = "endpoint.secret_invalid"
        /// A value in the masked form Linli shows (`key=****`, `138****1111`): sent back by a
        /// client that read the endpoint and saved it whole, it would replace the real value.
        case maskedValue = "endpoint.masked_value"
        /// A mention the platform cannot deliver in the endpoint's style (a mobile number to a
        /// Feishu robot, anyone to a WeCom news card), or a mobile that is not a phone number.
        case mentionUnsupported = "endpoint.mention_unsupported"
        case mentionInvalid = "endpoint.mention_invalid"
        case mentionsTooMany = "endpoint.mentions_too_many"
        /// `chat.link` on anything but a WeCom news endpoint, or not a URL pattern (`ChatLink`).
        case linkInvalid = "endpoint.link_invalid"
    }

    public let code: Code
    /// JSON pointer-like name of the offending field (`url`, `events/2`, `chat/templates/listing.published`).
    public let field: String
    /// A developer-facing explanation in English; user-facing messages are localised by the API from `code`.
    public let detail: String

    public init(_ code: Code, field: String, detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String { "\(code.rawValue) at \(field): \(detail)" }
}
