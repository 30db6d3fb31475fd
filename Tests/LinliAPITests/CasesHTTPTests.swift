import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Report → case → claim → note → resolve → appeal → decision, over HTTP, and the tenant wall.
@Suite struct CasesHTTPTests {
    @Test func caseLifecycleOverHTTP() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let report = try await client.call(
                .post, "/v1/reports", token: a.secret(.organizer),
                json: #"{"target_type":"listing","target_id":"\#(a.listing.id)","category":"fake_listing","text":"照片是网图"}"#)
            #expect(report.status == .created)
            let caseID = try #require(try report.object()["case_id"] as? String)

            let unknownField = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"other","text":"x","urgent":true}"#)
            #expect(unknownField.status.code == 422 || unknownField.status == .badRequest)

            let moderator = a.secret(.moderator), admin = a.secret(.admin)
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: a.secret(.resident)).status == .forbidden)
            let list = try await client.call(.get, "/v1/cases", token: moderator).object()
            #expect((list["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [caseID])
            // The queue says what each case is about: its reports' count and categories.
            let row = try #require((list["items"] as? [[String: Any]])?.first)
            #expect(row["report_count"] as? Int == 1 && row["report_categories"] as? [String] == ["fake_listing"], "\(row)")
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: moderator).status == .ok)
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: admin).status == .conflict)
            let note = try await client.call(.post, "/v1/cases/\(caseID)/notes", token: moderator, json: #"{"text":"已电话联系"}"#)
            #expect(note.status == .created)
            let resolution = try await client.call(
                .post, "/v1/cases/\(caseID)/resolution", token: moderator,
                json: #"{"actions":[{"kind":"remove_listing"},{"kind":"deduct_credit"}],"reason":"描述不实"}"#)
            #expect(resolution.status == .ok)
            let resolved = try resolution.object()
            #expect((resolved["case"] as? [String: Any])?["outcome"] as? String == "upheld")
            let actions = try #require(resolved["actions"] as? [[String: Any]])
            #expect(actions.map { $0["kind"] as? String } == ["remove_listing", "deduct_credit"])
            let detail = try await client.call(.get, "/v1/cases/\(caseID)", token: admin).object()
            #expect((detail["notes"] as? [[String: Any]])?.first?["text"] as? String == "已电话联系")
            #expect((detail["reports"] as? [[String: Any]])?.count == 1)

            // The listing owner (the resident who posted it) appeals the strike; the admin decides.
            let actionID = try #require(actions.last?["id"] as? String)
            #expect(a.listing.ownerID == a.member(.resident).id)
            let owner = a.secret(.resident)
            let appeal = try await client.call(.post, "/v1/case-actions/\(actionID)/appeal", token: owner, json: #"{"text":"照片是我自己拍的"}"#)
            #expect(appeal.status == .created, "\(String(buffer: appeal.body))")
            let appealID = try #require(try appeal.object()["id"] as? String)
            // The queue shows it to moderators with its case and kind (session 17: it was on the
            // outbox only), and filing is audited.
            let queue = try await client.call(.get, "/v1/appeals", token: admin).object()
            let queued = try #require((queue["items"] as? [[String: Any]])?.first)
            #expect(queued["id"] as? String == appealID && queued["case_id"] as? String == caseID)
            #expect(queued["action_kind"] as? String == "deduct_credit" && queued["status"] as? String == "pending")
            #expect(try await client.call(.get, "/v1/appeals", token: owner).status == .forbidden)
            let filedAudit = try await client.call(.get, "/v1/audit?target_type=case_action&target_id=\(actionID)", token: admin).object()
            #expect((filedAudit["items"] as? [[String: Any]])?.contains { $0["action"] as? String == "appeal.filed" } == true, "\(filedAudit)")
            // The moderators' group is told by ids only (session 31: `appeal.filed` never reaches a group).
            let notice = try a.database.readSync { db in
                try String.fetchOne(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = 'appeal.needs_moderator'")
            }
            let noticePayload = try JSONSerialization.jsonObject(with: Data(try #require(notice).utf8)) as? [String: String]
            #expect(noticePayload == ["appeal_id": appealID, "case_id": caseID])
            let same = try await client.call(
                .post, "/v1/appeals/\(appealID)/decision", token: moderator, json: #"{"overturn":true,"reason":"x"}"#)
            #expect(same.status == .forbidden)
            #expect(try same.object()["code"] as? String == "appeal.same_moderator")
            let decided = try await client.call(
                .post, "/v1/appeals/\(appealID)/decision", token: admin, json: #"{"overturn":true,"reason":"证据不足"}"#)
            #expect(decided.status == .ok)
            #expect(try decided.object()["status"] as? String == "overturned")
            let pending = try await client.call(.get, "/v1/appeals", token: admin).object()
            #expect((pending["items"] as? [[String: Any]])?.isEmpty == true)
            let overturned = try await client.call(.get, "/v1/appeals?status=overturned", token: admin).object()
            #expect((overturned["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [appealID])

            let history = try await client.call(.get, "/v1/members/\(a.listing.ownerID)/trust-history", token: admin).object()
            #expect(history["strikes"] as? Int == 1, "remove_listing still counts; deduct_credit was overturned")
            let exchanges = try #require(history["exchanges"] as? [[String: Any]])
            #expect(exchanges.contains { $0["id"] as? String == a.exchange.id.rawValue }, "the member's exchanges are part of the history")
        }
    }

    @Test func anotherCommunitysCaseIsNotFound() async throws {
        let fixture = try APIFixture()
        let b = fixture.b
        let caseID = try await fixture.run { client in
            let report = try await client.call(
                .post, "/v1/reports", token: b.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(b.target.id)","category":"harassment","text":"x"}"#)
            return try #require(try report.object()["case_id"] as? String)
        }
        try await fixture.run { client in
            for (method, path) in [(HTTPRequest.Method.get, "/v1/cases/\(caseID)"), (.post, "/v1/cases/\(caseID)/claim")] {
                let response = try await client.call(method, path, token: fixture.a.secret(.admin))
                #expect(response.status == .notFound, "\(path)")
            }
            let reportOther = try await client.call(
                .post, "/v1/reports", token: fixture.a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(b.target.id)","category":"harassment","text":"x"}"#)
            // Another community's member names nobody here: the body's mistake, at its field.
            #expect(reportOther.status == .unprocessableContent)
            #expect(try (reportOther.object()["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/target_id")
        }
    }
}
