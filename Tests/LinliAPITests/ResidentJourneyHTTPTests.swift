import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Found by a black-box walk through the resident and station-staff journey (session 17).
@Suite struct ResidentJourneyHTTPTests {
    /// Household names are addresses: a resident saw every household ("6号楼 1单元 101 孙家")
    /// and, through `household_id` on members, where each neighbour lives. Now a resident sees
    /// their own household only; staff see all.
    @Test func aResidentSeesOnlyTheirOwnHousehold() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/households", token: a.secret(.stationStaff), json: #"{"name":"6号楼 1单元 101 孙家"}"#)
            #expect(created.status == .created)
            let other = try #require(try created.object()["id"] as? String)

            let own = try await client.call(.get, "/v1/households", token: a.secret(.resident)).object()
            let ids = (own["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [a.household.id.rawValue])
            #expect(try await client.call(.get, "/v1/households/\(a.household.id)", token: a.secret(.resident)).status == .ok)
            let hidden = try await client.call(.get, "/v1/households/\(other)", token: a.secret(.resident))
            #expect(hidden.status == .notFound)
            #expect(try hidden.object()["code"] as? String == "household.not_found")

            let staff = try await client.call(.get, "/v1/households?limit=100", token: a.secret(.stationStaff)).object()
            let all = (staff["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(Set(all).isSuperset(of: [a.household.id.rawValue, other]))
            #expect(try await client.call(.get, "/v1/households/\(other)", token: a.secret(.moderator)).status == .ok)
        }
    }

    /// `If-Match: *` (RFC 9110: any current version) was 400 `header.invalid`.
    @Test func ifMatchStarMeansAnyVersion() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .patch, "/v1/members/\(a.target.id)", token: a.secret(.admin), json: #"{"display_name":"孙奶奶"}"#, headers: [.ifMatch: "*"])
            #expect(response.status == .ok)
            let stale = try await client.call(
                .patch, "/v1/members/\(a.target.id)", token: a.secret(.admin), json: #"{"display_name":"孙奶奶"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
        }
    }

    /// Helper 185 #10: a malformed `If-Match` (a list of versions, a word) was a bare "invalid
    /// value"; the answer says the form it takes.
    @Test func aMalformedIfMatchSaysItsForm() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            for value in ["\"1\", \"2\"", "latest", "\"0\""] {
                let response = try await client.call(
                    .patch, "/v1/members/\(a.target.id)", token: a.secret(.admin), json: #"{"display_name":"孙奶奶"}"#,
                    headers: [.ifMatch: value, .acceptLanguage: "en"])
                #expect(response.status == .badRequest, "\(value)")
                let problem = try response.object()
                #expect(problem["code"] as? String == "header.invalid")
                #expect((problem["detail"] as? String)?.contains("ETag") == true, "\(problem)")
                #expect((problem["parameters"] as? [String: Any])?["example"] as? String == "\"3\"")
            }
        }
    }

    /// Station staff requesting for a member of staff was refused citing `member.create_staff`,
    /// although nothing was being created: now its own code, which says what to do.
    @Test func staffRequestForAStaffMemberHasItsOwnReason() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let start = Date().addingTimeInterval(86_400)
            let formatter = ISO8601DateFormatter()
            let body = #"{"listing_id":"\#(a.openListing.id)","requester_id":"\#(a.member(.moderator).id)","scheduled_start":"\#(formatter.string(from: start))","scheduled_end":"\#(formatter.string(from: start.addingTimeInterval(3600)))"}"#
            let response = try await client.call(.post, "/v1/exchanges", token: a.secret(.stationStaff), json: body, headers: [.acceptLanguage: "en"])
            #expect(response.status == .forbidden)
            let problem = try response.object()
            #expect(problem["code"] as? String == "exchange.proxy_for_staff")
            #expect((problem["detail"] as? String)?.contains("An admin, or the member themselves") == true)
        }
    }

    /// Chinese messages name states and steps in words, not as raw values.
    @Test func chineseMessagesUseWordsForStatesAndSteps() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.requestJSON(a.openListing.id))
            let id = try #require(try created.object()["id"] as? String)
            let response = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: a.secret(.resident))
            let detail = try response.object()["detail"] as? String ?? ""
            #expect(response.status == .forbidden || response.status == .conflict)
            #expect(!detail.contains(where: { $0.isASCII && $0.isLetter }), "\(detail)")
        }
    }
}
