import Foundation
import LinliDelivery
import LinliDomain
import LinliStore

/// An endpoint as shown to organizers: robot keys in URLs and every secret masked.
struct EndpointView: Encodable {
    struct Chat: Encodable {
        let style: String
        let locale: String
        let templates: [String: String]
        let mentionedUserIds: [String]
        let mentionedMobiles: [String]
        let signingSecret: String?
        let link: String?
    }

    let id: String
    let url: String
    let format: String
    let events: [String]
    let enabled: Bool
    let description: String
    /// Masked signing secrets still in force (during a rotation there are two).
    let secrets: [String]
    /// The same secrets told apart: each one's fingerprint (`WebhookSecret.fingerprint`) and when
    /// a rotated-out one stops signing (nil for the current one).
    let signingSecrets: [SigningSecret]
    struct SigningSecret: Encodable {
        let fingerprint: String
        let expiresAt: Date?

        enum CodingKeys: String, CodingKey { case fingerprint, expiresAt }

        /// `expires_at` is written as null for the current secret, not left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encode(expiresAt, forKey: .expiresAt)
        }
    }
    let chat: Chat?
    let disabledReason: String?
    let failingSince: Date?
    let lastSuccessAt: Date?
    /// Until when the receiver asked every message to wait (429, or 503 with `Retry-After`; a
    /// chat platform's "too fast" for the robot): why nothing is being sent to a healthy-looking
    /// endpoint. Absent when no pause runs.
    let pausedUntil: Date?
    let createdAt: Date
    let updatedAt: Date
    let version: Int

    init(_ stored: StoredEndpoint) {
        let endpoint = stored.endpoint
        id = stored.id.rawValue
        url = endpoint.maskedURL
        format = endpoint.format.rawValue
        events = endpoint.events.patterns
        enabled = endpoint.enabled
        description = endpoint.description
        secrets = endpoint.secrets.map { SecretMasker.mask($0.encoded) }
        signingSecrets = stored.secrets.compactMap { stored in
            guard let secret = try? WebhookSecret(encoded: stored.secret), endpoint.secrets.contains(secret) else { return nil }
            return SigningSecret(fingerprint: secret.fingerprint, expiresAt: stored.expiresAt)
        }
        chat = endpoint.format == .standard ? nil : Chat(
            style: endpoint.chat.style.rawValue, locale: endpoint.chat.locale.rawValue, templates: endpoint.chat.templates,
            mentionedUserIds: endpoint.chat.mentionedUserIDs, mentionedMobiles: endpoint.chat.mentionedMobiles.map(PhoneMask.mask),
            signingSecret: endpoint.chat.signingSecret.map(SecretMasker.mask), link: endpoint.chat.link)
        disabledReason = stored.disabledReason
        failingSince = stored.health.failingSince
        lastSuccessAt = stored.health.lastSuccessAt
        pausedUntil = stored.pausedUntil
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
        version = stored.version
    }
}

/// A freshly created endpoint or rotated secret: the only time the secret is shown in full.
struct EndpointWithSecretView: Encodable {
    let endpoint: EndpointView
    let secret: String?
}

struct MessageDetailView: Encodable {
    let message: WebhookMessageView
    let attempts: [WebhookAttemptView]
}
