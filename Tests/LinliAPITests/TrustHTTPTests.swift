import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDelivery
import LinliDomain
@testable import LinliStore
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
            #expect(text.hasPrefix("# 反作弊周报 — \(a.community.name)（\(a.community.id)）"), "the community by name (helper 145 #9)")
            #expect(text.contains("积分沿"))

            for bad in ["since=0d", "since=7w", "format=pdf", "lang=fr"] {
                let response = try await client.call(.get, "/v1/communities/\(a.community.id)/fraud-report?\(bad)", token: token)
                #expect(response.status == .badRequest, "\(bad)")
                #expect(try response.object()["code"] as? String == "query.invalid")
            }
            // Each read is in the audit log, with who, the period and the format (helper 145 #9);
            // a refused one is not.
            let audit = try await client.call(.get, "/v1/audit?action=fraud.report_read&limit=10", token: a.secret(.admin))
            let reads = try #require(try audit.object()["items"] as? [[String: Any]])
            #expect(reads.count == 2)
            #expect(reads.allSatisfy { $0["actor_id"] as? String == a.member(.moderator).id.rawValue })
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
                .get, "/v1/members/\(a.target.id)/credit", token: a.targetToken.secret, headers: [.acceptLanguage: "en"])
            #expect(response.status == .ok)
            let object = try response.object()
            let components = try #require(object["components"] as? [[String: Any]])
            #expect(components.map { $0["key"] as? String } == [
                "completed_exchanges", "ratings", "upheld_reports", "credit_deductions", "no_shows", "lost_disputes", "account_age",
                "real_name_verified",
            ])
            let completed = try #require(components.first)
            #expect(completed["input"] as? String == "2.00")
            #expect(completed["contribution"] as? String == "1.00")
            #expect((completed["label"] as? String)?.hasPrefix("completed exchanges") == true)
            #expect(object["level"] as? Int != nil)
            // Session 28 review (helper 93): every resident read every neighbour's sanctions. A
            // neighbour without an open exchange with her sees the score and level only; a
            // moderator sees what made it.
            let neighbour = try await client.call(.get, "/v1/members/\(a.target.id)/credit", token: a.secret(.organizer)).object()
            #expect(neighbour["components"] == nil && neighbour["score"] as? String == object["score"] as? String, "\(neighbour)")
            #expect(neighbour["level"] as? Int == object["level"] as? Int)
            let moderator = try await client.call(.get, "/v1/members/\(a.target.id)/credit", token: a.secret(.moderator)).object()
            #expect((moderator["components"] as? [[String: Any]])?.count == components.count)
            // The resident's exchange with her is disputed (open): the other side sees them.
            let counterparty = try await client.call(.get, "/v1/members/\(a.target.id)/credit", token: a.secret(.resident)).object()
            #expect((counterparty["components"] as? [[String: Any]])?.count == components.count)

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

    /// `X-Linli-Device` is stored as a keyed hash for the caller, never as sent; a malformed one is
    /// refused with its own code.
    @Test func deviceHeaderIsRecordedAsAKeyedHash() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let device = "8F14E45F-CEEA-467A-9575-0F0E3F6A1B11"
        try await fixture.run { client in
            let ok = try await client.call(.get, "/v1/categories", token: a.secret(.resident), headers: [FingerprintMiddleware.deviceHeader: device])
            #expect(ok.status == .ok)
            let bad = try await client.call(.get, "/v1/categories", token: a.secret(.resident), headers: [FingerprintMiddleware.deviceHeader: "短"])
            #expect(bad.status == .badRequest)
            #expect(try bad.object()["code"] as? String == "device_id.invalid")
        }
        let rows = try fixture.environment.store.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT member_id, kind, fingerprint FROM member_fingerprints")
        }
        #expect(rows.count == 1)
        #expect(rows.first?["member_id"] == a.member(.resident).id.rawValue && rows.first?["kind"] == "device")
        let stored: String = try #require(rows.first?["fingerprint"])
        #expect(stored.count == 32 && stored != device && !stored.contains("8F14"))
    }

    /// Helper 153 #2: a client making up a new install id on every request wrote a row each time,
    /// without end. A member's new devices are kept up to the daily limit; past it, a device
    /// another member has is kept all the same (helper 154 #6: made-up ids sent first hid the
    /// phone two accounts share).
    @Test func madeUpDeviceIdsAreBoundedButASharedPhoneIsStillSeen() async throws {
        let fixture = try APIFixture()
        let resident = fixture.a.secret(.resident)
        let limit = MemberFingerprints.dailyNewLimit(.device)
        let shared = "shared-phone-0000-0000"
        try await fixture.run { client in
            let other = try await client.call(.get, "/v1/me", token: fixture.a.secret(.organizer), headers: [FingerprintMiddleware.deviceHeader: shared])
            #expect(other.status == .ok)
            for index in 0..<(limit + 5) {
                let device = "made-up-device-\(index)-0000"
                let answer = try await client.call(.get, "/v1/me", token: resident, headers: [FingerprintMiddleware.deviceHeader: device])
                #expect(answer.status == .ok)
            }
            let answer = try await client.call(.get, "/v1/me", token: resident, headers: [FingerprintMiddleware.deviceHeader: shared])
            #expect(answer.status == .ok)
        }
        let residentID = fixture.a.member(.resident).id.rawValue
        let devices = try fixture.environment.store.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member_fingerprints WHERE kind = 'device' AND member_id = ?", arguments: [residentID]) ?? 0
        }
        #expect(devices == limit + 1, "the limit's made-up ids, and the phone the organizer's account uses too")
        // A process writes for at most the hourly count of new values of a kind; past it, only a
        // value another member has (helper 159 #3).
        let recorder = FingerprintRecorder()
        let member = fixture.a.member(.resident).id, now = Date()
        let decisions = (0...FingerprintRecorder.newPerHour).map { recorder.check(member, .device, "d\($0)", now: now) }
        #expect(decisions.filter { $0 == .due }.count == FingerprintRecorder.newPerHour && decisions.last == .overHourlyCap)
        #expect(recorder.check(member, .ip, "203.0.113.9", now: now) == .due, "counted per kind")
        #expect(recorder.check(member, .device, "d0", now: now) == .recent)
        #expect(recorder.check(member, .device, "late", now: now.addingTimeInterval(3600)) == .due, "the next hour counts afresh")
    }

    /// Behind a reverse proxy on the same host the client's address is the proxy's header; from
    /// anywhere else headers are not believed.
    @Test(arguments: [
        ("203.0.113.9", ["X-Forwarded-For": "198.51.100.1"], "203.0.113.9"),
        ("127.0.0.1", ["X-Forwarded-For": "198.51.100.1, 203.0.113.5"], "203.0.113.5"),
        ("::1", ["X-Real-IP": "198.51.100.7"], "198.51.100.7"),
        ("127.0.0.1", [:], "127.0.0.1"),
    ])
    func clientAddress(peer: String, headers: [String: String], expected: String) {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        #expect(FingerprintMiddleware.clientAddress(peer: peer, headers: fields) == expected)
    }

    /// Helper 163 #1: behind Docker's bridge the proxy's connection comes from 172.17.0.1; with
    /// the bridge in `server.trusted_proxies` its header names the client, and from a peer outside
    /// the list headers are still not believed.
    @Test func aTrustedProxyOffLoopbackNamesTheClient() throws {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-Real-IP")!] = "198.51.100.7"
        let bridge = APISettings.loopback + [try #require(IPNetwork("172.16.0.0/12"))]
        #expect(FingerprintMiddleware.clientAddress(peer: "172.17.0.1", headers: fields, trusted: bridge) == "198.51.100.7")
        #expect(FingerprintMiddleware.clientAddress(peer: "::ffff:172.17.0.1", headers: fields, trusted: bridge) == "198.51.100.7")
        #expect(FingerprintMiddleware.clientAddress(peer: "172.17.0.1", headers: fields) == "172.17.0.1", "not trusted by default")
        #expect(FingerprintMiddleware.clientAddress(peer: "203.0.113.9", headers: fields, trusted: bridge) == "203.0.113.9")
        // 6to4 and NAT64 addresses that carry a trusted IPv4 address are other hosts (helper 164 #1).
        for other in ["2002:7f00:1::1", "64:ff9b::7f00:1", "2002:ac11:1::1"] {
            #expect(FingerprintMiddleware.clientAddress(peer: other, headers: fields, trusted: bridge) == other)
        }
    }

    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2:0:0:0:0/64"), ("2001:db8:1:2::9", "2001:db8:1:2:0:0:0:0/64"),
    ])
    func networkIdentity(address: String, expected: String) {
        #expect(MemberFingerprints.networkIdentity(address) == expected)
    }

    @Test func networkIdentityRefusesText() {
        #expect(MemberFingerprints.networkIdentity("localhost") == nil)
    }

    /// A side of the (disputed) exchange reports it; the case is about the other side.
    @Test func reportAboutAnExchange() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let body = #"{"target_type":"exchange","target_id":"\#(a.exchange.id)","category":"not_as_described","text":"壶底漏水"}"#
            let filed = try await client.call(.post, "/v1/reports", token: a.secret(.resident), json: body)
            #expect(filed.status == .created)
            let caseID = try #require(try filed.object()["case_id"] as? String)
            let detail = try await client.call(.get, "/v1/cases/\(caseID)", token: a.secret(.moderator))
            let moderationCase = try #require(try detail.object()["case"] as? [String: Any])
            #expect(moderationCase["target_type"] as? String == "exchange")
            #expect(moderationCase["target_member_id"] as? String == a.target.id.rawValue)
            #expect(moderationCase["opened_by"] as? String == "report" && moderationCase["holds_frozen"] as? Bool == false)
            let outsider = try await client.call(.post, "/v1/reports", token: a.secret(.organizer), json: body)
            // One who cannot see the exchange is told its id names nothing, at the field (helper
            // 185 #1); one who can see every exchange, that she is not a side.
            #expect(outsider.status == .unprocessableContent || outsider.status == .forbidden)
            let malformed = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"exchange","target_id":"mem_x","category":"other","text":"x"}"#)
            #expect(try malformed.object()["code"] as? String == "validation_failed")
        }
    }
}

