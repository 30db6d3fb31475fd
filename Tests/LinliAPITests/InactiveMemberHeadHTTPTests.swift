import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import Testing

/// HEAD for a suspended member (review 8c): the test failed on the code it was written against,
/// for the reason its comment gives.
@Suite struct InactiveMemberHeadHTTPTests {
    /// "HEAD is answered wherever GET is" (README), and a suspended member keeps `GET /v1/me` and
    /// `GET /v1/notifications`. But `InactiveMemberRoutes` lists "GET …" only, and the auth
    /// middleware compares the request's own method: `HEAD /v1/me` of a suspended member answers
    /// 403 `auth.member_inactive` while `GET /v1/me` answers 200 (a client probing with HEAD, or a
    /// cache revalidating, is told the member may not read their own profile). HEAD should answer
    /// as GET does: 200 without a body.
    @Test func suspendedMemberHeadOfAnOpenRouteAnswersAsGet() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            _ = try await TrustStandingHTTPTests.resolveCaseAgainstTarget(client, a, actionJSON: #"{"kind":"suspend","days":7}"#)
            let token = a.targetToken.secret
            for path in ["/v1/me", "/v1/notifications"] {
                let get = try await client.call(.get, path, token: token)
                #expect(get.status == .ok, "GET \(path)")
                let head = try await client.call(.head, path, token: token)
                #expect(head.status == get.status, "HEAD \(path) answers \(head.status), GET \(get.status)")
                #expect(head.body.readableBytes == 0)
            }
        }
    }
}
