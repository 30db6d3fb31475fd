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
        }
    }
}
