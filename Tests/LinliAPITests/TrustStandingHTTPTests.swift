import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
@testable import LinliStore
import Testing

/// Trust defects found by review 8b, seen over HTTP: each test failed on the code it was written
/// against, for the reason its comment gives (the comments say what users saw before the fix).
@Suite struct TrustStandingHTTPTests {
    /// Resident reports the target; the moderator claims and resolves the case with `actionJSON`.
    /// Returns the action's id.
    /// A ban is an admin's (a moderator's sanctions are bounded by `moderation.max_suspension_days`).
    static func resolveCaseAgainstTarget(_ client: any TestClientProtocol, _ a: SeededCommunity, actionJSON: String) async throws -> String {
        let judge: Role = actionJSON.contains(#""ban""#) ? .admin : .moderator
        let report = try await client.call(
            .post, "/v1/reports", token: a.secret(.resident),
            json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"harassment","text":"深夜多次敲门骚扰"}"#)
        #expect(report.status == .created)
        let caseID = try #require(try report.object()["case_id"] as? String)
        #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: a.secret(judge)).status == .ok)
        let resolution = try await client.call(
            .post, "/v1/cases/\(caseID)/resolution", token: a.secret(judge),
            json: #"{"actions":[\#(actionJSON)],"reason":"邻居反映属实"}"#)
        #expect(resolution.status == .ok, "\(String(buffer: resolution.body))")
        let actions = try #require(try resolution.object()["actions"] as? [[String: Any]])
        return try #require(actions.first?["id"] as? String)
    }

    /// A member suspended (or banned) by a case resolution is told in their inbox "you may appeal
    /// within the appeal window", and `POST /v1/case-actions/{id}/appeal` is documented for "the
    /// member the action was taken against". But the auth middleware refuses every request of a
    /// suspended or banned member (403 `auth.member_inactive`), so the appeal can never be filed:
    /// a ban is unappealable, and a suspension longer than `appeal_window_days` too (for a shorter
    /// one the appeal only becomes possible once it no longer matters). The appeal route (and the
    /// inbox that tells them about it) should stay open to an inactive member for their own actions.
    @Test(arguments: [#"{"kind":"suspend","days":7}"#, #"{"kind":"ban"}"#])
    func suspendedOrBannedMemberAppealsTheActionAgainstThem(actionJSON: String) async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let actionID = try await Self.resolveCaseAgainstTarget(client, a, actionJSON: actionJSON)
            let appeal = try await client.call(
                .post, "/v1/case-actions/\(actionID)/appeal", token: a.targetToken.secret, json: #"{"text":"我没有骚扰任何人，请复核"}"#)
            #expect(appeal.status == .created, "\(appeal.status): \(String(buffer: appeal.body))")
        }
    }

    /// Fraud signals about a moderator (here a ring of payments moderator → organizer → target →
    /// moderator) are listed to that same moderator, who can dismiss them with any reason: the
    /// evidence is then remembered as dismissed and never fires again, and their pressure drops.
    /// The README gives these routes to moderators "not their own case"; dismissing a signal about
    /// oneself should be refused (403 `case.own`, as claiming or noting a case about oneself is).
    @Test func moderatorCannotDismissAFraudSignalAboutThemselves() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let members = [a.member(.moderator).id, a.member(.organizer).id, a.target.id]
        let actor = AuditActor(memberID: members[0], label: nil, onBehalfOf: nil, requestID: "req-review8b")
        try fixture.environment.store.transactionSync { tx in
            for index in 0..<3 {
                _ = try LedgerSettlementCommands.payExchange(
                    tx, community: a.community.id, payer: members[index], payee: members[(index + 1) % 3], points: 20, minutes: nil,
                    reason: "交换", reference: nil, idempotencyKey: "review8b-ring-\(index)", actor: actor, limits: .standard)
            }
            _ = try FraudReportCommands.publish(tx, community: a.community.id, period: 7 * 86_400, rules: ActiveRules())
        }
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let open = try await client.call(.get, "/v1/fraud-signals", token: moderator).object()
            let items = try #require(open["items"] as? [[String: Any]])
            let own = try #require(
                items.first { ($0["subjects"] as? [String])?.contains(a.member(.moderator).id.rawValue) == true },
                "a stored signal names the moderator")
            let id = try #require(own["id"] as? String)
            let dismissal = try await client.call(
                .post, "/v1/fraud-signals/\(id)/dismissal", token: moderator, json: #"{"reason":"都是邻居互相帮忙"}"#)
            #expect(dismissal.status == .forbidden, "a moderator dismissed a signal about themselves: \(dismissal.status)")
            #expect(try dismissal.object()["code"] as? String == "case.own")
        }
    }

    /// A resident reports the moderator; an admin notes privately who complained. The reported
    /// moderator opens `GET /v1/cases/{id}` (and `GET /v1/members/{self}/trust-history`) and reads
    /// every report about them with the reporter's member id and text, and the other moderators'
    /// private notes: the reporter is exposed to the person they complained about. The README
    /// gives these routes to moderators "not their own case" (`case.own`, "Moderators do not handle
    /// cases about themselves"); both reads should be refused with 403 `case.own`.
    @Test func moderatorCannotReadACaseAboutThemselves() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let moderatorID = a.member(.moderator).id
        try await fixture.run { client in
            let report = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(moderatorID)","category":"harassment","text":"审核员借审核之名刁难我"}"#)
            #expect(report.status == .created)
            let caseID = try #require(try report.object()["case_id"] as? String)
            let note = try await client.call(
                .post, "/v1/cases/\(caseID)/notes", token: a.secret(.admin), json: #"{"text":"举报人要求对被举报人保密"}"#)
            #expect(note.status == .created)

            let detail = try await client.call(.get, "/v1/cases/\(caseID)", token: a.secret(.moderator))
            #expect(detail.status == .forbidden, "the reported moderator read their own case: \(String(buffer: detail.body))")
            let history = try await client.call(.get, "/v1/members/\(moderatorID)/trust-history", token: a.secret(.moderator))
            #expect(history.status == .forbidden, "the reported moderator read who reported them: \(String(buffer: history.body))")
        }
    }

    /// WeCom group robots have no "加签" signing (ChatOptions documents `signing_secret` as the
    /// DingTalk / Feishu secret), and standard endpoints have no chat options at all. Yet
    /// `POST /v1/webhooks/endpoints` accepts a WeCom endpoint with a `signing_secret` (201, and the
    /// answer even shows it masked, so the organizer believes messages are signed, while they are
    /// never signed), and a standard endpoint with a `chat` object that is silently dropped.
    /// Options that cannot apply to the format should be refused with 422 `validation_failed`
    /// pointing at the field, as other format mismatches (a chat style a platform lacks) are.
    @Test(arguments: [
        #"{"url":"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef123456","format":"wecom","events":["listing.*"],"chat":{"signing_secret":"SECabcdef123456"}}"#,
        #"{"url":"https://hooks.example.org/review8b","format":"standard","events":["listing.*"],"chat":{"style":"markdown","signing_secret":"SECabcdef123456"}}"#,
    ])
    func endpointOptionsThatCannotApplyToTheFormatAreRefused(body: String) async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/webhooks/endpoints", token: fixture.a.secret(.admin), json: body)
            #expect(created.status.code == 422, "\(created.status): \(String(buffer: created.body))")
        }
    }
}
