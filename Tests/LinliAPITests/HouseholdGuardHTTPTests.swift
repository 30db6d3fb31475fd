import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Found by review 8f (each test failed on the code it was written against): household membership and the "no exchanging with your own household" guard.
///
/// The README gives household writes to organizers, station staff and admins, and exchanges
/// between members of one household are refused (409 `exchange.same_household`); the fraud check
/// also reads households for self-dealing. But `PATCH /v1/members/{id}` on one's own profile
/// accepts `household_id`, so a resident can leave (or join) any household on their own and the
/// guard no longer sees the pair.
@Suite struct HouseholdGuardHTTPTests {
    /// Now: the resident (household 1号楼 101) sends `{"household_id": null}` on their own profile
    /// and gets 200; their housemate (the organizer, same household) can then request the
    /// resident's listing (201) although the two still live together. Should: a resident cannot
    /// change their own household membership (403 `forbidden`, household writes are for organizers,
    /// station staff and admins), and the housemate's request stays 409 `exchange.same_household`.
    @Test func residentCannotLeaveTheirHouseholdToTradeWithAHousemate() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident), organizer = a.member(.organizer)
        #expect(resident.householdID == a.household.id && organizer.householdID == a.household.id)
        try await fixture.run { client in
            let before = try await client.call(
                .post, "/v1/exchanges", token: a.secret(.organizer), json: ExchangeFixtures.requestJSON(a.listing.id))
            #expect(before.status == .conflict)
            #expect(try before.object()["code"] as? String == "exchange.same_household")

            let left = try await client.call(
                .patch, "/v1/members/\(resident.id)", token: a.secret(.resident), json: #"{"household_id":null}"#)
            #expect(left.status == .forbidden, "a resident must not take themselves out of their household")

            let after = try await client.call(
                .post, "/v1/exchanges", token: a.secret(.organizer), json: ExchangeFixtures.requestJSON(a.listing.id))
            #expect(after.status == .conflict, "housemates still may not exchange with each other")
        }
    }
}
