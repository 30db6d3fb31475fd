import Foundation
import LinliStore
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// A token of community A must never see or touch community B: every registered route that takes
/// an id answers 404 for B's objects, even for A's admin. The route list comes from the router,
/// so a new route is covered (or this test fails until it says which id it takes).
@Suite struct TenantIsolationTests {
    /// The id of B's object for a path, by the collection that precedes `{id}`.
    static func foreignID(for path: String, in b: SeededCommunity) -> String? {
        if path.hasPrefix("/v1/communities/{id}") { return b.community.id.rawValue }
        if path.hasPrefix("/v1/households/{id}") { return b.household.id.rawValue }
        if path.hasPrefix("/v1/members/{id}") { return b.target.id.rawValue }
        if path.hasPrefix("/v1/tokens/{id}") { return b.targetToken.token.id.rawValue }
        if path.hasPrefix("/v1/rules/{id}") { return b.ruleSet.id.rawValue }
        if path.hasPrefix("/v1/webhooks/endpoints/{id}") { return b.endpoint.rawValue }
        if path.hasPrefix("/v1/webhooks/messages/{id}") { return "msg_00000000000000000000000000" }
        if path.hasPrefix("/v1/ledger/transfers/{id}") { return "trf_00000000000000000000000000" }
        if path.hasPrefix("/v1/listings/{id}") { return b.listing.id.rawValue }
        if path.hasPrefix("/v1/reviews/{id}") { return b.review.id.rawValue }
        if path.hasPrefix("/v1/photos/{id}") { return b.photo }
        // Trust: B's real case is checked in TrustHTTPTests; these ids exist in neither community.
        if path.hasPrefix("/v1/cases/{id}") { return "cas_00000000000000000000000000" }
        if path.hasPrefix("/v1/case-actions/{id}") { return "act_00000000000000000000000000" }
        if path.hasPrefix("/v1/appeals/{id}") { return "apl_00000000000000000000000000" }
        if path.hasPrefix("/v1/fraud-signals/{id}") { return "sig_00000000000000000000000000" }
        if path.hasPrefix("/v1/exchanges/{id}") { return b.exchange.id.rawValue }
        if path.hasPrefix("/v1/ratings/{id}") { return "rat_00000000000000000000000000" }
        if path.hasPrefix("/v1/notifications/{id}") { return "ntf_00000000000000000000000000" }
        if path.hasPrefix("/v1/events/{id}") { return b.event.id.rawValue }
        if path.hasPrefix("/v1/event-registrations/{id}") { return b.registration.id.rawValue }
        if path.hasPrefix("/v1/proxies/{id}") { return b.proxy.id.rawValue }
        return nil
    }

    static let bodies: [String: String] = [
        "/v1/communities/{id}": #"{"name":"x"}"#,
        "/v1/households/{id}": #"{"name":"x"}"#,
        "/v1/members/{id}": #"{"display_name":"x"}"#,
        "/v1/members/{id}/role": #"{"role":"organizer"}"#,
        "/v1/members/{id}/verification": #"{"verified":true,"reason":"x"}"#,
        "/v1/members/{id}/status": #"{"status":"suspended","reason":"x"}"#,
        "/v1/members/{id}/tokens": "{}",
        "/v1/ledger/transfers/{id}/reversal": #"{"reason":"x"}"#,
        "/v1/webhooks/endpoints/{id}/recover": #"{"since":"2026-01-01T00:00:00Z"}"#,
        "/v1/rules/{id}/explain": #"{"kind":"item","category":"household","declared_cost":"100","condition":"good","age_months":3}"#,
        "/v1/listings/{id}": ListingFixtures.itemJSON,
        "/v1/listings/{id}/remove": #"{"reason_code":"other","message":"x"}"#,
        "/v1/listings/{id}/reinstate": #"{"message":"x"}"#,
        "/v1/reviews/{id}/decision": #"{"decision":"approve"}"#,
        "/v1/reviews/{id}/valuation-correction": #"{"declared_cost":"1","reason":"x"}"#,
        "/v1/cases/{id}/notes": #"{"text":"x"}"#,
        "/v1/cases/{id}/resolution": #"{"actions":[{"kind":"warn"}],"reason":"x"}"#,
        "/v1/case-actions/{id}/appeal": #"{"text":"x"}"#,
        "/v1/appeals/{id}/decision": #"{"overturn":true,"reason":"x"}"#,
        "/v1/fraud-signals/{id}/dismissal": #"{"reason":"x"}"#,
        "/v1/exchanges/{id}/dispute": #"{"reason":"x"}"#,
        "/v1/exchanges/{id}/rating": #"{"stars":5}"#,
        "/v1/ratings/{id}/hide-comment": #"{"reason":"x"}"#,
        "/v1/ratings/{id}/show-comment": #"{"reason":"x"}"#,
        "/v1/exchanges/{id}/resolve": #"{"outcome":"refund","note":"x"}"#,
        "/v1/exchanges/{id}/withdraw-dispute": #"{"reason":"x"}"#,
        "/v1/exchanges/{id}/report-minutes": #"{"minutes":60}"#,
        "/v1/exchanges/{id}/contest-no-show": #"{"reason":"x"}"#,
        "/v1/exchanges/{id}/decide-contest": #"{"outcome":"overturned","note":"x"}"#,
        "/v1/events/{id}": #"{"title":"x"}"#,
        "/v1/events/{id}/cancel": #"{"reason":"x"}"#,
        "/v1/events/{id}/close-registration": #"{"reason":"x"}"#,
    ]

