import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import NIOCore
import Testing

/// Review 9f: failing tests for the HTTP-contract changes of review 9b (201 Location, cursors
/// bound to the path, 401 challenges).
@Suite struct Review9fHTTPTests {
    /// `POST /v1/members/{id}/tokens` now answers 201 with `Location: /v1/tokens/{id}`
    /// (`TokensController` line 33), but `/v1/tokens/{id}` only takes DELETE: following the
    /// Location (what RFC 9110 §15.3.2 says it is for: "the primary resource created") is
    /// 405 `route.method_not_allowed`. The Location must name something a client can GET (a
    /// GET /v1/tokens/{id}, or the member's token list).
    @Test func theLocationOfAnIssuedTokenCanBeRead() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let issued = try await client.call(.post, "/v1/members/\(a.member(.resident).id)/tokens", token: a.secret(.resident), json: "{}")
            #expect(issued.status == .created)
            let location = try #require(issued.headers[.location], "201 without Location")
            let followed = try await client.call(.get, location, token: a.secret(.resident))
            #expect(
                followed.status == .ok,
                "GET \(location) (the 201's Location): \(followed.status) \(String(buffer: followed.body).prefix(200))")
        }
    }

    /// A cursor is bound to `request.uri.path`, the raw path, while the router ignores empty
    /// path segments: `/v1/members/` and `/v1/members` are the same list (same handler, same
    /// keys), yet the cursor written on one is 400 `cursor.malformed` on the other. A client (or
    /// a gateway that normalises trailing slashes) following `next_cursor` then stops on a 400.
    /// The scope should be the list, not the spelling of its path.
    @Test func aCursorFollowsTheSameListWhateverTheTrailingSlash() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let first = try await client.call(.get, "/v1/members/?limit=1", token: a.secret(.admin))
            // Only meaningful where the router answers the trailing-slash spelling at all.
            guard first.status == .ok else { return }
            let cursor = try #require(try first.object()["next_cursor"] as? String, "the members have a second page")
            let second = try await client.call(.get, "/v1/members?limit=1&cursor=\(cursor)", token: a.secret(.admin))
            #expect(second.status == .ok, "same list, cursor from /v1/members/: \(second.status) \(String(buffer: second.body).prefix(160))")
            let doubled = try await client.call(.get, "/v1//members?limit=1&cursor=\(cursor)", token: a.secret(.admin))
            #expect(doubled.status == .ok, "same list, path /v1//members: \(doubled.status) \(String(buffer: doubled.body).prefix(160))")
        }
    }

    /// RFC 6750 §3.1: when a request carries no Bearer credentials at all — including one that
    /// authenticates with another scheme (`Authorization: Basic …`) — the challenge SHOULD NOT
    /// include an error code. `AuthMiddleware` throws `auth.invalid_token` for a non-Bearer
    /// scheme, so `ProblemMiddleware` answers `error="invalid_token"`, telling a client that never
    /// sent a token that its token was refused.
    @Test func anotherSchemeIsNotAnInvalidBearerToken() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let response = try await client.call(.get, "/v1/me", headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(response.status == .unauthorized)
            let challenge = try #require(response.headers[.wwwAuthenticate])
            #expect(challenge.lowercased().hasPrefix("bearer"))
            #expect(!challenge.contains("invalid_token"), "WWW-Authenticate: \(challenge)")
        }
    }
}
