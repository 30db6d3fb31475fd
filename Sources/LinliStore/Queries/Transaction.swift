import Foundation
import GRDB
import LinliDomain

/// What a write use case has inside its one database transaction: the connection, the time and
/// id sources, and the two side-records every change may need — an audit entry and an outbox event —
/// so they are always written atomically with the change (DESIGN rules 2 and 3).
public struct Transaction {
    public let db: Database
    public let now: Date
    public let ids: any IDGenerator

    public init(db: Database, now: Date, ids: any IDGenerator) {
        self.db = db
        self.now = now
        self.ids = ids
    }

    /// Appends an audit entry. `before`/`after` are the changed fields (stored as sorted JSON).
    public func audit(
        _ community: CommunityID, actor: AuditActor, action: String, targetType: String, targetID: String,
        reason: String? = nil, before: [String: String?]? = nil, after: [String: String?]? = nil
    ) throws {
        let entry = AuditEntry(
            id: ids.next(), communityID: community, actorID: actor.memberID, actorLabel: actor.label,
            onBehalfOf: actor.onBehalfOf, action: action, targetType: targetType, targetID: targetID,
            reason: reason, before: before.map(Self.json), after: after.map(Self.json),
            requestID: actor.requestID, createdAt: now)
        try entry.insert(db)
    }

    /// Writes an event to the outbox; the delivery worker picks it up after commit.
    public func emit<Payload: Encodable>(_ community: CommunityID, type: String, subject: String, payload: Payload) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let body = String(decoding: try encoder.encode(payload), as: UTF8.self)
        let id: EventID = ids.next()
        try db.execute(
            sql: """
                INSERT INTO outbox_events (id, community_id, event_type, subject, payload_json, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [id.rawValue, community.rawValue, type, subject, body, now])
    }

    static func json(_ fields: [String: String?]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
