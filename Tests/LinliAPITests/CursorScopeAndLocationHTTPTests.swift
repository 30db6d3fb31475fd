import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import NIOCore
import Testing

/// Found by review 9f (each test failed first): failing tests for the HTTP-contract changes of review 9b (201 Location, cursors
/// bound to the path, 401 challenges).
@Suite struct CursorScopeAndLocationHTTPTests {
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

    /// Cursors are scoped by path only, not by the list's filters. The 9b rationale ("a
    /// mini-program that keeps one `next_cursor` variable for two tabs") is exactly the case of
    /// two tabs on one path with different filters (`?role=`, `?status=`, `?state=`): the
    /// unfiltered tab's cursor sent to the `?role=` tab is accepted and answers 200 with a page
    /// that silently starts after the cursor's id, here an empty page with `next_cursor: null`,
    /// so the client concludes the filtered list is empty — the failure 9b meant to turn into 400
    /// `cursor.malformed`. (README documents path scope; filters should be part of it.)
    @Test func aCursorOfTheSameListWithOtherFiltersIsRefused() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let all = try await client.call(.get, "/v1/members?limit=100", token: a.secret(.admin))
            let members = try #require(try all.object()["items"] as? [[String: Any]])
            let first = try #require(members.first)
            let role = try #require(first["role"] as? String)
            let page = try await client.call(.get, "/v1/members?limit=1", token: a.secret(.admin))
            let cursor = try #require(try page.object()["next_cursor"] as? String)
            let filtered = try await client.call(.get, "/v1/members?role=\(role)&cursor=\(cursor)", token: a.secret(.admin))
            let items = (try? filtered.object()["items"] as? [[String: Any]]) ?? []
            #expect(
                filtered.status == .badRequest,
                "unfiltered cursor on ?role=\(role): \(filtered.status), \(items.count) items (the \(role) \(first["id"] ?? "") is skipped)")
        }
    }

    /// README: "Objects carry a `version` (also the `ETag`)". The valuation correction now answers
    /// with the *review's* version as ETag (ReviewsController line 87) but the body is the
    /// *listing* with the listing's `version`: body and ETag of one answer disagree, and a client
    /// taking the body's version for If-Match (as it does for every other answer) gets 409
    /// `version_conflict` on the review's decision.
    @Test func theCorrectionsBodyVersionIsItsETag() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let claimed = try await client.call(.post, "/v1/reviews/\(a.review.id)/claim", token: moderator)
            let tag = try #require(claimed.headers[.eTag])
            let corrected = try await client.call(
                .post, "/v1/reviews/\(a.review.id)/valuation-correction", token: moderator,
                json: #"{"declared_cost":"120.00","reason":"发票显示 120 元"}"#, headers: [.ifMatch: tag])
            #expect(corrected.status == .ok)
            // The body is the listing and its review (as the decision answers); the review's version is the ETag.
            let version = try #require((try corrected.object()["review"] as? [String: Any])?["version"] as? Int)
            #expect(corrected.headers[.eTag] == "\"\(version)\"", "body version \(version), ETag \(corrected.headers[.eTag] ?? "-")")
        }
    }
}
