import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// Notes 20–23 left open: an action taken through a token station staff issued for a resident
/// was audited as hers alone, though whoever saw the secret at the desk holds it. Each entry now
/// names the token the member acted through (`actor_token_id`, migration 0026).
@Suite struct AuditActorTokenHTTPTests {
    @Test func anEntryNamesTheTokenTheMemberActedThrough() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.member(.resident).id.rawValue
        try await fixture.run { client in
            let desk = try await client.call(.post, "/v1/members/\(resident)/tokens", token: a.secret(.stationStaff), json: #"{"note":"本人到站"}"#)
            let secret = try #require(try desk.object()["secret"] as? String)
            let tokenID = try #require((try desk.object()["token"] as? [String: Any])?["id"] as? String)
            let changed = try await client.call(
                .patch, "/v1/members/\(resident)", token: secret, json: #"{"display_name":"王秀英奶奶"}"#)
            #expect(changed.status == .ok, "\(String(buffer: changed.body))")
            let audit = try await client.call(.get, "/v1/audit?target_type=member&target_id=\(resident)&limit=100", token: a.secret(.admin))
            let items = try #require(try audit.object()["items"] as? [[String: Any]])
            let entry = try #require(items.last { $0["action"] as? String == "member.profile_updated" })
            #expect(entry["actor_id"] as? String == resident)
            #expect(entry["actor_token_id"] as? String == tokenID)
            let issued = try #require(items.last { $0["action"] as? String == "token.issued" })
            #expect(issued["actor_token_id"] is String, "the staff member's own token is named too")
        }
    }
}
