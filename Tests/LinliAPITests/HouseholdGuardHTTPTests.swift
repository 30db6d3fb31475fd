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

    /// Session 16 review: staff hold `household.write`, so an organizer stepped out of their own
    /// household to reward a housemate (`ledger.own_household` no longer saw them), then back in;
    /// station staff could rewrite a moderator's household and lift `moderation.own_household`.
    /// Now nobody records their own household, and a staff member's is an admin's to record.
    @Test func staffDoNotRecordTheirOwnHouseholdNorAnotherStaffMembers() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let organizer = a.member(.organizer), moderator = a.member(.moderator)
        try await fixture.run { client in
            let own = try await client.call(.patch, "/v1/members/\(organizer.id)", token: a.secret(.organizer), json: #"{"household_id":null}"#)
            #expect(own.status == .forbidden)
            #expect(try own.object()["code"] as? String == "member.cannot_change_own_household")
            let reward = try await client.call(
                .post, "/v1/ledger/rewards", token: a.secret(.organizer),
                json: #"{"member_id":"\#(a.member(.resident).id)","points":20,"category":"community_cleaning","reason":"清洁日"}"#)
            #expect(try reward.object()["code"] as? String == "ledger.own_household", "still the resident's housemate")

            let staffMoves = try await client.call(
                .patch, "/v1/members/\(moderator.id)", token: a.secret(.stationStaff), json: #"{"household_id":"\#(a.household.id)"}"#)
            #expect(staffMoves.status == .forbidden, "station staff recorded a moderator's household")
            let adminMoves = try await client.call(
                .patch, "/v1/members/\(moderator.id)", token: a.secret(.admin), json: #"{"household_id":"\#(a.household.id)"}"#)
            #expect(adminMoves.status == .ok)
            // A resident's household stays station staff's to record. (Not the resident's own: the
            // target has open exchanges with them, 409 member.household_open_exchange.)
            let household = try await client.call(.post, "/v1/households", token: a.secret(.stationStaff), json: #"{"name":"7号楼 202"}"#)
            let newHome = try #require(try household.object()["id"] as? String)
            let resident = try await client.call(
                .patch, "/v1/members/\(a.target.id)", token: a.secret(.stationStaff), json: #"{"household_id":"\#(newHome)"}"#)
            #expect(resident.status == .ok, "\(String(buffer: resident.body))")
            // But not by moving a housemate out instead of oneself: station staff live with the
            // resident (session 16 review of the fix above).
            let housemateOut = try await client.call(
                .patch, "/v1/members/\(a.member(.resident).id)", token: a.secret(.stationStaff), json: #"{"household_id":null}"#)
            #expect(try housemateOut.object()["code"] as? String == "moderation.own_household", "\(String(buffer: housemateOut.body))")
        }
    }

    /// A community's only admin has no household at bootstrap and nobody else may record a staff
    /// member's: stepping into a first household only adds guards, so one records that oneself;
    /// leaving or changing it afterwards is another's to record.
    @Test func oneRecordsOnesOwnFirstHouseholdOnly() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        #expect(a.member(.admin).householdID == nil)
        try await fixture.run { client in
            let path = "/v1/members/\(a.member(.admin).id)"
            let first = try await client.call(.patch, path, token: a.secret(.admin), json: #"{"household_id":"\#(a.household.id)"}"#)
            #expect(first.status == .ok, "\(String(buffer: first.body))")
            let leave = try await client.call(.patch, path, token: a.secret(.admin), json: #"{"household_id":null}"#)
            #expect(try leave.object()["code"] as? String == "member.cannot_change_own_household")
        }
    }
}
