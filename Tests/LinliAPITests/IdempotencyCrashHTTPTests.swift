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
