import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// What one fan-out created: the new messages (with their events, ready to send) and the endpoints
/// they are for, so the worker can add them to its in-memory queue without reading them back.
public struct FanOutResult: Sendable {
    /// Outbox events consumed (the cursor moved past them).
    public var consumed = 0
    /// New pending messages in outbox order.
    public var entries: [PendingLanes.Entry] = []
    public var endpoints: [String: StoredEndpoint] = [:]
    /// The cursor as this fan-out found it and as it left it. A worker that finds the cursor
    /// elsewhere than where its own last fan-out left it knows another process fanned out
    /// (two `serve` processes on one file during a rolling update): the messages that process
    /// wrote are in the database only, and a full reload picks them up.
    public var cursorBefore: Int64?
    public var cursorAfter: Int64?

    /// Nothing fanned out (and the cursor not read).
    public init() {}

    init(cursorBefore: Int64?, cursorAfter: Int64? = nil) {
        self.cursorBefore = cursorBefore
        self.cursorAfter = cursorAfter
    }
}

extension WebhookQueue {
    /// New pending messages, many per statement.
    static let messageInsert = MultiRowInsert(
        table: "webhook_messages",
        columns: "rowid, id, community_id, endpoint_id, event_id, event_seq, subject, status, next_attempt_at, created_at",
        row: "(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)")

    /// Messages for a disabled endpoint: written cancelled, as its pending ones were when it was
    /// disabled, so that enabling it and `recover` bring back the events raised meanwhile too.
    static let disabledMessageInsert = MultiRowInsert(
        table: "webhook_messages",
        columns: """
            rowid, id, community_id, endpoint_id, event_id, event_seq, subject, status, created_at, finished_at, last_failure_code,
                last_failure_detail
            """,
        row: "(?, ?, ?, ?, ?, ?, ?, 'cancelled', ?, ?, 'endpoint.disabled', ?)")

    /// Turns outbox events after the cursor into one message per subscribed endpoint, and moves the
    /// cursor, in the caller's transaction: each event is fanned out exactly once, even across crashes.
    /// An endpoint disabled (by hand, or by the service after days of failures) gets its messages
    /// cancelled from the start: `recover` after enabling it again requeues them, so an outage
    /// loses nothing the organizer asks back.
    ///
    /// Takes at most `batch` events, and stops after the event that brings the new messages to
    /// `maxMessages`: a burst is fanned out in several short transactions, so the first messages
    /// are being sent while the rest are still being written. `consumed` tells how far it got.
    @discardableResult
    public static func fanOut(
        _ tx: Transaction, batch: Int, maxMessages: Int = .max, endpointCache: EndpointCache = EndpointCache()
    ) throws -> FanOutResult {
        let cursor = try Int64.fetchOne(tx.db.cachedStatement(sql: "SELECT last_seq FROM webhook_fanout_cursor WHERE name = 'outbox'")) ?? 0
        let rows = try Row.fetchAll(
            tx.db.cachedStatement(sql: "SELECT * FROM outbox_events WHERE seq > ? ORDER BY seq LIMIT ?"), arguments: [cursor, batch])
        guard !rows.isEmpty else { return FanOutResult(cursorBefore: cursor, cursorAfter: cursor) }
        var result = FanOutResult(cursorBefore: cursor)
        var lastSequence: Int64 = cursor
        var endpointsByCommunity: [String: [StoredEndpoint]] = [:]
        // The communities' zones, for the chat texts of the events handed to the worker.
        var zones: [String: String] = [:]
        let decoder = JSONDecoder()
        // Rows get their rowids from here on, so the worker can write their results by rowid.
        var rowID = try Int64.fetchOne(tx.db.cachedStatement(sql: "SELECT COALESCE(MAX(rowid), 0) FROM webhook_messages")) ?? 0
        var inserts: [(rowID: Int64, id: String, endpointID: String, event: OutboundEvent, sequence: Int64)] = []
        var cancelled: [(rowID: Int64, id: String, endpoint: StoredEndpoint, event: OutboundEvent, sequence: Int64)] = []
        for row in rows {
            let sequence: Int64 = row["seq"]
            let communityID: String = row["community_id"]
            let type: String = row["event_type"]
            let endpoints = try endpointsByCommunity[communityID] ?? {
                let loaded = try endpointCache.liveEndpoints(tx.db, community: communityID, now: tx.now)
                endpointsByCommunity[communityID] = loaded
                return loaded
            }()
            result.consumed += 1
            lastSequence = sequence
            // Most events have no subscriber: their payload is never decoded.
            let candidates = endpoints.filter { $0.startsAfterSequence < sequence && $0.endpoint.subscribes(to: type) }
            if candidates.isEmpty { continue }
            var event = outboundEvent(row, decoder: decoder)
            event.timeZoneID = try zones[communityID] ?? {
                let zone = try String.fetchOne(
                    tx.db.cachedStatement(sql: "SELECT timezone FROM communities WHERE id = ?"), arguments: [communityID])
                    ?? Community.defaultTimezone
                zones[communityID] = zone
                return zone
            }()
            var prepared: PreparedEvent?
            for endpoint in candidates where endpoint.endpoint.subscribes(to: event) {
                let id: WebhookMessageID = tx.ids.next()
                rowID += 1
                guard endpoint.endpoint.enabled else {
                    cancelled.append((rowID, id.rawValue, endpoint, event, sequence))
                    continue
                }
                inserts.append((rowID, id.rawValue, endpoint.id.rawValue, event, sequence))
                let shared = prepared ?? PreparedEvent(event)
                prepared = shared
                result.entries.append(PendingLanes.Entry(
                    message: QueuedMessage(
                        messageID: id.rawValue, endpointID: endpoint.id.rawValue, subject: event.subject, sequence: sequence,
                        state: .new(at: tx.now)),
                    occurredAt: event.occurredAt, event: shared, rowID: rowID))
                if result.endpoints[endpoint.id.rawValue] == nil { result.endpoints[endpoint.id.rawValue] = endpoint }
            }
            if result.entries.count >= maxMessages { break }
        }
        let now = tx.nowText
        try messageInsert.execute(tx.db, rows: inserts) { row, bind in
            bind.bind(row.rowID)
            bind.bind(row.id)
            bind.bind(row.event.communityID)
            bind.bind(row.endpointID)
            bind.bind(row.event.id)
            bind.bind(row.sequence)
            bind.bind(row.event.subject)
            bind.bind(now)
            bind.bind(now)
        }
        try disabledMessageInsert.execute(tx.db, rows: cancelled) { row, bind in
            bind.bind(row.rowID)
            bind.bind(row.id)
            bind.bind(row.event.communityID)
            bind.bind(row.endpoint.id.rawValue)
            bind.bind(row.event.id)
            bind.bind(row.sequence)
            bind.bind(row.event.subject)
            bind.bind(now)
            bind.bind(now)
            bind.bind(row.endpoint.disabledReason ?? "endpoint disabled")
        }
        try tx.db.cachedStatement(sql: "UPDATE webhook_fanout_cursor SET last_seq = ? WHERE name = 'outbox'").execute(arguments: [lastSequence])
        result.cursorAfter = lastSequence
        return result
    }
}
