import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// `GET /v1/listings/{id}/bookings` over HTTP (session 20): a neighbour sees when a repeatable
/// offer is taken, without names or exchange ids, and a request for a taken hour is refused at
/// once, naming its local times.
@Suite struct ListingBookingsHTTPTests {
    @Test func aNeighbourSeesWhenAWeeklyOfferIsTaken() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.secret(.resident), target = a.targetToken.secret, organizer = a.secret(.organizer)
        try await fixture.run { client in
            let body = #"{"direction":"offer","kind":"time","category":"errands","title":"陪同就医","description":"周二上午","area":"南门","availability":[{"weekday":2,"from":"09:00","to":"11:00"}],"duration_minutes":60,"intensity":"light","submit":true}"#
            let posted = try await client.call(.post, "/v1/listings", token: target, json: body)
            let listing = try #require(try posted.object()["listing"] as? [String: Any])
            #expect(listing["repeatable"] as? Bool == true)
            let review = try #require((try posted.object()["review"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.post, "/v1/reviews/\(review)/claim", token: a.secret(.moderator)).status == .ok)
            #expect(try await client.call(
                .post, "/v1/reviews/\(review)/decision", token: a.secret(.moderator), json: #"{"decision":"approve"}"#).status == .ok)
            let listingID = ListingID(trusted: try #require(listing["id"] as? String))
            let created = try await client.call(.post, "/v1/exchanges", token: resident, json: ExchangeFixtures.requestJSON(listingID))
            let exchangeID = try #require(try created.object()["id"] as? String)
            #expect(try await client.call(.post, "/v1/exchanges/\(exchangeID)/accept", token: target).status == .ok)

            let bookings = try await client.call(.get, "/v1/listings/\(listingID)/bookings", token: organizer)
            #expect(bookings.status == .ok)
            let read = try bookings.object()
            #expect(read["repeatable"] as? Bool == true)
            let items = try #require(read["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["state"] == nil, "whether a booking is disputed is the two sides' business")
            #expect(items.first?["exchange_id"] == nil && !String(buffer: bookings.body).contains(exchangeID))
            #expect(try await client.call(.get, "/v1/listings/\(listingID)/bookings", token: target).status == .ok)

            // The same hour asked for by another neighbour: refused at once, in local time.
            let again = try await client.call(
                .post, "/v1/exchanges", token: organizer, json: ExchangeFixtures.requestJSON(listingID), headers: [.acceptLanguage: "zh-CN"])
            #expect(again.status == .conflict)
            let problem = try again.object()
            #expect(problem["code"] as? String == "exchange.slot_taken")
            #expect((problem["detail"] as? String)?.contains("年") == true)
            #expect((problem["parameters"] as? [String: Any])?["exchange_id"] == nil)
        }
    }
}
