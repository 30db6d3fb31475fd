import Foundation
import HummingbirdTesting
import Testing
@testable import LinliAPI

/// Helper 188 #3: a moderator submitting her own listing was answered the review's moderators'
/// part (signals, with report clusters against her among them; priority), and could read her
/// own review by id with its claimant, though the queue hides it from her. The answer now shows
/// her what any owner sees, and the review by id is 403 to her; another moderator reads it all.
@Suite struct ModeratorOwnReviewHTTPTests {
    @Test func aModeratorSeesHerOwnReviewAsAnOwnerDoes() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let submitted = try await client.call(
                .post, "/v1/listings", token: a.secret(.moderator),
                json: #"{"direction":"offer","kind":"item","category":"books","title":"旧书一套","description":"全套，有意者加微信","declared_cost":"100","age_months":6,"condition":"good","submit":true}"#)
            #expect(submitted.status == .created, "\(String(buffer: submitted.body))")
            let review = try #require(try submitted.object()["review"] as? [String: Any], "\(String(buffer: submitted.body))")
            #expect(review["signals"] == nil && review["priority"] == nil, "\(review)")
            let id = try #require(review["id"] as? String)
            let own = try await client.call(.get, "/v1/reviews/\(id)", token: a.secret(.moderator))
            #expect(own.status == .forbidden)
            #expect(try own.object()["code"] as? String == "review.own_listing")
            let other = try await client.call(.get, "/v1/reviews/\(id)", token: a.secret(.admin))
            #expect(other.status == .ok, "\(String(buffer: other.body))")
            let signals = try #require((try other.object()["review"] as? [String: Any])?["signals"] as? [[String: Any]])
            #expect(signals.contains { $0["code"] as? String == "hotword" })
        }
    }
}
