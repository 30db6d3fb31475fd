import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LinliAPI

/// Helper 137 #10, over HTTP: the review of a resubmitted listing shows what was asked last time,
/// in the moderator's words, what the owner changed, and what she asked for that is unchanged.
@Suite struct ReviewPreviousRoundHTTPTests {
    @Test func theModeratorSeesWhatWasAskedAndWhatChanged() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let resident = a.secret(.resident), moderator = a.secret(.moderator)
            let body = #"{"direction":"offer","kind":"item","category":"kids_items","title":"婴儿推车","description":"折叠方便","declared_cost":"300","age_months":13,"condition":"good","submit":true}"#
            let created = try await client.call(.post, "/v1/listings", token: resident, json: body).object()
            let listingID = try #require((created["listing"] as? [String: Any])?["id"] as? String)
            let first = try #require((created["review"] as? [String: Any])?["id"] as? String)
            let fresh = try await client.call(.get, "/v1/reviews/\(first)", token: moderator).object()
            #expect(fresh["previous_round"] == nil, "a first submission has no round before")
            #expect(try await client.call(.post, "/v1/reviews/\(first)/claim", token: moderator).status == .ok)
            let sentBack = try await client.call(
                .post, "/v1/reviews/\(first)/decision", token: moderator,
                json: #"{"decision":"request_changes","message":"请补充照片，写明成色","fields":["photos","description"]}"#)
            #expect(sentBack.status == .ok, "\(String(buffer: sentBack.body))")
            let changed = #"{"direction":"offer","kind":"item","category":"kids_items","title":"婴儿推车","description":"折叠方便，轮子完好，九成新","declared_cost":"300","age_months":13,"condition":"good"}"#
            let put = try await client.call(.put, "/v1/listings/\(listingID)", token: resident, json: changed)
            #expect(put.status == .ok, "\(String(buffer: put.body))")
            let submitted = try await client.call(.post, "/v1/listings/\(listingID)/submit", token: resident).object()
            let second = try #require((submitted["review"] as? [String: Any])?["id"] as? String)

            let detail = try await client.call(.get, "/v1/reviews/\(second)", token: moderator, headers: [.acceptLanguage: "zh-CN"])
            let round = try #require(try detail.object()["previous_round"] as? [String: Any])
            #expect(round["review_id"] as? String == first)
            #expect(round["decision"] as? String == "request_changes")
            #expect(round["message"] as? String == "请补充照片，写明成色")
            #expect(round["requested_fields"] as? [String] == ["photos", "description"])
            #expect(round["requested_field_labels"] as? [String] == ["照片", "描述"])
            #expect(round["changed_fields"] as? [String] == ["description"])
            #expect(round["requested_not_changed"] as? [String] == ["photos"])
            #expect(round["decided_by"] as? String == a.member(.moderator).id.rawValue)

            let checker = OpenAPIContractTests.Checker(shapes: try OpenAPIShapes())
            let schema = try #require(checker.responseSchema("GET", "/v1/reviews/{id}", status: 200))
            let value = try JSONDecoder().decode(OpenAPIContractTests.JSON.self, from: Data(buffer: detail.body))
            #expect(checker.problems(value, schema, at: "GET /v1/reviews/{id} ").isEmpty)
        }
    }
}
