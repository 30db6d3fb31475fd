import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliRules
import NIOCore
import Testing

/// Found by review 8d (each test failed on the code it was written against): foundation behaviour over HTTP (idempotency, roles).
@Suite struct FoundationGuardsHTTPTests {
    /// What a user sees now: an organizer's client uploads a rule-file candidate with
    /// `POST /v1/rules` and an `Idempotency-Key`, the answer is lost (timeout), and the client
    /// retries with the same key and the same body, as the README says it may ("POSTs honour
    /// `Idempotency-Key`: same key + same body replays the stored response with
    /// `Idempotent-Replayed: true`"). The retry is answered 409 `rules.duplicate`: the middleware
    /// only looks at the key for JSON bodies, and the YAML upload runs again. (With a *different*
    /// body under the same key a second candidate is created instead of 409
    /// `idempotency.key_reused`.)
    /// What should happen: the retry replays the stored 201 with `Idempotent-Replayed: true`.
    @Test func ruleUploadRetriedWithTheSameIdempotencyKeyIsReplayed() async throws {
        let fixture = try APIFixture()
        let organizer = fixture.a.secret(.organizer)
        let text = RulesAPITests.nextVersion(2)
        try await fixture.run { client in
            func upload() async throws -> TestResponse {
                try await client.execute(
                    uri: "/v1/rules?file_name=v2.yaml", method: .post,
                    headers: [.authorization: "Bearer \(organizer)", .contentType: "application/yaml",
                              HTTPField.Name("Idempotency-Key")!: "upload-v2-once"],
                    body: ByteBuffer(string: text))
            }
            let first = try await upload()
            #expect(first.status == .created)
            let retry = try await upload()
            #expect(retry.status == .created, "retry answered \(retry.status): \(String(buffer: retry.body))")
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            // Not kept by a shared computer's browser, and still replayed (the mark is added
            // outside the idempotency store, which reads no-store as a one-time secret).
            #expect(first.headers[.cacheControl] == "private, no-store" && retry.headers[.cacheControl] == "private, no-store")
        }
    }

    /// Helper 153 #3: what a member reads (her phone, her passbook, a sign-in sheet) carried no
    /// Cache-Control, and a browser at the station kept it for the next person. A photo keeps its
    /// own; the public documents are not marked.
    @Test func authenticatedAnswersAreNotStored() async throws {
        let fixture = try APIFixture()
        let resident = fixture.a.secret(.resident)
        try await fixture.run { client in
            let me = try await client.call(.get, "/v1/me", token: resident)
            #expect(me.headers[.cacheControl] == "private, no-store" && me.headers[.xContentTypeOptions] == "nosniff")
            let id = fixture.a.member(.resident).id.rawValue
            let passbook = try await client.call(.get, "/v1/members/\(id)/statement?format=passbook", token: resident)
            #expect(passbook.headers[.cacheControl] == "private, no-store")
            let document = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(document.headers[.cacheControl] != "private, no-store")
        }
    }

    /// Session 30 walk: a rule file sent as JSON was told "send Content-Type: application/json",
    /// the type it had sent. The 415 names the type wanted.
    @Test func aRuleFileSentAsJSONIsToldToSendYAML() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let response = try await client.execute(
                uri: "/v1/rules?file_name=v2.yaml", method: .post,
                headers: [.authorization: "Bearer \(fixture.a.secret(.organizer))", .contentType: "application/json", .acceptLanguage: "en"],
                body: ByteBuffer(string: RulesAPITests.nextVersion(2)))
            #expect(response.status == .unsupportedMediaType)
            #expect(try response.object()["detail"] as? String == "Send Content-Type: application/yaml.")
        }
    }

    /// What a user sees now: a moderator can suspend or ban an *admin* with
    /// `PUT /v1/members/{admin}/status` (only the last active admin is protected), locking the
    /// community's administrators out of everything but `/v1/me`. Everywhere else acting on a
    /// staff member needs the admin's `member.create_staff` (issuing them a token, posting a
    /// listing or requesting an exchange in their name), and only admins may change roles.
    /// What should happen: 403 — a moderator moderates residents (and not those above them).
    @Test func aModeratorCannotBanAnAdmin() async throws {
        let fixture = try APIFixture()
        let admin = fixture.a.secret(.admin)
        let moderator = fixture.a.secret(.moderator)
        let second = fixture.a.member(.organizer)
        try await fixture.run { client in
            let promoted = try await client.call(
                .put, "/v1/members/\(second.id)/role", token: admin, json: #"{"role":"admin","reason":"第二位管理员"}"#)
            #expect(promoted.status == .ok, "\(String(buffer: promoted.body))")
            let banned = try await client.call(
                .put, "/v1/members/\(fixture.a.member(.admin).id)/status", token: moderator,
                json: #"{"status":"banned","reason":"版主封禁管理员"}"#)
            #expect(banned.status == .forbidden, "a moderator banned an admin: \(banned.status) \(String(buffer: banned.body))")
            let locked = try await client.call(.get, "/v1/audit", token: admin)
            #expect(locked.status == .ok, "the admin is locked out: \(locked.status)")
        }
    }
}
