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

        enum CodingKeys: String, CodingKey {
            case style, locale, templates, mentionedUserIds = "mentioned_user_ids", mentionedMobiles = "mentioned_mobiles"
            case signingSecret = "signing_secret"
        }

        func merged(into base: ChatOptions) -> ChatOptions {
            ChatOptions(
                style: style ?? base.style, locale: locale ?? base.locale, templates: templates ?? base.templates,
                mentionedUserIDs: mentionedUserIds ?? base.mentionedUserIDs, mentionedMobiles: mentionedMobiles ?? base.mentionedMobiles,
                signingSecret: signingSecret ?? base.signingSecret)
        }
    }

    let url: String?
    let format: EndpointFormat?
    let events: [String]?
    let enabled: Bool?
    let description: String?
    let chat: Chat?

    enum CodingKeys: String, CodingKey, CaseIterable { case url, format, events, enabled, description, chat }

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
