import Foundation
import HummingbirdTesting
import LinliDomain
import Testing
@testable import LinliAPI

/// An id in a request body that names nothing is 422 `field.not_found` at its field, as an
/// unknown agent or listing already was; a consent for an unknown resident, a report on an
/// unknown target and a compensation to an unknown victim answered 404 `member.not_found` (or
/// `listing.not_found`, `exchange.not_found`) with no pointer, as if the URL named nothing
/// (helper 185 #1).
@Suite struct BodyReferenceHTTPTests {
    static let nobody = "mem_01JZZZZZZZZZZZZZZZZZZZZZZZ"

    func expectField(_ answer: TestResponse, _ pointer: String, _ label: String) throws {
        #expect(answer.status == .unprocessableContent, "\(label): \(answer.status) \(String(buffer: answer.body))")
        let problem = try answer.object()
        #expect(problem["code"] as? String == "validation_failed", "\(label)")
        let issues = problem["errors"] as? [[String: Any]] ?? []
        #expect(issues.map { $0["pointer"] as? String } == [pointer], "\(label)")
        #expect(issues.first?["code"] as? String == "field.not_found", "\(label)")
    }

    @Test func anUnknownIdInABodyIsAFieldNotFound() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let staffID = a.member(.stationStaff).id.rawValue
        try await fixture.run { client in
            try expectField(
                try await client.call(
                    .post, "/v1/proxies", token: a.secret(.admin),
                    json: #"{"member_id":"\#(Self.nobody)","agent_id":"\#(staffID)","note":"代办授权书"}"#),
                "/member_id", "consent for nobody")
            for (type, id) in [("member", Self.nobody), ("listing", "lst_01JZZZZZZZZZZZZZZZZZZZZZZZ"), ("exchange", "exc_01JZZZZZZZZZZZZZZZZZZZZZZZ")] {
                try expectField(
                    try await client.call(
                        .post, "/v1/reports", token: a.secret(.resident),
                        json: #"{"target_type":"\#(type)","target_id":"\#(id)","category":"harassment","text":"在楼道里推搡我"}"#),
                    "/target_id", "report on an unknown \(type)")
            }

            let report = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"harassment","text":"在楼道里推搡我"}"#)
            let caseID = try #require(try report.object()["case_id"] as? String)
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: a.secret(.moderator)).status == .ok)
            try expectField(
                try await client.call(
                    .post, "/v1/cases/\(caseID)/resolution", token: a.secret(.moderator),
                    json: #"{"actions":[{"kind":"compensate","victim_id":"\#(Self.nobody)","points":5}],"reason":"属实，赔偿受害方"}"#),
                "/actions/0/victim_id", "compensation to nobody")
        }
    }
}
