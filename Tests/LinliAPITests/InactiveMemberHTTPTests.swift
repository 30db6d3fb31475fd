import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import Testing

/// A suspended or banned member keeps access to their own standing, and to nothing else.
@Suite struct InactiveMemberHTTPTests {
    /// Every route left open to an inactive member is a real route: a renamed one would silently
    /// lock them out again.
    @Test func openRoutesAreRegistered() throws {
        let fixture = try APIFixture()
        let registered = Set(fixture.router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(InactiveMemberRoutes.allowed.subtracting(registered).sorted() == [])
    }

    /// Banned: the inbox tells them, `GET /v1/me` shows the status, the appeal goes through; the
    /// rest of the API (reads and writes) answers 403 `auth.member_inactive`.
    @Test func bannedMemberReadsTheirInboxAndAppealsButNothingElse() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let actionID = try await TrustStandingHTTPTests.resolveCaseAgainstTarget(client, a, actionJSON: #"{"kind":"ban"}"#)
            let token = a.targetToken.secret
            let me = try await client.call(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.object()["status"] as? String == "banned")
            let inbox = try await client.call(.get, "/v1/notifications", token: token)
            #expect(inbox.status == .ok)
            let items = try #require(try inbox.object()["items"] as? [[String: Any]])
            let notice = try #require(items.first { $0["kind"] as? String == "action_taken" })
            let noticeID = try #require(notice["id"] as? String)
            #expect(try await client.call(.post, "/v1/notifications/\(noticeID)/read", token: token).status == .ok)
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/listings"), (.get, "/v1/members/\(a.target.id)/balance"), (.get, "/v1/exchanges"),
                (.post, "/v1/reports"), (.get, "/v1/case-actions/\(actionID)/appeal"),
            ] {
                let refused = try await client.call(method, path, token: token, json: method == .post ? "{}" : nil)
                let code = try? refused.object()["code"] as? String
                #expect(refused.status == .forbidden && code == "auth.member_inactive" || refused.status == .methodNotAllowed, "\(method) \(path)")
            }
            let appeal = try await client.call(.post, "/v1/case-actions/\(actionID)/appeal", token: token, json: #"{"text":"请复核"}"#)
            #expect(appeal.status == .created)
        }
    }

    /// Helper 120: a member suspended after a no-show was recorded against her could not contest
    /// it within its window (403 `auth.member_inactive`), which a suspension outlasts. Contesting
    /// is her appeal of it, and stays open; trading does not.
    @Test func aSuspendedMemberContestsANoShowRecordedAgainstHer() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.startedJSON(a.openListing.id))
            let id = try #require(try created.object()["id"] as? String)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret).status == .ok)
            try ExchangeFixtures.acceptedBeforeTheStart(a, id)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/no-show", token: a.secret(.resident)).status == .ok)
            try fixture.environment.database.writeSync { db in
                try db.execute(sql: "UPDATE members SET status = 'suspended', suspended_until = NULL WHERE id = ?", arguments: [a.target.id.rawValue])
            }
            let token = a.targetToken.secret
            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: token).status == .forbidden)
            let contested = try await client.call(
                .post, "/v1/exchanges/\(id)/contest-no-show", token: token, json: #"{"reason":"我按时到了，门卫可以作证"}"#)
            #expect(contested.status == .created, "\(String(buffer: contested.body))")
            #expect(try await client.call(.get, "/v1/exchanges/\(id)/no-show-contest", token: token).status == .ok)
        }
    }
}
