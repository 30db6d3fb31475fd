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
            let forResident = try await client.call(.post, "/v1/members/\(a.target.id)/tokens", token: a.secret(.stationStaff), json: "{}")
            #expect(forResident.status == .created)
        }
    }
}
