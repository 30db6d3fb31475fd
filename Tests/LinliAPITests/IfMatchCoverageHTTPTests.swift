import Crypto
import Foundation
import HummingbirdTesting
import LinliDomain
import LinliTestSupport
import Testing

/// Session 32 walk (helper 110): deleting an endpoint ignored a stale `If-Match` (as giving up
/// an event seat and checking in did, tested in `EventsHTTPTests`; rotating a secret, claiming and
/// resolving a case, below).
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
            for (type, id, action) in [
                ("household", a.household.id.rawValue, "household.updated"), ("community", a.community.id.rawValue, "community.updated"),
                ("member", resident.id.rawValue, "member.profile_updated"),
            ] {
                let audit = try await client.call(.get, "/v1/audit?target_type=\(type)&target_id=\(id)&limit=100", token: admin)
                #expect(audit.status == .ok)
                let actions = try #require(try audit.object()["items"] as? [[String: Any]]).compactMap { $0["action"] as? String }
                #expect(!actions.contains(action), "\(actions)")
            }
            // The same name in another Unicode form is a change (byte for byte), not nothing.
            let composed = try await client.call(.patch, "/v1/households/\(a.household.id)", token: admin, json: #"{"name":"Caf\u00e9"}"#)
            let composedTag = try #require(composed.headers[.eTag])
            let decomposed = try await client.call(.patch, "/v1/households/\(a.household.id)", token: admin, json: #"{"name":"Cafe\u0301"}"#)
            #expect(decomposed.headers[.eTag] != composedTag)
            // A real change still moves it.
            let changed = try await client.call(.patch, "/v1/households/\(a.household.id)", token: admin, json: #"{"name":"8号楼"}"#)
            #expect(changed.headers[.eTag] != nil && changed.headers[.eTag] != "\"\(a.household.version)\"")
        }
    }

    /// The same for a webhook endpoint (helper 111): sending back what it holds, its masked URL
    /// included, keeps the version and writes no `webhook.endpoint_updated`; a real change moves it.
    @Test func anEndpointPatchThatChangesNothingKeepsTheVersion() async throws {
        let fixture = try APIFixture()
        let admin = fixture.a.secret(.admin)
        try await fixture.run { client in
            let created = try await client.call(
                .post, "/v1/webhooks/endpoints", token: admin,
                json: #"{"url":"https://example.org/hook?token=abc123","format":"standard","events":["listing.*"],"description":"3号楼"}"#)
            let endpoint = try #require(try created.object()["endpoint"] as? [String: Any])
            let id = try #require(endpoint["id"] as? String)
            let maskedURL = try #require(endpoint["url"] as? String)
            #expect(!maskedURL.contains("abc123"), "the URL comes back masked")
            let tag = try #require(created.headers[.eTag])
            for body in [
                "{}", #"{"description":"3号楼"}"#, #"{"enabled":true,"events":["listing.*"]}"#,
                #"{"url":"\#(maskedURL)","description":"3号楼"}"#,
            ] {
                let patched = try await client.call(.patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: body, headers: [.ifMatch: tag])
                #expect(patched.status == .ok, "\(body) \(String(buffer: patched.body))")
                #expect(patched.headers[.eTag] == tag, "\(body)")
            }
            let audit = try await client.call(.get, "/v1/audit?target_type=webhook_endpoint&target_id=\(id)&limit=100", token: admin)
            let actions = try #require(try audit.object()["items"] as? [[String: Any]]).compactMap { $0["action"] as? String }
            #expect(actions == ["webhook.endpoint_created"], "\(actions)")
            let changed = try await client.call(
                .patch, "/v1/webhooks/endpoints/\(id)", token: admin, json: #"{"description":"4号楼"}"#, headers: [.ifMatch: tag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != tag)
        }
    }

    @Test func rotatingASecretAndWorkingACaseRefuseAStaleVersion() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let admin = a.secret(.admin)
            let endpoint = try await client.call(
                .post, "/v1/webhooks/endpoints", token: admin, json: #"{"url":"https://example.org/hook","format":"standard","events":["listing.*"]}"#)
            let id = try #require((try endpoint.object()["endpoint"] as? [String: Any])?["id"] as? String)
            let stale = try await client.call(.post, "/v1/webhooks/endpoints/\(id)/rotate-secret", token: admin, headers: [.ifMatch: "\"99\""])
            #expect(try stale.object()["code"] as? String == "version_conflict")
            // The rotation answers with the new version, and the secrets in force are told apart
            // by fingerprint and expiry (helper 134: two identical masks, no ETag).
            let first = try #require(try endpoint.object()["secret"] as? String)
            let rotated = try await client.call(.post, "/v1/webhooks/endpoints/\(id)/rotate-secret", token: admin)
            #expect(rotated.headers[.eTag] == "\"2\"")
            let second = try #require(try rotated.object()["secret"] as? String)
            func fingerprint(_ secret: String) -> String {
                SHA256.hash(data: Data(secret.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
            }
            let shown = try await client.call(.get, "/v1/webhooks/endpoints/\(id)", token: admin)
            let signing = try #require(try shown.object()["signing_secrets"] as? [[String: Any]])
            #expect(signing.map { $0["fingerprint"] as? String } == [fingerprint(second), fingerprint(first)])
            #expect(signing.first?["expires_at"] is NSNull && signing.last?["expires_at"] is String, "\(signing)")

            let report = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"harassment","text":"深夜敲门"}"#)
            let caseID = try #require(try report.object()["case_id"] as? String)
            let moderator = a.secret(.moderator)
            let staleClaim = try await client.call(.post, "/v1/cases/\(caseID)/claim", token: moderator, headers: [.ifMatch: "\"99\""])
            #expect(try staleClaim.object()["code"] as? String == "version_conflict")
            let claimed = try await client.call(.post, "/v1/cases/\(caseID)/claim", token: moderator)
            let tag = try #require(claimed.headers[.eTag])
            let staleResolution = try await client.call(
                .post, "/v1/cases/\(caseID)/resolution", token: moderator, json: #"{"actions":[{"kind":"warn"}],"reason":"属实"}"#,
                headers: [.ifMatch: "\"99\""])
            #expect(try staleResolution.object()["code"] as? String == "version_conflict")
            let resolved = try await client.call(
                .post, "/v1/cases/\(caseID)/resolution", token: moderator, json: #"{"actions":[{"kind":"warn"}],"reason":"属实"}"#,
                headers: [.ifMatch: tag])
            #expect(resolved.status == .ok, "\(String(buffer: resolved.body))")
        }
    }
}
