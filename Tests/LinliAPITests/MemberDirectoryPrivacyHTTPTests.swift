import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// Session 23 review: the member directory showed every member's `household_id` to every
/// neighbour, and filtered by any household: who lives with whom, and so who lives alone, which
/// the households routes show only to staff and the household itself.
@Suite struct MemberDirectoryPrivacyHTTPTests {
    @Test func householdsAreForStaffAndTheHouseholdItself() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident).id.rawValue
        let household = a.household.id.rawValue
        try await fixture.run { client in
            let neighbour = try await TrustPrivacyHTTPTests.newResident(client, a, name: "邻居丙")
            let seen = try await client.call(.get, "/v1/members/\(resident)", token: neighbour.secret).object()
            #expect(seen["household_id"] == nil || seen["household_id"] is NSNull, "\(seen)")
            let listed = try await client.call(.get, "/v1/members?limit=100", token: neighbour.secret).object()
            let items = try #require(listed["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["household_id"] == nil || $0["household_id"] is NSNull })
            let filtered = try await client.call(.get, "/v1/members?household_id=\(household)", token: neighbour.secret)
            #expect(filtered.status == .notFound, "\(String(buffer: filtered.body))")

            let own = try await client.call(.get, "/v1/members?household_id=\(household)", token: a.secret(.resident))
            #expect(own.status == .ok)
            let me = try await client.call(.get, "/v1/me", token: a.secret(.resident)).object()
            #expect(me["household_id"] as? String == household)
            let staff = try await client.call(.get, "/v1/members/\(resident)", token: a.secret(.stationStaff)).object()
            #expect(staff["household_id"] as? String == household)
        }
    }
}
