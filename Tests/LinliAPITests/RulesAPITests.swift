import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliRules
import LinliStore
import NIOCore
import Testing

/// Rule versions over HTTP: upload with line:column diagnostics, activation, rollback, explain,
/// and the guarantee that an invalid upload leaves the rules in force untouched.
@Suite struct RulesAPITests {
    /// The default preset with a new version number (and an optional edit), as the norm-revision
    /// group would write its next version.
    static func nextVersion(_ version: Int, effectiveFrom: String = "2026-01-01 00:00", replacing: (String, String)? = nil) -> String {
        var text = RulePresets.text(named: "default")!
            .replacingOccurrences(of: "version: 1    ", with: "version: \(version)    ")
            .replacingOccurrences(of: "effective_from: \"2026-01-01 00:00\"", with: "effective_from: \"\(effectiveFrom)\"")
        if let (old, new) = replacing { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }

    func upload(_ client: any TestClientProtocol, _ text: String, token: String, language: String = "en") async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/rules?file_name=v2.yaml", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/yaml", .acceptLanguage: language],
            body: ByteBuffer(string: text))
    }

    /// Helper 129: a rule file above the limit was a bare 413 `body.too_large`; it is the rule
    /// file's own diagnostic now, as `linli rules check` gives it.
    @Test func aRuleFileTooLargeGetsItsDiagnostic() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let text = Self.nextVersion(2) + String(repeating: "# 注释\n", count: 40_000)
            let refused = try await upload(client, text, token: fixture.a.secret(.admin))
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            let object = try refused.object()
            #expect(object["code"] as? String == "rules.invalid")
            let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.first?["code"] as? String == "rules.file_too_large", "\(diagnostics)")
        }
    }

    @Test func candidateVersionRoundTrip() async throws {
        #expect(Self.nextVersion(2).contains("version: 2"))
        let fixture = try APIFixture()
        let organizer = fixture.a.secret(.organizer)
        try await fixture.run { client in
            let created = try await upload(client, Self.nextVersion(2), token: organizer)
            #expect(created.status == .created)
            let candidate = try #require(try created.object()["rule_set"] as? [String: Any])
            #expect(candidate["status"] as? String == "candidate")
            #expect(candidate["active"] as? Bool == false)
            let candidateID = try #require(candidate["id"] as? String)

            var active = try await client.call(.get, "/v1/rules/active", token: organizer).object()
            #expect((active["rule_set"] as? [String: Any])?["version"] as? Int == 1)

            let activated = try await client.call(.post, "/v1/rules/\(candidateID)/activate", token: organizer)
            #expect(activated.status == .ok)
            active = try await client.call(.get, "/v1/rules/active", token: fixture.a.secret(.resident)).object()
            #expect((active["rule_set"] as? [String: Any])?["version"] as? Int == 2)
            #expect(try await client.call(.post, "/v1/rules/\(candidateID)/activate", token: organizer).status == .conflict)

            let rolledBack = try await client.call(.post, "/v1/rules/rollback", token: organizer, json: #"{"reason":"议事会撤回第2版"}"#)
            #expect(rolledBack.status == .ok)
            active = try await client.call(.get, "/v1/rules/active", token: organizer).object()
            #expect((active["rule_set"] as? [String: Any])?["version"] as? Int == 1)
            let nothingLeft = try await client.call(.post, "/v1/rules/rollback", token: organizer, json: #"{"reason":"再撤"}"#)
            #expect(nothingLeft.status == .conflict)
            #expect(try nothingLeft.object()["code"] as? String == "rules.nothing_to_roll_back")

            let versions = try await client.call(.get, "/v1/rules", token: organizer).object()
            let statuses = (versions["items"] as? [[String: Any]] ?? []).map { "\($0["version"]!):\($0["status"]!)" }
            #expect(statuses == ["2:withdrawn", "1:activated"])

            // A version rolled back stays stored and may be put in force again (README).
            let again = try await client.call(.post, "/v1/rules/\(candidateID)/activate", token: organizer)
            #expect(again.status == .ok, "\(String(buffer: again.body))")
            active = try await client.call(.get, "/v1/rules/active", token: organizer).object()
            #expect((active["rule_set"] as? [String: Any])?["version"] as? Int == 2)
        }
        let audit = try fixture.environment.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_entries WHERE target_type = 'rule_set' AND community_id = ? ORDER BY id",
                                arguments: [fixture.a.community.id.rawValue])
        }
        #expect(audit == ["rules.activated", "rules.uploaded", "rules.activated", "rules.rolled_back", "rules.activated"])
    }

    @Test func invalidUploadIsRefusedWithLocatedDiagnosticsAndOldRulesKeepServing() async throws {
        let fixture = try APIFixture()
        let broken = Self.nextVersion(2, replacing: ("rounding: half_even", "rounding: half_even\nroundng: up"))
        let brokenLine = broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("roundng:") }.map { $0 + 1 }
        try await fixture.run { client in
            let refused = try await upload(client, broken, token: fixture.a.secret(.admin))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let body = try refused.object()
            #expect(body["code"] as? String == "rules.invalid")
            let diagnostics = try #require(body["diagnostics"] as? [[String: Any]])
            let unknown = try #require(diagnostics.first { $0["code"] as? String == "rules.unknown_key" })
            #expect(unknown["line"] as? Int == brokenLine)
            #expect(unknown["column"] as? Int == 1)
            #expect(unknown["location"] as? String == "v2.yaml:\(brokenLine!):1")
            #expect((unknown["detail"] as? String)?.contains("roundng") == true)

            let zh = try await upload(client, broken, token: fixture.a.secret(.admin), language: "zh-CN").object()
            #expect((zh["title"] as? String) == "规则文件有误")

            let active = try await client.call(.get, "/v1/rules/active", token: fixture.a.secret(.admin)).object()
            #expect((active["rule_set"] as? [String: Any])?["version"] as? Int == 1)
        }
        let stored = try fixture.environment.database.readSync { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_sets WHERE community_id = ?", arguments: [fixture.a.community.id.rawValue])
        }
        #expect(stored == 1)
    }

    @Test func versionsMustIncreaseAndBeUnique() async throws {
        let fixture = try APIFixture()
        let admin = fixture.a.secret(.admin)
        try await fixture.run { client in
            let same = try await upload(client, RulePresets.text(named: "default")!, token: admin)
            #expect(same.status == .conflict)
            #expect(try same.object()["code"] as? String == "rules.duplicate")
            let older = try await upload(client, Self.nextVersion(1, replacing: ("name_zh: 家居日用", "name_zh: 家居用品")), token: admin)
            #expect(try older.object()["code"] as? String == "rules.version_not_increasing")
            let notYAML = try await client.execute(
                uri: "/v1/rules", method: .post, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                body: ByteBuffer(string: "{}"))
            #expect(notYAML.status == .unsupportedMediaType)
        }
    }

    @Test func aFutureVersionTakesOverOnlyAtItsEffectiveTime() async throws {
        let fixture = try APIFixture()
        let admin = fixture.a.secret(.admin)
        try await fixture.run { client in
            let future = try await upload(client, Self.nextVersion(2, effectiveFrom: "2099-01-01 00:00"), token: admin)
            let id = try #require((try future.object()["rule_set"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.post, "/v1/rules/\(id)/activate", token: admin).status == .ok)
            let active = try await client.call(.get, "/v1/rules/active", token: admin).object()
            #expect((active["rule_set"] as? [String: Any])?["version"] as? Int == 1)
        }
    }

    @Test func explainGivesTheBreakdownInTheRequestLanguage() async throws {
        let fixture = try APIFixture()
        let listing = #"{"kind":"time","category":"elder_care","duration_minutes":90,"intensity":"moderate"}"#
        try await fixture.run { client in
            let path = "/v1/rules/\(fixture.a.ruleSet.id)/explain"
            let zh = try await client.call(.post, path, token: fixture.a.secret(.resident), json: listing)
            #expect(zh.status == .ok, "\(String(buffer: zh.body))")
            let body = try zh.object()
            let valuation = try #require(body["valuation"] as? [String: Any])
            #expect((valuation["points"] as? Int ?? 0) > 0)
            #expect((valuation["steps"] as? [[String: Any]])?.isEmpty == false)
            #expect(valuation["content_hash"] as? String == fixture.a.ruleSet.contentHash)
            let text = try #require(body["explanation"] as? String)
            #expect(text.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
            let en = try await client.call(.post, path, token: fixture.a.secret(.resident), json: listing, headers: [.acceptLanguage: "en"])
            #expect(try en.object()["explanation"] as? String != text)
            let unknown = try await client.call(
                .post, path, token: fixture.a.secret(.resident), json: #"{"kind":"item","category":"spaceships","declared_cost":"1"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.object()["code"] as? String == "rules.valuation_failed")

            // The community's own demand and supply are counted, as for a listing (helper 160 #4).
            let errand = try await client.call(
                .post, path, token: fixture.a.secret(.resident), json: #"{"kind":"time","category":"errands","duration_minutes":60,"intensity":"light"}"#,
                headers: [.acceptLanguage: "en"])
            let said = try #require(try errand.object()["explanation"] as? String)
            #expect(!said.contains("no demand and supply counts given"), "\(said)")
            #expect(said.contains("in the window") || said.contains("through the scarcity curve"), "\(said)")
        }
    }
}
