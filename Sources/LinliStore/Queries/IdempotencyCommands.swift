import Foundation
import GRDB
import LinliDomain

/// A response stored for replay under an Idempotency-Key.
public struct StoredResponse: Sendable, Equatable {
    public let status: Int
    /// Response headers worth replaying (content type, location), as name/value pairs.
    public let headers: [[String]]
    public let body: Data

    public init(status: Int, headers: [[String]], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Bookkeeping for `Idempotency-Key` on POST requests: the first request claims the key, runs, and
/// stores its response; a retry with the same body gets the stored response; a different body gets
/// 409. Keys are per member and expire (24 h by default).
public enum IdempotencyCommands {
    public enum Claim: Sendable, Equatable {
        /// The key is ours: run the request, then `complete` or `release`.
        case proceed
        case replay(StoredResponse)
        case mismatch
        case inProgress
        /// An earlier request under this key committed its change, but its response was never
        /// stored (the process died in between): it must not run again, and its answer is gone.
        case answerLost
    }

    /// How long an in-progress claim blocks retries before it is considered abandoned (a crash).
    public static let inProgressLease: TimeInterval = 60

    public static func claim(
        _ db: Database, principal: Principal, key: String, requestHash: String, now: Date, ttl: TimeInterval
    ) throws -> Claim {
        let arguments: StatementArguments = [principal.communityID.rawValue, principal.memberID.rawValue, key]
        if let row = try Row.fetchOne(
            db,
            sql: "SELECT * FROM idempotency_keys WHERE community_id = ? AND member_id = ? AND idem_key = ?",
            arguments: arguments)
        {
            let expiresAt: Date = row["expires_at"]
            let createdAt: Date = row["created_at"]
            let state: String = row["state"]
            let abandoned = state == "in_progress" && createdAt.addingTimeInterval(inProgressLease) <= now
            let applied = (row["applied_at"] as String?) != nil
            if expiresAt > now && (!abandoned || applied) {
                guard row["request_hash"] == requestHash else { return .mismatch }
                if state == "in_progress" { return abandoned ? .answerLost : .inProgress }
                let headersJSON: String = row["response_headers"] ?? "[]"
                let headers = (try? JSONDecoder().decode([[String]].self, from: Data(headersJSON.utf8))) ?? []
                return .replay(StoredResponse(status: row["response_status"], headers: headers, body: row["response_body"] ?? Data()))
            }
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE community_id = ? AND member_id = ? AND idem_key = ?",
                arguments: arguments)
        }
        try db.execute(
            sql: """
                INSERT INTO idempotency_keys (community_id, member_id, idem_key, request_hash, state, created_at, expires_at)
                VALUES (?, ?, ?, ?, 'in_progress', ?, ?)
                """,
            arguments: arguments + [requestHash, now, now.addingTimeInterval(ttl)])
        return .proceed
    }

    /// ` AND created_at = ?` when the claim's time is known: only the claim taken then is acted on.
    static func ownClaim(_ claimedAt: Date?) -> (sql: String, arguments: StatementArguments) {
        guard let claimedAt else { return ("", []) }
        return (" AND created_at = ?", [claimedAt])
    }

    public static func complete(_ db: Database, principal: Principal, key: String, response: StoredResponse, claimedAt: Date? = nil) throws {
        let headers = String(decoding: (try? JSONEncoder().encode(response.headers)) ?? Data("[]".utf8), as: UTF8.self)
        let own = ownClaim(claimedAt)
        try db.execute(
            sql: """
                UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_headers = ?, response_body = ?
                WHERE community_id = ? AND member_id = ? AND idem_key = ?
                """ + own.sql,
            arguments: [response.status, headers, response.body, principal.communityID.rawValue, principal.memberID.rawValue, key] + own.arguments)
    }

    /// Records, inside the transaction of the change itself, that the request holding `claim`
    /// committed a change (`IdempotencyScope`). Only the first time counts. When a retry has taken
    /// the key over since (this request outlived the in-progress lease), 409
    /// `idempotency.in_progress`: the change rolls back, and only the retry's stands.
    public static func markApplied(_ db: Database, claim: IdempotencyScope.Claim, now: Date) throws {
        let own = ownClaim(claim.claimedAt)
        let key: StatementArguments = [claim.communityID.rawValue, claim.memberID.rawValue, claim.key]
        try db.cachedStatement(
            sql: """
                UPDATE idempotency_keys SET applied_at = ?
                WHERE community_id = ? AND member_id = ? AND idem_key = ? AND state = 'in_progress' AND applied_at IS NULL
                """ + own.sql
        ).execute(arguments: [now] + key + own.arguments)
        guard db.changesCount == 0, claim.claimedAt != nil else { return }
        let still = try Bool.fetchOne(
            db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE community_id = ? AND member_id = ? AND idem_key = ?" + own.sql + ")"),
            arguments: key + own.arguments) ?? false
        if !still { throw DomainError(code: "idempotency.in_progress", category: .conflict) }
    }

    /// Frees a key whose request did not succeed, so the client's retry can run, unless the
    /// request had already committed a change: then the key stays taken, and `response` (the
    /// answer it gave, when there is one) is stored for the retry. Returns whether it was freed.
    @discardableResult
    public static func release(
        _ db: Database, principal: Principal, key: String, response: StoredResponse? = nil, claimedAt: Date? = nil
    ) throws -> Bool {
        let own = ownClaim(claimedAt)
        try db.execute(
            sql: """
                DELETE FROM idempotency_keys
                WHERE community_id = ? AND member_id = ? AND idem_key = ? AND state = 'in_progress' AND applied_at IS NULL
                """ + own.sql,
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue, key] + own.arguments)
        if db.changesCount > 0 { return true }
        if let response { try complete(db, principal: principal, key: key, response: response, claimedAt: claimedAt) }
        return false
    }

    /// Deletes expired keys; returns how many.
    @discardableResult
    public static func purgeExpired(_ db: Database, now: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM idempotency_keys WHERE expires_at <= ?", arguments: [now])
        return db.changesCount
    }
}
