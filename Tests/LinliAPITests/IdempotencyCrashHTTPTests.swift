import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import LinliDomain
@testable import LinliAPI
import LinliStore
import Testing

/// A crash after a request's change committed and before its response was stored: the retry must
/// be told the request was done (409 `idempotency.answer_lost`), not carry it out again.
@Suite struct IdempotencyCrashHTTPTests {
    /// Puts the key back as a crash would have left it: claimed, its change committed (the mark
    /// the request's own transaction wrote is kept), no response stored, the lease run out.
    func crash(_ fixture: APIFixture, key: String) throws {
        try fixture.environment.database.writeSync { db in
            try db.execute(
                sql: """
                    UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, response_headers = NULL,
                        response_body = NULL, created_at = datetime(created_at, '-120 seconds')
                    WHERE idem_key = ?
                    """,
                arguments: [key])
        }
    }

    @Test func aRetryAfterACrashIsNotCarriedOutAgain() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.admin)
        let key: HTTPFields = [.idempotencyKey: "crash-hh-1"]
        let body = #"{"name":"12号楼"}"#
        try await fixture.run { client in
            let first = try await client.call(.post, "/v1/households", token: token, json: body, headers: key)
            #expect(first.status == .created)
        }
        let applied = try fixture.environment.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT applied_at FROM idempotency_keys WHERE idem_key = 'crash-hh-1'")
        }
        #expect(applied != nil, "the request's own transaction marks its claim")
        try crash(fixture, key: "crash-hh-1")
        try await fixture.run { client in
            let retry = try await client.call(.post, "/v1/households", token: token, json: body, headers: key)
            #expect(retry.status == .conflict)
            #expect(try retry.object()["code"] as? String == "idempotency.answer_lost")
            let other = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"13号楼"}"#, headers: key)
            #expect(try other.object()["code"] as? String == "idempotency.key_reused")
        }
        let count = try fixture.environment.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM households WHERE name = '12号楼'")
        }
        #expect(count == 1)
    }

    /// A ledger write keys its transfer by the request's own Idempotency-Key, so after the same
    /// crash the ledger answers the retry with the transfer already posted (200, the same id),
    /// not 409 `idempotency.answer_lost`, and no second transfer is made.
    @Test func aLedgerWriteRetriedAfterACrashIsAnsweredByTheLedger() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let body = #"{"member_id":"\#(a.target.id)","points":20,"category":"community_cleaning","reason":"社区清洁日帮忙"}"#
        let key: HTTPFields = [.idempotencyKey: "crash-grant-1"]
        let first = try await fixture.run { client in
            let granted = try await client.call(.post, "/v1/ledger/rewards", token: a.secret(.organizer), json: body, headers: key)
            #expect(granted.status == .created)
            return try granted.object()["id"] as? String
        }
        try crash(fixture, key: "crash-grant-1")
        try await fixture.run { client in
            let retry = try await client.call(.post, "/v1/ledger/rewards", token: a.secret(.organizer), json: body, headers: key)
            #expect(retry.status == .ok, "\(String(buffer: retry.body))")
            #expect(try retry.object()["id"] as? String == first)
        }
        let rewards = try fixture.environment.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'reward' AND category = 'community_cleaning'")
        }
        #expect(rewards == 1)
    }

    /// A new community's answer carries its admin's token: never kept for a replay (session 16
    /// review: it was stored whole, secret included, for a day).
    @Test func aNewCommunitysAdminTokenIsNotKeptForAReplay() async throws {
        let fixture = try APIFixture()
        let key: HTTPFields = [.idempotencyKey: "new-community-1"]
        let body = #"{"name":"新社区","admin_display_name":"新管理员"}"#
        let secret = try await fixture.run { client in
            let created = try await client.call(.post, "/v1/communities", token: fixture.a.secret(.admin), json: body, headers: key)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            #expect(created.headers[.cacheControl] == "no-store")
            let again = try await client.call(.post, "/v1/communities", token: fixture.a.secret(.admin), json: body, headers: key)
            #expect(try again.object()["code"] as? String == "idempotency.not_replayable")
            return try #require((try created.object()["token"] as? [String: Any])?["secret"] as? String)
        }
        let kept = try fixture.environment.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_keys WHERE CAST(response_body AS TEXT) LIKE ?", arguments: ["%\(secret)%"])
        }
        #expect(kept == 0)
    }

    /// A request refused before it changed anything leaves no mark: its key is free for the
    /// corrected request, crash or not.
    @Test func aRefusedRequestLeavesItsKeyFree() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.admin)
        let key: HTTPFields = [.idempotencyKey: "crash-hh-2"]
        try await fixture.run { client in
            let refused = try await client.call(.post, "/v1/households", token: token, json: #"{"name":""}"#, headers: key)
            #expect(refused.status == .unprocessableContent)
            let fixed = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"14号楼"}"#, headers: key)
            #expect(fixed.status == .created)
        }
    }
}
