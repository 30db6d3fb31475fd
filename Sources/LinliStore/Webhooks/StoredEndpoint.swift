import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// A webhook endpoint as stored: the delivery policy's `WebhookEndpoint` plus bookkeeping.
public struct StoredEndpoint: Sendable, Equatable {
    public let id: WebhookEndpointID
    public let communityID: CommunityID
    public let endpoint: WebhookEndpoint
    public let health: EndpointHealth
    public let disabledReason: String?
    /// Secrets with their expiry (old secrets keep signing until then, during a rotation).
    public let secrets: [StoredSecret]
    /// Only outbox events after this sequence number are delivered to it.
    public let startsAfterSequence: Int64
    public let createdAt: Date
    public let updatedAt: Date
    public let version: Int
    /// Until when this decoded form stays exact: the next expiry of a rotated-out secret that was
    /// still signing when it was read, so always later than that read. A secret that had already
    /// expired stays in `secrets_json` until the next rotation; counting it made this a past date,
    /// and the delivery worker, seeing it passed, reloaded and planned nothing, for every endpoint.
    public let validUntil: Date?
    /// Until when the receiver asked every message to wait (a `standard` endpoint's 429, or 503
    /// with `Retry-After`, migration 0049; a chat platform's limit on the robot, with its full
    /// delay, since 0.47), nil once that has passed when it was read. Kept in the
    /// store so a restarted worker, or another process, holds the queue as the one that was told.
    public let pausedUntil: Date?

    static let table = "webhook_endpoints"

    /// The same endpoint with fresh health (health changes on every attempt without a new version).
    public func with(health: EndpointHealth) -> StoredEndpoint {
        with(health: health, pausedUntil: pausedUntil)
    }

    /// The same endpoint with fresh health and pause, both written by attempts without a new version.
    func with(health: EndpointHealth, pausedUntil: Date?) -> StoredEndpoint {
        StoredEndpoint(
            id: id, communityID: communityID, endpoint: endpoint, health: health, disabledReason: disabledReason, secrets: secrets,
            startsAfterSequence: startsAfterSequence, createdAt: createdAt, updatedAt: updatedAt, version: version,
            validUntil: validUntil, pausedUntil: pausedUntil)
    }

    /// The stored pause, when it still runs at `now`.
    static func pause(_ stored: Date?, now: Date) -> Date? {
        stored.flatMap { $0 > now ? $0 : nil }
    }

    /// Internal (not private) so tests can hold an endpoint in the worker's memory.
    init(
        id: WebhookEndpointID, communityID: CommunityID, endpoint: WebhookEndpoint, health: EndpointHealth, disabledReason: String?,
        secrets: [StoredSecret], startsAfterSequence: Int64, createdAt: Date, updatedAt: Date, version: Int, validUntil: Date?,
        pausedUntil: Date? = nil
    ) {
        self.id = id
        self.communityID = communityID
        self.endpoint = endpoint
        self.health = health
        self.disabledReason = disabledReason
        self.secrets = secrets
        self.startsAfterSequence = startsAfterSequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
        self.validUntil = validUntil
        self.pausedUntil = pausedUntil
    }

    init(row: Row, now: Date) throws {
        id = try row.identifier("id", table: Self.table)
        communityID = try row.identifier("community_id", table: Self.table)
        let format: EndpointFormat = try row.enumeration("format", table: Self.table)
        let patterns = (try? JSONDecoder().decode([String].self, from: Data((row["events_json"] as String).utf8))) ?? []
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        secrets = (try? decoder.decode([StoredSecret].self, from: Data((row["secrets_json"] as String).utf8))) ?? []
        let chat = (try? JSONDecoder().decode(StoredChatOptions.self, from: Data((row["chat_json"] as String).utf8)))?.options
            ?? ChatOptions()
        // Only secrets still live at `now` sign, and only their expiries bound this decoded form.
        let liveSecrets = secrets.filter { $0.expiresAt.map { $0 > now } ?? true }
        validUntil = liveSecrets.compactMap(\.expiresAt).min()
        let live = liveSecrets.compactMap { try? WebhookSecret(encoded: $0.secret) }
        let enabled: Bool = row["enabled"]
        guard let filter = try? EventTypeFilter(patterns) else {
            throw StoreError.corruptRow(table: Self.table, id: id.rawValue, reason: "events_json is not a valid filter")
        }
        endpoint = WebhookEndpoint(
            id: id.rawValue, communityID: communityID.rawValue, url: row["url"], format: format,
            events: filter, enabled: enabled && row["deleted_at"] == nil,
            description: row["description"], secrets: live, chat: chat)
        health = EndpointHealth(
            failingSince: row["failing_since"], lastSuccessAt: row["last_success_at"], lastFailureAt: row["last_failure_at"])
        disabledReason = row["disabled_reason"]
        startsAfterSequence = row["starts_after_seq"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        version = row["version"]
        pausedUntil = Self.pause(row["paused_until"], now: now)
    }
}

/// A signing secret and, once rotated out, when it stops signing.
public struct StoredSecret: Codable, Sendable, Equatable {
    public let secret: String
    public let expiresAt: Date?

    enum CodingKeys: String, CodingKey { case secret, expiresAt = "expires_at" }
}

/// The JSON form of `ChatOptions` in `chat_json`.
struct StoredChatOptions: Codable {
    var style: String
    var locale: String
    var templates: [String: String]
    var mentionedUserIDs: [String]
    var mentionedMobiles: [String]
    var signingSecret: String?
    /// Absent in what was stored before links existed: none.
    var link: String?

    init(_ options: ChatOptions) {
        style = options.style.rawValue
        locale = options.locale.rawValue
        templates = options.templates
        mentionedUserIDs = options.mentionedUserIDs
        mentionedMobiles = options.mentionedMobiles
        signingSecret = options.signingSecret
        link = options.link
    }

    var options: ChatOptions {
        ChatOptions(
            style: ChatMessageStyle(rawValue: style) ?? .text, locale: MessageLocale(rawValue: locale) ?? .zhCN,
            templates: templates, mentionedUserIDs: mentionedUserIDs, mentionedMobiles: mentionedMobiles,
            signingSecret: signingSecret, link: link)
    }
}