/// The inbox over HTTP: a resolution tells the reporter and the member concerned, each in their
/// own inbox and language; nobody reads or marks another member's messages.
@Suite struct NotificationsHTTPTests {
    @Test func resolutionNotifiesReporterAndTarget() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let filed = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"harassment","text":"半夜敲门"}"#)
            let caseID = try #require(try filed.object()["case_id"] as? String)
            let moderator = a.secret(.moderator)
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: moderator).status == .ok)
            let resolved = try await client.call(
                .post, "/v1/cases/\(caseID)/resolution", token: moderator, json: #"{"actions":[{"kind":"warn"}],"reason":"核实属实"}"#)
            #expect(resolved.status == .ok)

            let target = try await client.call(.get, "/v1/notifications", token: a.targetToken.secret, headers: [.acceptLanguage: "en"])
            // The seeded community's own exchanges may have told her other things (a dispute opened).
            let allTargetItems = try #require(try target.object()["items"] as? [[String: Any]])
            let targetItems = allTargetItems.filter { $0["kind"] as? String == "action_taken" }
            #expect(targetItems.count == 1)
            #expect((targetItems.first?["text"] as? String)?.contains("a warning") == true)

            let reporter = try await client.call(.get, "/v1/notifications?unread=true", token: a.secret(.resident))
            // Her seeded exchange told her things too (her request accepted).
            let reporterItems = try #require(try reporter.object()["items"] as? [[String: Any]]).filter { $0["kind"] as? String == "report_resolved" }
            #expect(reporterItems.count == 1)
            let item = try #require(reporterItems.first)
            #expect(item["kind"] as? String == "report_resolved")
            #expect((item["text"] as? String)?.hasPrefix("您的举报已处理，结果：属实") == true)
            let id = try #require(item["id"] as? String)

            // Someone else's message is not found; one's own is marked read once.
            #expect(try await client.call(.post, "/v1/notifications/\(id)/read", token: a.targetToken.secret).status == .notFound)
            let read = try await client.call(.post, "/v1/notifications/\(id)/read", token: a.secret(.resident))
            #expect(read.status == .ok)
            #expect(try read.object()["read_at"] as? String != nil)
            let unread = try await client.call(.get, "/v1/notifications?unread=true", token: a.secret(.resident))
            let remaining = (try unread.object()["items"] as? [[String: Any]])?.filter { $0["kind"] as? String == "report_resolved" }
            #expect(remaining?.isEmpty == true)
            // Up to the newest message the client showed (helper 162 #6): later ones stay unread.
            let oldest = try #require(allTargetItems.last?["id"] as? String)
            let first = try await client.call(.post, "/v1/notifications/read-all?up_to=\(oldest)", token: a.targetToken.secret)
            #expect(try first.object()["marked"] as? Int == 1, "\(String(buffer: first.body))")
            let badID = try await client.call(.post, "/v1/notifications/read-all?up_to=yesterday", token: a.targetToken.secret)
            #expect(badID.status == .badRequest)
            let all = try await client.call(.post, "/v1/notifications/read-all", token: a.targetToken.secret)
            #expect(try all.object()["marked"] as? Int == allTargetItems.count - 1)
        }
    }
}
