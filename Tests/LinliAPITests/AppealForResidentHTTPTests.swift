import Foundation
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import Testing

/// Helper 140 #7 over HTTP: the desk finds what a suspended resident may appeal and writes her
/// appeal with a note; she reads her own list while suspended.
@Suite struct AppealForResidentHTTPTests {
    @Test func theDeskFindsAndFilesHerAppeal() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let actionID = try await TrustStandingHTTPTests.resolveCaseAgainstTarget(client, a, actionJSON: #"{"kind":"suspend","days":7}"#)
            let path = "/v1/members/\(a.target.id)/appealable-actions"
            // The seeded staff member lives with the resident who reported her: the action of that
            // case is not theirs to read (helper 176 #1: it was, with the penalty and the
            // moderator's words); someone else at the desk reads it.
            let reporterSide = try await client.call(.get, path, token: a.secret(.stationStaff))
            #expect(reporterSide.status == .ok)
            #expect((try reporterSide.object()["items"] as? [Any])?.isEmpty == true, "\(String(buffer: reporterSide.body))")
            let registered = try await client.call(
                .post, "/v1/members", token: a.secret(.admin), json: #"{"display_name":"李社工","role":"station_staff"}"#)
            let deskID = try #require(try registered.object()["id"] as? String)
            let issued = try await client.call(.post, "/v1/members/\(deskID)/tokens", token: a.secret(.admin), json: #"{"note":"新入职，本人领取"}"#)
            let desk = try #require(try issued.object()["secret"] as? String)
            let listed = try await client.call(.get, path, token: desk)
            #expect(listed.status == .ok, "\(String(buffer: listed.body))")
            let items = try #require(try listed.object()["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [actionID])
            #expect(items.first?["kind"] as? String == "suspend" && items.first?["days"] as? Int == 7)
            #expect(items.first?["reason"] as? String == "邻居反映属实" && items.first?["appeal_until"] != nil)
            #expect(items.first?["taken_by"] == nil, "who took it is left out, as on her notice")
            let reads = try fixture.environment.database.readSync { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM audit_entries WHERE action = 'appeal.actions_read' AND target_id = ? AND actor_id = ?",
                    arguments: [a.target.id.rawValue, deskID])
            }
            #expect(reads == 1, "the desk's read of her record is on record")
            // Her own list, while suspended; not a neighbour's to read.
            #expect(try await client.call(.get, path, token: a.targetToken.secret).status == .ok)
            let neighbour = try await client.call(.get, path, token: a.secret(.resident))
            let neighbourCode = try neighbour.object()["code"] as? String
            #expect(neighbour.status == .forbidden && neighbourCode == "appeal.not_appellant")

            let appealPath = "/v1/case-actions/\(actionID)/appeal"
            // The seeded staff member lives with the resident who reported her (and is named in a
            // consent she withdrew): someone else at the desk writes it.
            let withdrawn = try await client.call(
                .post, appealPath, token: a.secret(.stationStaff), json: #"{"text":"那天她在医院","note":"本人到站口述"}"#)
            let withdrawnCode = try withdrawn.object()["code"] as? String
            #expect(withdrawn.status == .forbidden && withdrawnCode == "appeal.desk_reported", "\(String(buffer: withdrawn.body))")
            let bare = try await client.call(.post, appealPath, token: desk, json: #"{"text":"那天她在医院"}"#)
            #expect(bare.status == .unprocessableContent, "\(String(buffer: bare.body))")
            let issues = try #require(try bare.object()["errors"] as? [[String: Any]])
            #expect(issues.first?["pointer"] as? String == "/note")
            #expect(issues.first?["detail"] as? String == "代居民申诉须填写依据（如“本人到站口述，已核对身份”）：每项处理只能申诉一次，会告知本人")
            let filed = try await client.call(.post, appealPath, token: desk, json: #"{"text":"那天她在医院","note":"本人到站口述"}"#)
            #expect(filed.status == .created, "\(String(buffer: filed.body))")
            #expect(try filed.object()["appellant_id"] as? String == a.target.id.rawValue)
            #expect(try filed.object()["filed_by"] as? String == deskID)
            let after = try await client.call(.get, path, token: a.targetToken.secret)
            let left = try after.object()["items"] as? [Any]
            #expect(left?.isEmpty == true, "her one appeal is spent")
        }
    }
}
