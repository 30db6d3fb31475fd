import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// The credit score and fraud report endpoints over HTTP, against a real database whose ledger
/// holds a ring of exchange payments in community A only.
@Suite struct TrustHTTPTests {
    /// admin → moderator → target → admin of community A, one day apart in the store's clock.
    static func plantRing(_ fixture: APIFixture) throws -> [String] {
        let a = fixture.a
        let members = [a.member(.admin).id, a.member(.organizer).id, a.target.id]
        let actor = AuditActor(memberID: members[0], label: nil, onBehalfOf: nil, requestID: "req-trust")
        return try fixture.environment.store.transactionSync { tx in
            try (0..<3).map { index in
                try LedgerSettlementCommands.payExchange(
                    tx, community: a.community.id, payer: members[index], payee: members[(index + 1) % 3], points: 20, minutes: nil,
                    reason: "交换", reference: nil, idempotencyKey: "ring-\(index)", actor: actor, limits: .standard
                ).transfer.id.rawValue
            }
        }
    }

    @Test func fraudReportFindsTheRingInJSONAndMarkdown() async throws {
        let fixture = try APIFixture()
        let transfers = try Self.plantRing(fixture)
        let a = fixture.a
        try await fixture.run { client in
            let token = a.secret(.moderator)
            let json = try await client.call(.get, "/v1/communities/\(a.community.id)/fraud-report?since=1d&lang=en", token: token)
            #expect(json.status == .ok)
            let object = try json.object()
            #expect(object["language"] as? String == "en")
            let rings = try #require(object["rings"] as? [[String: Any]])
            #expect(rings.count == 1)
            let evidence = try #require(rings.first?["evidence"] as? [String: Any])
            #expect(evidence["exchanges"] as? [String] == transfers.sorted())
            #expect((rings.first?["explanation"] as? String)?.hasPrefix("within 30 days points went round") == true)

            let markdown = try await client.call(
                .get, "/v1/communities/\(a.community.id)/fraud-report?format=markdown", token: token,
                headers: [.acceptLanguage: "zh-CN"])
            #expect(markdown.status == .ok)
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            let text = String(buffer: markdown.body)
            #expect(text.hasPrefix("# 反作弊周报"))
            #expect(text.contains("积分沿"))

            for bad in ["since=0d", "since=7w", "format=pdf", "lang=fr"] {
                let response = try await client.call(.get, "/v1/communities/\(a.community.id)/fraud-report?\(bad)", token: token)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(try response.object()["code"] as? String == "query.invalid")
            }
        }
    }

    @Test func anotherCommunitysReportShowsNothingOfThisOne() async throws {
        let fixture = try APIFixture()
        _ = try Self.plantRing(fixture)
        let b = fixture.b
        try await fixture.run { client in
            let response = try await client.call(.get, "/v1/communities/\(b.community.id)/fraud-report", token: b.secret(.moderator))
            #expect(response.status == .ok)
            #expect((try response.object()["rings"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func creditScoreExplainsEachComponentInTheRequestLanguage() async throws {
        let fixture = try APIFixture()
        _ = try Self.plantRing(fixture)
        let a = fixture.a
        try await fixture.run { client in
            let response = try await client.call(
                .get, "/v1/members/\(a.target.id)/credit", token: a.secret(.resident), headers: [.acceptLanguage: "en"])
            #expect(response.status == .ok)
            let object = try response.object()
            let components = try #require(object["components"] as? [[String: Any]])
            #expect(components.map { $0["key"] as? String } == [
                "completed_exchanges", "ratings", "upheld_reports", "no_shows", "lost_disputes", "account_age", "real_name_verified",
            ])
            let completed = try #require(components.first)
            #expect(completed["input"] as? String == "2.00")
            #expect(completed["contribution"] as? String == "1.00")
            #expect((completed["label"] as? String)?.hasPrefix("completed exchanges") == true)
            #expect(object["level"] as? Int != nil)

            let missing = try await client.call(.get, "/v1/members/mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V/credit", token: a.secret(.resident))
            #expect(missing.status == .notFound)
        }
    }

    @Test func weeklyReportStoresSignalsThatModeratorsListAndDismiss() async throws {
        let fixture = try APIFixture()
        _ = try Self.plantRing(fixture)
        let a = fixture.a
        try fixture.environment.store.transactionSync { tx in
            _ = try FraudReportCommands.publish(tx, community: a.community.id, period: 7 * 86_400, rules: ActiveRules())
        }
        try await fixture.run { client in
            let token = a.secret(.moderator)
            let open = try await client.call(.get, "/v1/fraud-signals", token: token, headers: [.acceptLanguage: "en"]).object()
            let items = try #require(open["items"] as? [[String: Any]])
            #expect(items.map { $0["type"] as? String } == ["ring"])
            let id = try #require(items.first?["id"] as? String)
            let dismissed = try await client.call(
                .post, "/v1/fraud-signals/\(id)/dismissal", token: token, json: #"{"reason":"三位邻居互相帮忙，属实"}"#)
            #expect(dismissed.status == .ok)
            #expect(try dismissed.object()["status"] as? String == "dismissed")
            let report = try await client.call(.get, "/v1/communities/\(a.community.id)/fraud-report", token: token).object()
            #expect((report["rings"] as? [Any])?.isEmpty == true, "dismissed evidence does not fire again")
            let listDismissed = try await client.call(.get, "/v1/fraud-signals?status=dismissed", token: token).object()
            #expect((listDismissed["items"] as? [[String: Any]])?.first?["dismiss_reason"] as? String == "三位邻居互相帮忙，属实")
            #expect(try await client.call(.get, "/v1/fraud-signals", token: a.secret(.resident)).status == .forbidden)
        }
    }
}
