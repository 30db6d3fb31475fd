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

    /// A PATCH that changes nothing keeps the version (an editor's If-Match still holds) and writes
    /// no audit entry (helper 110: households, communities and profiles bumped both).
    @Test func aPatchThatChangesNothingKeepsTheVersion() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let admin = a.secret(.admin)
        let resident = a.member(.resident)
        try await fixture.run { client in
            for (path, body) in [
                ("/v1/households/\(a.household.id)", #"{"name":"\#(a.household.name)"}"#), ("/v1/households/\(a.household.id)", "{}"),
                ("/v1/communities/\(a.community.id)", #"{"name":"\#(a.community.name)"}"#), ("/v1/communities/\(a.community.id)", "{}"),
                ("/v1/members/\(resident.id)", #"{"display_name":"\#(resident.displayName)"}"#), ("/v1/members/\(resident.id)", "{}"),
            ] {
                let before = try await client.call(.get, path, token: admin)
                let tag = try #require(before.headers[.eTag])
                let patched = try await client.call(.patch, path, token: admin, json: body, headers: [.ifMatch: tag])
                #expect(patched.status == .ok, "\(path) \(String(buffer: patched.body))")
                #expect(patched.headers[.eTag] == tag, "\(path) \(body)")
            }
            let audit = try await client.call(.get, "/v1/audit?limit=100", token: admin)
            let actions = (try audit.object()["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(!actions.contains("household.updated") && !actions.contains("community.updated") && !actions.contains("member.profile_updated"))
            // A real change still moves it.
            let changed = try await client.call(.patch, "/v1/households/\(a.household.id)", token: admin, json: #"{"name":"8号楼"}"#)
            #expect(changed.headers[.eTag] != nil && changed.headers[.eTag] != "\"\(a.household.version)\"")
        }
    }
}
