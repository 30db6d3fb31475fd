import Foundation
import HummingbirdTesting
import LinliDomain
import LinliTestSupport
import Testing

/// Session 32 walk (helper 110): deleting an endpoint ignored a stale `If-Match` (as giving up
/// an event seat and checking in did, tested in `EventsHTTPTests`): every versioned write refuses one.
@Suite struct IfMatchCoverageHTTPTests {
    @Test func deletingAnEndpointRefusesAStaleVersion() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.admin)
        try await fixture.run { client in
            let created = try await client.call(
                .post, "/v1/webhooks/endpoints", token: token, json: #"{"url":"https://example.org/hook","format":"standard","events":["listing.*"]}"#)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let id = try #require((try created.object()["endpoint"] as? [String: Any])?["id"] as? String ?? (try created.object()["id"] as? String))
            let stale = try await client.call(.delete, "/v1/webhooks/endpoints/\(id)", token: token, headers: [.ifMatch: "\"99\""])
            #expect(stale.status == .conflict)
            #expect(try stale.object()["code"] as? String == "version_conflict")
            #expect(try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: token).status == .ok, "still there")
            let current = try #require(created.headers[.eTag])
            #expect(try await client.call(.delete, "/v1/webhooks/endpoints/\(id)", token: token, headers: [.ifMatch: current]).status == .noContent)
            #expect(try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: token).status == .notFound)
        }
    }
}
