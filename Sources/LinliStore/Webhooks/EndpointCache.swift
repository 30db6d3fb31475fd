import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import Synchronization

/// Decoded endpoints for the delivery worker, which needs them every round. Decoding one (its
/// filter, secrets and chat templates) costs far more than reading it, so each is decoded once per
/// version and only its health, which every attempt changes, is read fresh. A rotated-out secret
/// expiring forces a new decode, so an expired secret never signs.
public final class EndpointCache: Sendable {
    private let entries = Mutex<[String: StoredEndpoint]>([:])

    public init() {}

    /// The endpoints with these ids that still exist.
    public func endpoints(_ db: Database, ids: Set<String>, now: Date) throws -> [String: StoredEndpoint] {
        guard !ids.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let heads = try Row.fetchAll(
            db,
            sql: """
                SELECT id, version, failing_since, last_success_at, last_failure_at, paused_until FROM webhook_endpoints
                WHERE id IN (\(placeholders))
                """,
            arguments: StatementArguments(Array(ids)))
        return try resolve(db, heads: heads, now: now)
    }

    /// The endpoints of a community that were not deleted, enabled or not (what fan-out makes
    /// messages for: a disabled endpoint's are kept cancelled, for `recover`).
    public func liveEndpoints(_ db: Database, community: String, now: Date) throws -> [StoredEndpoint] {
        let heads = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT id, version, failing_since, last_success_at, last_failure_at, paused_until FROM webhook_endpoints
                WHERE community_id = ? AND deleted_at IS NULL ORDER BY id
                """),
            arguments: [community])
        let resolved = try resolve(db, heads: heads, now: now)
        return heads.compactMap { resolved[$0[0] as String] }
    }

    /// Decoded endpoints for `(id, version, failing_since, last_success_at, last_failure_at, paused_until)` rows:
    /// cached ones with the rows' health and pause, the others decoded from a full read.
    private func resolve(_ db: Database, heads: [Row], now: Date) throws -> [String: StoredEndpoint] {
        var result: [String: StoredEndpoint] = [:]
        var stale: [String] = []
        let cached = entries.withLock { $0 }
        for head in heads {
            let id: String = head[0]
            let version: Int = head[1]
            if let hit = cached[id], hit.version == version, hit.validUntil.map({ $0 > now }) ?? true {
                result[id] = hit.with(
                    health: EndpointHealth(failingSince: head[2], lastSuccessAt: head[3], lastFailureAt: head[4]),
                    pausedUntil: StoredEndpoint.pause(head[5], now: now))
            } else {
                stale.append(id)
            }
        }
        if !stale.isEmpty {
            let placeholders = Array(repeating: "?", count: stale.count).joined(separator: ",")
            let fresh = try Row.fetchAll(
                db, sql: "SELECT * FROM webhook_endpoints WHERE id IN (\(placeholders))", arguments: StatementArguments(stale)
            ).map { try StoredEndpoint(row: $0, now: now) }
            entries.withLock { entries in
                if entries.count > 10_000 { entries.removeAll(keepingCapacity: true) }
                for endpoint in fresh { entries[endpoint.id.rawValue] = endpoint }
            }
            for endpoint in fresh { result[endpoint.id.rawValue] = endpoint }
        }
        return result
    }
}
