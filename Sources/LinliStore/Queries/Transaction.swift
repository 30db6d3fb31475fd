import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// What a write use case has inside its one database transaction: the connection, the time and
/// id sources, and the two side-records every change may need — an audit entry and an outbox event —
/// so they are always written atomically with the change (DESIGN rules 2 and 3).
public struct Transaction {
    public let db: Database
    public let now: Date
    public let ids: any IDGenerator
    /// `now` in the stored text form (`2026-01-01 08:30:00.250`, what GRDB reads back as a Date),
    /// formatted once per transaction: GRDB's own Date encoding goes through a DateFormatter on
    /// every value, which showed up in the exchange benchmark's profile.
    let nowText: String
    /// What the use case has looked up once and may ask for again (`TransactionMemo`).
    let memo = TransactionMemo()

    public init(db: Database, now: Date, ids: any IDGenerator) {
        self.db = db
        self.now = now
        self.ids = ids
        self.nowText = StoredTime.text(now)
    }

    /// Appends an audit entry. `before`/`after` are the changed fields (stored as sorted JSON).
    ///
    /// Hot path (every exchange step writes one or more): the INSERT is a cached prepared
    /// statement and the encoders are built once, not per call.
    public func audit(
        _ community: CommunityID, actor: AuditActor, action: String, targetType: String, targetID: String,
        reason: String? = nil, before: [String: String?]? = nil, after: [String: String?]? = nil
    ) throws {
        let id: AuditEntryID = ids.next()
        if let member = actor.memberID { memo.actors.insert(member) }
        try db.cachedStatement(sql: Self.auditSQL).execute(arguments: [
            id.rawValue, community.rawValue, actor.memberID?.rawValue, actor.label, actor.onBehalfOf?.rawValue, action,
            targetType, targetID, reason, before.map(Self.json), after.map(Self.json), actor.requestID, nowText,
            actor.tokenID?.rawValue,
        ])
    }

    /// Writes an event to the outbox; the delivery worker picks it up after commit. Payloads of
    /// the exchange hot path write their own JSON (`DirectJSONPayload`, identical bytes).
    public func emit<Payload: Encodable>(_ community: CommunityID, type: String, subject: String, payload: Payload) throws {
        assert(OutboundEventCatalog.types.contains(type), "\(type) is not in OutboundEventCatalog.types")
        let body = try (payload as? any DirectJSONPayload)?.directJSON
            ?? String(decoding: Self.payloadEncoder.encode(payload), as: UTF8.self)
        let id: EventID = ids.next()
        try db.cachedStatement(sql: Self.outboxSQL).execute(arguments: [id.rawValue, community.rawValue, type, subject, body, nowText])
    }

    static let auditSQL = """
        INSERT INTO audit_entries (id, community_id, actor_id, actor_label, on_behalf_of, action, target_type, target_id,
            reason, before_json, after_json, request_id, created_at, actor_token_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let outboxSQL = """
        INSERT INTO outbox_events (id, community_id, event_type, subject, payload_json, occurred_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """

    /// Shared encoders (Sendable): configured once and never mutated, so concurrent `encode` calls are safe
    /// (and writes run one at a time on the writer anyway).
    static let payloadEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
    static let fieldsEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Sorted-key JSON of audit fields, exactly as `JSONEncoder` with `.sortedKeys` writes it.
    ///
    /// Written directly (`DirectJSON`, escaping as the encoder does) when every key is of `a-z`
    /// and `_`, which audit fields are; anything else goes through the encoder. A test compares
    /// both on a table.
    static func json(_ fields: [String: String?]) -> String {
        if let direct = directJSON(fields) { return direct }
        return String(decoding: (try? fieldsEncoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func directJSON(_ fields: [String: String?]) -> String? {
        DirectJSON.object(fields.map { (key: $0.key, value: $0.value.map(DirectJSON.Value.text) ?? .null) })
    }
}
