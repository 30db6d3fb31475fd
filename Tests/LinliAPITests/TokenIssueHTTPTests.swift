import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

@Suite struct TokenIssueHTTPTests {
    /// Station staff issue tokens for residents, but not for an admin (a token acts with its
    /// member's role: one for the admin would let them promote themselves).
    @Test func stationStaffCannotIssueAnAdminsToken() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let minted = try await client.call(.post, "/v1/members/\(a.member(.admin).id)/tokens", token: a.secret(.stationStaff), json: "{}")
            #expect(minted.status == .forbidden)
            #expect(try minted.object()["code"] as? String == "forbidden")
            let forResident = try await client.call(
                .post, "/v1/members/\(a.target.id)/tokens", token: a.secret(.stationStaff), json: #"{"note":"本人到站"}"#)
            #expect(forResident.status == .created)
        }
    }

    /// Session 16 review: a token station staff issued while the member was a resident kept
    /// working when an admin promoted the member, and station staff then held a staff token.
    /// Promotion revokes the tokens issued by someone who may not issue staff tokens; the
    /// admin's and the member's own are kept.
    @Test func promotionRevokesTokensIssuedBelowStaff() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let byStaff = try await client.call(.post, "/v1/members/\(a.target.id)/tokens", token: a.secret(.stationStaff), json: #"{"note":"本人到站"}"#)
            let staffSecret = try #require(try byStaff.object()["secret"] as? String)
            let byAdmin = try await client.call(.post, "/v1/members/\(a.target.id)/tokens", token: a.secret(.admin), json: #"{"note":"本人到站"}"#)
            let adminSecret = try #require(try byAdmin.object()["secret"] as? String)
            #expect(try await client.call(.get, "/v1/me", token: staffSecret).status == .ok)
            let promoted = try await client.call(
                .put, "/v1/members/\(a.target.id)/role", token: a.secret(.admin), json: #"{"role":"moderator","reason":"增补审核员"}"#)
            #expect(promoted.status == .ok, "\(String(buffer: promoted.body))")
            #expect(try await client.call(.get, "/v1/audit", token: staffSecret).status == .unauthorized, "the staff-issued token became a moderator's")
            #expect(try await client.call(.get, "/v1/audit", token: adminSecret).status == .ok)
            #expect(try await client.call(.get, "/v1/audit", token: a.targetToken.secret).status == .ok, "issued by the command line: kept")
        }
    }

    /// Session 24 review (H1): through a token station staff issued her, a resident minted a
    /// ten-year token of her own that outlived the desk token. The child now keeps the issuer,
    /// names the token it came through, and goes with it.
    @Test func aTokenMintedThroughADeskTokenGoesWithIt() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let desk = try await client.call(
                .post, "/v1/members/\(a.target.id)/tokens", token: a.secret(.stationStaff), json: #"{"expires_in_days":30,"note":"本人到站"}"#)
            let deskSecret = try #require(try desk.object()["secret"] as? String)
            let deskID = try #require((try desk.object()["token"] as? [String: Any])?["id"] as? String)
            let tooLong = try await client.call(
                .post, "/v1/members/\(a.target.id)/tokens", token: deskSecret, json: #"{"expires_in_days":3650}"#)
            #expect(tooLong.status == .unprocessableContent)
            #expect(String(buffer: tooLong.body).contains("token.through_issued_token_too_long"))
            let child = try await client.call(
                .post, "/v1/members/\(a.target.id)/tokens", token: deskSecret, json: #"{"expires_in_days":30}"#)
            #expect(child.status == .created)
            let childToken = try #require(try child.object()["token"] as? [String: Any])
            #expect(childToken["parent_token_id"] as? String == deskID)
            #expect(childToken["created_by"] as? String == a.member(.stationStaff).id.rawValue)
            let childSecret = try #require(try child.object()["secret"] as? String)
            #expect(try await client.call(.delete, "/v1/tokens/\(deskID)", token: deskSecret).status == .ok)
            #expect(try await client.call(.get, "/v1/me", token: childSecret).status == .unauthorized)
        }
    }
}
