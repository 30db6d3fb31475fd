import Foundation

/// A webhook subscription as the delivery policy sees it.
///
/// The store owns persistence and the API owns CRUD; this type carries exactly what rendering,
/// signing, rate limiting and classification need, and knows how to validate itself so the API and
/// the worker agree on what a valid endpoint is.
public struct WebhookEndpoint: Hashable, Sendable {
    /// Control characters (line breaks among them), the line and paragraph separators (U+2028,
    /// U+2029: a description is one line, helper 186 #3), and the bidirectional embeddings,
    /// overrides and isolates.
    static func isRefusedInDescription(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || (0x2028...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Longest accepted description, in characters.
    public static let maxDescriptionLength = 500

    public var id: String
    public var communityID: String
    public var url: String
    public var format: EndpointFormat
    public var events: EventTypeFilter
    public var enabled: Bool
    public var description: String
    /// Standard format: signing secrets, newest first. Several during a rotation grace period.
    public var secrets: [WebhookSecret]
    /// Chat formats: options for the rendered message.
    public var chat: ChatOptions

    public init(
        id: String, communityID: String, url: String, format: EndpointFormat, events: EventTypeFilter,
        enabled: Bool = true, description: String = "", secrets: [WebhookSecret] = [], chat: ChatOptions = ChatOptions()
    ) {
        self.id = id
        self.communityID = communityID
        self.url = url
        self.format = format
        self.events = events
        self.enabled = enabled
        self.description = description
        self.secrets = secrets
        self.chat = chat
    }

    /// The URL as it may be printed anywhere.
    public var maskedURL: String { SecretMasker.maskURL(url) }

    /// The robot key that local rate limits are counted against (nil for `standard`).
    public var robotKey: String? {
        URLComponents(string: url).flatMap { EndpointURLRules.robotKey(in: $0, format: format) }
    }

    /// Whether the endpoint's filter takes events of `type`, enabled or not, judged without the
    /// payload: fan-out asks this first and decodes an event's payload only when some endpoint may
    /// take it. A chat endpoint (a group of people) takes only the types it has a text for
    /// (`MessageTemplates.hasText`), whatever its wildcards match; and the staff's texts
    /// (`MessageTemplates.staffTypes`: a case waiting, the weekly fraud report, a failing endpoint)
    /// only when its filter names them (`case.needs_moderator`, `case.*`), not through `*`: `*`
    /// on a residents' group is the likeliest filter an organizer types.
    /// A restricted type (`RestrictedEventTypes`: one member's matter, the moderators' queue) is
    /// taken only when the filter names it, never through `*` (helper 134).
    public func subscribes(to type: String) -> Bool {
        guard events.matches(type), RestrictedEventTypes.admits(type, filter: events) else { return false }
        guard format.isChat else { return true }
        return MessageTemplates.hasText(for: type, options: chat)
            && (!MessageTemplates.staffTypes.contains(type) || events.patterns.contains { MessageTemplates.namesStaffType($0, type, ownTemplates: chat.templates.keys) })
    }

    /// Whether this endpoint takes `event`, enabled or not (fan-out keeps a disabled endpoint's
    /// messages, cancelled, for `recover`). An endpoint never takes the `endpoint.failing` event
    /// about itself: it is failing, and it would feed its own failures.
    public func subscribes(to event: OutboundEvent) -> Bool {
        guard subscribes(to: event.type) else { return false }
        if event.type == OutboundEvent.Kind.endpointFailing, event.payload["endpoint_id"]?.stringValue == id {
            return false
        }
        return true
    }

    /// Every problem with this endpoint, each with a stable code and a field pointer; empty when valid.
    public func validationErrors() -> [EndpointValidationError] {
        var errors: [EndpointValidationError] = []
        if url.contains(SecretMasker.maskMark) {
            errors.append(EndpointValidationError(.maskedValue, field: "url",
                                                  detail: "the masked form shown by Linli; send the full URL or leave the field out"))
        } else {
            do { _ = try EndpointURLRules.validate(url, format: format) } catch { errors.append(error) }
        }
        if description.count > Self.maxDescriptionLength {
            errors.append(EndpointValidationError(.descriptionTooLong, field: "description",
                                                  detail: "at most \(Self.maxDescriptionLength) characters"))
        } else if description.unicodeScalars.contains(where: Self.isRefusedInDescription) {
            // Shown to organizers and in chat messages (`endpoint.failing`): a NUL or an escape
            // sequence has no place there, nor a direction override that shows the text
            // backwards (U+202E), as in every other text residents and staff read.
            errors.append(EndpointValidationError(
                .descriptionInvalid, field: "description",
                detail: "one line: no control characters, line separators or text-direction controls (U+2028–U+202E, U+2066–U+2069)"))
        }
        if format == .standard && secrets.isEmpty {
            errors.append(EndpointValidationError(.secretInvalid, field: "secret", detail: "standard endpoints need a signing secret"))
        }
        errors += chat.validationErrors(for: format)
        let unknown = Set(events.patterns.indices.filter { !OutboundEventCatalog.reachesAnyType(events.patterns[$0]) })
        for index in unknown.sorted() {
            errors.append(EndpointValidationError(
                .eventUnknown, field: "events/\(index)",
                detail: "'\(events.patterns[index])' matches no event type Linli sends (see the list in the README)"))
        }
        if format.isChat {
            // A pattern the group would never receive anything through is a mistake to say now,
            // not a silence later: an exact type without a text, or a wildcard (`member.*`) that
            // matches none of the types with a text.
            let withText = Set(MessageTemplates.chinese.keys).subtracting(["*"]).union(chat.templates.keys)
                .subtracting(MessageTemplates.memberPrivateTypes)
            for (index, pattern) in events.patterns.enumerated() where pattern != "*" && !unknown.contains(index) {
                // A wildcard reaching only private types (`appeal.*`) is refused as they are: the
                // advice to write a template for it would be refused in turn.
                let filter = EventTypeFilter.only(pattern)
                if OutboundEventCatalog.types.filter(filter.matches).allSatisfy(MessageTemplates.memberPrivateTypes.contains) {
                    errors.append(EndpointValidationError(.eventPrivate, field: "events/\(index)",
                                                          detail: MessageTemplates.memberPrivateDetail(pattern)))
                } else if !withText.contains(where: filter.matches) {
                    errors.append(EndpointValidationError(
                        .eventNotForChat, field: "events/\(index)",
                        detail: "'\(pattern)' reaches no event with a chat text: add a template in chat.templates or use a standard endpoint"))
                }
            }
        }
        return errors
    }
}
