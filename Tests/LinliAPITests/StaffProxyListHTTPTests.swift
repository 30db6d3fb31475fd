import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliAPI
import LinliApp
import LinliDomain
import LinliStore
import LinliTestSupport
import Testing

@Suite struct StaffProxyListHTTPTests {
    /// Station staff post a listing for a resident (`owner_id`) and then act for that owner on its
    /// exchanges (README: accept/decline "the owner … staff acting for them"; `ExchangeAccess`
    /// resolves the listing's creator as the owner's proxy). But `GET /v1/exchanges` lists only
    /// rows where the staff member is requester, owner or `created_by`, so a neighbour's request
    /// on the resident's listing never shows up in the staff member's list: the staff member can
    /// accept it only if they somehow already know its id (the resident, who has no phone, gets
    /// the inbox message nobody reads). Now: the list omits it, although `GET /v1/exchanges/{id}`
    /// answers 200 for the same staff member. Should: an exchange the principal may act in as proxy
    /// appears in their list, as the doc comment "those they registered for a resident" promises.
    @Test func staffProxyForListingOwnerFindsRequestsOnTheListingTheyManage() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let staff = a.member(.stationStaff), moderator = a.member(.moderator)
        let listing = try fixture.environment.store.transactionSync { tx -> Listing in
            let staffPrincipal = Principal(communityID: a.community.id, memberID: staff.id, role: .stationStaff, tokenID: a.targetToken.token.id)
            let moderatorPrincipal = Principal(communityID: a.community.id, memberID: moderator.id, role: .moderator, tokenID: a.targetToken.token.id)
            let services = fixture.environment.listings
            let change = try ListingCommands.create(
                tx, principal: staffPrincipal,
                input: ListingInput(content: ListingFixtures.item("代登记的轮椅"), ownerID: a.target.id, submit: true),
                services: services, actor: .member(staffPrincipal, requestID: nil))
            _ = try ReviewCommands.claim(
                tx, principal: moderatorPrincipal, id: change.review!.id, expectedVersion: nil, services: services,
                actor: .member(moderatorPrincipal, requestID: nil))
            return try ReviewCommands.decide(
                tx, principal: moderatorPrincipal, id: change.review!.id, decision: ReviewDecision(decision: .approve),
                expectedVersion: nil, services: services, actor: .member(moderatorPrincipal, requestID: nil)).listing
        }
        // The fixture's staff member lives with the resident who makes the request: on a housemate's
        // side staff do not act in what they registered (`ExchangeAccess.mayActAsRegistered`), so
        // they move out.
        try fixture.environment.store.transactionSync { tx in
            try tx.db.execute(sql: "UPDATE members SET household_id = NULL WHERE id = ?", arguments: [staff.id.rawValue])
        }
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.requestJSON(listing.id))
            #expect(created.status == .created)
            let id = try #require(try created.object()["id"] as? String)
            // The staff member is the owner's proxy on it: they may read it.
            let single = try await client.call(.get, "/v1/exchanges/\(id)", token: a.secret(.stationStaff))
            #expect(single.status == .ok)
            // …but cannot find it in their list.
            let list = try await client.call(.get, "/v1/exchanges?state=requested", token: a.secret(.stationStaff))
            #expect(list.status == .ok)
            let body = try list.object()
            let items = (body["items"] as? [[String: Any]]) ?? []
            let ids = items.compactMap { $0["id"] as? String }
            #expect(ids.contains(id), "staff proxy for the listing owner does not see the request in GET /v1/exchanges: \(String(buffer: list.body))")
        }
    }
}