    @Test func everyRouteWithAnIdAnswers404ForAnotherCommunity() async throws {
        let fixture = try APIFixture()
        let routes = fixture.router.routes.filter { $0.path.description.contains("{id}") }
        #expect(routes.count >= 10)
        for route in routes {
            let template = route.path.description
            let method = route.method
            let id = try #require(Self.foreignID(for: template, in: fixture.b), "no foreign id known for \(template)")
            let path = template.replacingOccurrences(of: "{id}", with: id)
            let body = [.get, .delete].contains(method) ? nil : (Self.bodies[template] ?? "{}")
            let response = try await fixture.run { client in
                try await client.call(method, path, token: fixture.a.secret(.admin), json: body)
            }
            #expect(response.status == .notFound, "\(method) \(template) → \(response.status)")
        }
        // And nothing in B changed.
        let b = fixture.b
        let target = try fixture.environment.database.readSync { db in
            try LinliStore.MemberCommands.fetch(db, community: b.community.id, id: b.target.id)
        }
        #expect(target.version == b.target.version)
        let bAdmin = Principal(
            communityID: b.community.id, memberID: b.member(.admin).id, role: .admin, tokenID: b.targetToken.token.id)
        let listing = try fixture.environment.database.readSync { db in
            try LinliStore.ListingQueries.fetch(db, principal: bAdmin, id: b.listing.id)
        }
        #expect(listing.version == b.listing.version)
        #expect(listing.status == .published)
        let exchange = try fixture.environment.database.readSync { db in
            try LinliStore.ExchangeQueries.fetch(db, principal: bAdmin, id: b.exchange.id)
        }
        #expect(exchange.version == b.exchange.version && exchange.state == .disputed)
    }

    @Test func listsNeverShowAnotherCommunitysObjects() async throws {
        let fixture = try APIFixture()
        let ids = try await fixture.run { client in
            let members = try await client.call(.get, "/v1/members?limit=100", token: fixture.a.secret(.admin)).object()
            let households = try await client.call(.get, "/v1/households?limit=100", token: fixture.a.secret(.admin)).object()
            let audit = try await client.call(.get, "/v1/audit?limit=100", token: fixture.a.secret(.admin)).object()
            let listings = try await client.call(.get, "/v1/listings?limit=100", token: fixture.a.secret(.admin)).object()
            let reviews = try await client.call(.get, "/v1/reviews?limit=100", token: fixture.a.secret(.admin)).object()
            let exchanges = try await client.call(.get, "/v1/exchanges?limit=100", token: fixture.a.secret(.admin)).object()
            return [members, households, audit, listings, reviews, exchanges].flatMap { ($0["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
                + ((audit["items"] as? [[String: Any]]) ?? []).compactMap { $0["target_id"] as? String }
        }
        #expect(!ids.isEmpty)
        let foreign = Set([
            fixture.b.community.id.rawValue, fixture.b.household.id.rawValue, fixture.b.target.id.rawValue,
            fixture.b.listing.id.rawValue, fixture.b.pendingListing.id.rawValue, fixture.b.review.id.rawValue,
            fixture.b.exchange.id.rawValue, fixture.b.openListing.id.rawValue,
        ]).union(fixture.b.logins.values.map { $0.member.id.rawValue })
        #expect(Set(ids).isDisjoint(with: foreign))
    }
}
