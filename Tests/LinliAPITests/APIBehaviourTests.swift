import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

@Suite struct APIBehaviourTests {
    @Test func idempotencyKeyReplaysAndRefusesDifferentBodies() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.admin)
        try await fixture.run { client in
            let key: HTTPFields = [.idempotencyKey: "create-hh-7"]
            let first = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"7号楼"}"#, headers: key)
            #expect(first.status == .created)
            #expect(first.headers[.idempotentReplayed] == nil)
            let again = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"7号楼"}"#, headers: key)
            #expect(again.status == .created)
            #expect(again.headers[.idempotentReplayed] == "true")
            #expect(String(buffer: again.body) == String(buffer: first.body))
            let different = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"8号楼"}"#, headers: key)
            #expect(different.status == .conflict)
            #expect(try different.object()["code"] as? String == "idempotency.key_reused")
            // A refused request does not burn its key: fix the body and retry with the same key.
            let invalidKey: HTTPFields = [.idempotencyKey: "create-hh-9"]
            let invalid = try await client.call(.post, "/v1/households", token: token, json: #"{"name":""}"#, headers: invalidKey)
            #expect(invalid.status == .unprocessableContent)
            let fixed = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"9号楼"}"#, headers: invalidKey)
            #expect(fixed.status == .created)
            let badKey = try await client.call(.post, "/v1/households", token: token, json: #"{"name":"x"}"#, headers: [.idempotencyKey: "has space"])
            #expect(badKey.status == .badRequest)
        }
        let count = try fixture.environment.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM households WHERE name IN ('7号楼', '8号楼', '9号楼')")
        }
        #expect(count == 2)
    }

    @Test func cursorPaginationWalksEveryMemberOnce() async throws {
        let fixture = try APIFixture()
        let names = try await fixture.run { client in
            var names: [String] = []
            var cursor: String?
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await client.call(.get, "/v1/members?limit=2\(query)", token: fixture.a.secret(.resident)).object()
                names += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["display_name"] as? String }
                cursor = page["next_cursor"] as? String
                #expect(page.keys.contains("next_cursor"))
            } while cursor != nil
            return names
        }
        #expect(names.count == Role.allCases.count + 1)
        #expect(Set(names).count == names.count)
    }

    @Test func residentsDoNotSeeNeighboursPhones() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let asResident = try await client.call(.get, "/v1/members/\(fixture.a.target.id)", token: fixture.a.secret(.resident)).object()
            #expect(asResident["phone"] == nil)
            let asStaff = try await client.call(.get, "/v1/members/\(fixture.a.target.id)", token: fixture.a.secret(.stationStaff)).object()
            #expect(asStaff["phone"] as? String == "13900000000")
        }
    }

    @Test func requestIDIsEchoedOrGenerated() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let echoed = try await client.call(.get, "/healthz", headers: [.requestID: "abc-123"])
            #expect(echoed.headers[.requestID] == "abc-123")
            let unsafe = try await client.call(.get, "/healthz", headers: [.requestID: "bad id\u{7F}"])
            #expect(unsafe.headers[.requestID]?.hasPrefix("req_") == true)
        }
    }

    @Test func etagAndIfMatchGuardUpdates() async throws {
        let fixture = try APIFixture()
        let path = "/v1/households/\(fixture.a.household.id)"
        try await fixture.run { client in
            let token = fixture.a.secret(.admin)
            let read = try await client.call(.get, path, token: token)
            #expect(read.headers[.eTag] == "\"1\"")
            let update = try await client.call(.patch, path, token: token, json: #"{"area":null}"#, headers: [.ifMatch: "\"1\""])
            #expect(update.status == .ok)
            #expect(update.headers[.eTag] == "\"2\"")
            #expect(try update.object()["area"] == nil)
            let stale = try await client.call(.patch, path, token: token, json: #"{"name":"x"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            let junk = try await client.call(.patch, path, token: token, json: #"{"name":"x"}"#, headers: [.ifMatch: "soon"])
            #expect(junk.status == .badRequest)
        }
    }

    @Test func healthReadinessAndMetrics() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            #expect(try await client.call(.get, "/healthz").status == .ok)
            let ready = try await client.call(.get, "/readyz").object()
            #expect(ready["status"] as? String == "ready")
            _ = try await client.call(.get, "/v1/members/\(fixture.a.target.id)", token: fixture.a.secret(.admin))
            let metrics = String(buffer: try await client.call(.get, "/metrics").body)
            #expect(metrics.contains(#"linli_http_requests_total{method="GET",route="/v1/members/{id}",status="200"} 1"#))
            #expect(metrics.contains("linli_http_request_duration_seconds_bucket"))
            #expect(metrics.contains("linli_db_transaction_duration_seconds_count"))
            #expect(metrics.contains("linli_db_file_size_bytes"))
        }
    }

    @Test func auditLogRecordsWhoDidWhatWithTheRequestID() async throws {
        let fixture = try APIFixture()
        let target = fixture.a.target.id
        try await fixture.run { client in
            let staff = fixture.a.secret(.stationStaff)
            let verified = try await client.call(
                .put, "/v1/members/\(target)/verification", token: staff, json: #"{"verified":true,"reason":"身份证现场核验"}"#,
                headers: [.requestID: "verify-1"])
            #expect(try verified.object()["verified"] as? Bool == true)
            let log = try await client.call(
                .get, "/v1/audit?target_type=member&target_id=\(target)", token: fixture.a.secret(.moderator)
            ).object()
            let entry = try #require((log["items"] as? [[String: Any]])?.last)
            #expect(entry["action"] as? String == "member.verified")
            #expect(entry["actor_id"] as? String == fixture.a.member(.stationStaff).id.rawValue)
            #expect(entry["reason"] as? String == "身份证现场核验")
            #expect(entry["request_id"] as? String == "verify-1")
        }
    }

    @Test func newCommunityIsIsolatedFromItsCreator() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let created = try await client.call(
                .post, "/v1/communities", token: fixture.a.secret(.admin),
                json: #"{"name":"新社区","timezone":"Asia/Urumqi","admin_display_name":"新管理员"}"#)
            #expect(created.status == .created)
            let body = try created.object()
            let community = try #require(body["community"] as? [String: Any])
            let newID = try #require(community["id"] as? String)
            #expect(community["timezone"] as? String == "Asia/Urumqi")
            let secret = try #require((body["token"] as? [String: Any])?["secret"] as? String)
            #expect(try await client.call(.get, "/v1/communities/\(newID)", token: secret).status == .ok)
            #expect(try await client.call(.get, "/v1/communities/\(newID)", token: fixture.a.secret(.admin)).status == .notFound)
        }
    }
}
