import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliAPI
import LinliDomain
import Testing

/// Every `/v1` endpoint refuses a query parameter it does not take (`QueryNamesMiddleware`,
/// helper 145 #5): a misspelt filter no longer answers as if it had worked.
@Suite struct QueryNamesTests {
    /// Each route, with a misspelt parameter: 400, `query.unknown` naming the ones it takes, or
    /// `query.none_taken` where it takes none; nothing is done (the check comes before the body).
    @Test func everyRouteRefusesAParameterItDoesNotTake() async throws {
        let fixture = try APIFixture()
        let taken = try OpenAPIDocument.shipped.queryParameters()
        let routes = fixture.router.routes.filter { $0.path.description.hasPrefix("/v1/") }
        #expect(routes.count >= 50)
        let id = fixture.a.listing.id.rawValue
        for route in routes {
            let template = route.path.description
            let path = template.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{name}", with: "x")
            let method = route.method
            let response = try await fixture.run { client in
                try await client.call(method, path + "?categroy=repair", token: fixture.a.secret(.admin), json: method == .get ? nil : "{}")
            }
            let known = try #require(taken["\(route.method.rawValue) \(template)"], "\(route.method) \(template) is not in the document")
            #expect(response.status == .badRequest, "\(route.method) \(template) → \(response.status)")
            let problem = try response.object()
            #expect(problem["code"] as? String == (known.isEmpty ? "query.none_taken" : "query.unknown"), "\(route.method) \(template)")
            if !known.isEmpty {
                #expect((problem["parameters"] as? [String: Any])?["known"] as? String == known.sorted().joined(separator: ", "))
            }
        }
    }

    /// The names a route takes pass, by reference to a shared parameter (`limit`) or its own.
    @Test func theNamesARouteTakesPass() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let listed = try await client.call(.get, "/v1/listings?limit=2&kind=item", token: fixture.a.secret(.admin))
            #expect(listed.status == .ok)
            let misspelt = try await client.call(.get, "/v1/listings?limt=2", token: fixture.a.secret(.admin), headers: [.acceptLanguage: "zh-CN"])
            #expect(misspelt.status == .badRequest)
            let problem = try misspelt.object()
            #expect((problem["detail"] as? String)?.contains("limt") == true && (problem["detail"] as? String)?.contains("limit") == true)
            // HEAD takes what GET takes.
            #expect(try await client.call(.head, "/v1/listings?limit=2", token: fixture.a.secret(.admin)).status == .ok)
            #expect(try await client.call(.head, "/v1/listings?limt=2", token: fixture.a.secret(.admin)).status == .badRequest)
        }
    }
}
