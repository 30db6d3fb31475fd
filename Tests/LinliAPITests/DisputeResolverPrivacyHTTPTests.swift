import Foundation
import HummingbirdTesting
import LinliDomain
import Testing

/// Helper 118: the parties to a dispute read `dispute.resolved_by`, the moderator who decided it,
/// while a listing's owner is not told which moderator reviewed it (`ListingHistoryRedaction`).
/// Staff who resolve disputes still see it.
@Suite struct DisputeResolverPrivacyHTTPTests {
    @Test func thePartiesAreNotToldWhichModeratorDecided() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let resolved = try await client.call(
                .post, "/v1/exchanges/\(a.exchange.id)/resolve", token: moderator,
                json: #"{"outcome":"compensate","compensation_points":2,"note":"漏水轻微，补偿 2 分"}"#)
            #expect(resolved.status == .ok, "\(String(buffer: resolved.body))")
            #expect((try resolved.object()["dispute"] as? [String: Any])?["resolved_by"] as? String == a.member(.moderator).id.rawValue)
            for token in [a.secret(.resident), a.targetToken.secret] {
                let read = try await client.call(.get, "/v1/exchanges/\(a.exchange.id)", token: token).object()
                let dispute = try #require(read["dispute"] as? [String: Any])
                #expect(dispute["resolution"] as? String == "compensate" && dispute["note"] as? String == "漏水轻微，补偿 2 分")
                #expect(dispute["resolved_by"] == nil, "\(dispute)")
            }
            // Nor through the listing's history, where resolving completed or released the
            // listing in the moderator's name (helper 155 #2).
            let moderatorID = a.member(.moderator).id.rawValue
            let steps = try await client.call(.get, "/v1/exchanges/\(a.exchange.id)", token: moderator).object()
            let listing = try #require(steps["listing_id"] as? String)
            let history = try await client.call(.get, "/v1/listings/\(listing)/history", token: a.targetToken.secret)
            #expect(history.status == .ok, "\(String(buffer: history.body))")
            let items = try #require(try history.object()["items"] as? [[String: Any]])
            #expect(!items.isEmpty && !items.contains { $0["actor_id"] as? String == moderatorID }, "\(items.map { ($0["action"] ?? "", $0["actor_id"] ?? "") })")
            let asModerator = try await client.call(.get, "/v1/listings/\(listing)/history", token: moderator).object()
            #expect((asModerator["items"] as? [[String: Any]])?.contains { $0["actor_id"] as? String == moderatorID } == true, "moderators still see who")
        }
    }
}
