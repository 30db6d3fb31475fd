import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// Helper 145 #5: `GET /v1/audit?action=token.revoked` listed everything from the first entry, as
/// if the filter had worked; an admin looking for yesterday's entries paged through a month.
@Suite struct AuditFilterHTTPTests {
    func actions(_ response: TestResponse) throws -> [String] {
        try #require(try response.object()["items"] as? [[String: Any]]).compactMap { $0["action"] as? String }
    }

    @Test func anAdminFindsEntriesByActionTimeAndNewestFirst() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let admin = a.secret(.admin)
            let everything = try actions(try await client.call(.get, "/v1/audit?limit=100", token: admin))
            #expect(everything.count > 3)

            let one = try actions(try await client.call(.get, "/v1/audit?action=proxy.granted&limit=100", token: admin))
            #expect(!one.isEmpty && one.allSatisfy { $0 == "proxy.granted" })
            let family = try actions(try await client.call(.get, "/v1/audit?action=proxy.*&limit=100", token: admin))
            #expect(Set(family) == ["proxy.granted", "proxy.revoked"], "\(family)")

            let newest = try actions(try await client.call(.get, "/v1/audit?order=newest&limit=100", token: admin))
            #expect(newest == everything.reversed())
            // Newest first, page by page, reaches the same entries.
            let first = try await client.call(.get, "/v1/audit?order=newest&limit=2", token: admin).object()
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try await client.call(.get, "/v1/audit?order=newest&limit=2&cursor=\(cursor)", token: admin)
            #expect(try actions(second) == Array(newest.dropFirst(2).prefix(2)))

            let future = try actions(try await client.call(.get, "/v1/audit?since=2999-01-01", token: admin))
            #expect(future.isEmpty)
            let past = try actions(try await client.call(.get, "/v1/audit?since=2000-01-01T00:00:00Z&limit=100", token: admin))
            #expect(past == everything)

            for (query, code) in [("actoin=token.revoked", "query.unknown"), ("action=Token.Revoked", "query.invalid"),
                                  ("order=latest", "query.invalid"), ("since=yesterday", "query.invalid")] {
                let refused = try await client.call(.get, "/v1/audit?\(query)", token: admin, headers: [.acceptLanguage: "zh-CN"])
                #expect(refused.status == .badRequest, "\(query)")
                #expect(try refused.object()["code"] as? String == code, "\(query)")
            }
            let unknown = try await client.call(.get, "/v1/audit?actoin=x", token: admin, headers: [.acceptLanguage: "zh-CN"]).object()
            #expect((unknown["detail"] as? String)?.contains("没有查询参数 actoin") == true, "\(unknown)")
        }
    }
}
