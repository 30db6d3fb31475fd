import Foundation
import LinliDelivery
import LinliDomain
import LinliStore

/// Body of "create / update a webhook endpoint".
struct EndpointInput: StrictInput {
    struct Chat: Decodable {
        let style: ChatMessageStyle?
        let locale: MessageLocale?
        let templates: [String: String]?
        let mentionedUserIds: [String]?
        let mentionedMobiles: [String]?
        let signingSecret: String?
        /// `""` removes the link; absent keeps it.
        let link: String?

        enum CodingKeys: String, CodingKey {
            case style, locale, templates, mentionedUserIds = "mentioned_user_ids", mentionedMobiles = "mentioned_mobiles"
            case signingSecret = "signing_secret", link
        }

        init(from decoder: any Decoder) throws {
            try NestedKeys.check(decoder, CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            style = try container.decodeIfPresent(ChatMessageStyle.self, forKey: .style)
            locale = try container.decodeIfPresent(MessageLocale.self, forKey: .locale)
            templates = try container.decodeIfPresent([String: String].self, forKey: .templates)
            mentionedUserIds = try container.decodeIfPresent([String].self, forKey: .mentionedUserIds)
            mentionedMobiles = try container.decodeIfPresent([String].self, forKey: .mentionedMobiles)
            signingSecret = try container.decodeIfPresent(String.self, forKey: .signingSecret)
            link = try container.decodeIfPresent(String.self, forKey: .link)
        }

        func merged(into base: ChatOptions) -> ChatOptions {
            ChatOptions(
                style: style ?? base.style, locale: locale ?? base.locale, templates: templates ?? base.templates,
                mentionedUserIDs: mentionedUserIds ?? base.mentionedUserIDs, mentionedMobiles: mentionedMobiles ?? base.mentionedMobiles,
                signingSecret: signingSecret ?? base.signingSecret,
                link: link.map { $0.isEmpty ? nil : $0 } ?? base.link)
        }
    }

    let url: String?
    let format: EndpointFormat?
    let events: [String]?
    let enabled: Bool?
    let description: String?
    let chat: Chat?

    enum CodingKeys: String, CodingKey, CaseIterable { case url, format, events, enabled, description, chat }

    /// Refuses options the endpoint's format cannot use, instead of keeping them unused: chat
    /// options on a standard endpoint, a signing secret on a robot that is never signed (a WeCom
    /// endpoint would show the secret masked, as if its messages were signed). `format` is the
    /// endpoint's format once the request applies (nil on a create without one: that is refused
    /// as missing).
    func checkApplicable(to format: EndpointFormat?) throws {
        guard let format, let chat else { return }
        let chats = EndpointFormat.allCases.filter(\.isChat).map(\.rawValue).joined(separator: ", ")
        let signed = EndpointFormat.allCases.filter(\.takesSigningSecret).map(\.rawValue).joined(separator: ", ")
        if !format.isChat {
            throw DomainError.validation([FieldIssue("/chat", .notApplicable, ["allowed": chats])])
        }
        if chat.signingSecret != nil, !format.takesSigningSecret {
            throw DomainError.validation([FieldIssue("/chat/signing_secret", .notApplicable, ["allowed": signed])])
        }
    }

    func draft(current: ChatOptions = ChatOptions()) -> EndpointDraft {
        EndpointDraft(
            url: url, format: format, events: events, enabled: enabled, description: description, chat: chat?.merged(into: current))
    }
}

/// Body of "recover failed messages since".
struct RecoverInput: StrictInput {
    let since: Date
    enum CodingKeys: String, CodingKey, CaseIterable { case since }
}
