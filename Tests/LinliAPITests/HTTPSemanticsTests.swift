import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import LinliTestSupport
import NIOCore
import Testing

/// Found by review 9b (each test failed first): HTTP semantics a client relies on — cursors, authentication challenges, ETags,
/// idempotent replays, creations, language negotiation.
@Suite struct HTTPSemanticsTests {
    // MARK: - Cursors

    /// A cursor is opaque and belongs to the list that wrote it. One list's cursor sent to another
    /// (a mini-program that keeps one `next_cursor` variable for two tabs) must be refused with 400
    /// `cursor.malformed`, as the statement, case and contest lists already do; the households,
    /// members, listings, exchanges, audit and notification lists instead take any decoded text as a
    /// keyset id (`id > ?` / `id < ?`) and answer 200 with a silently wrong page — an empty one
    /// for households ("hh_…" sorts before "lst_…"), so the client concludes the list has ended.
    @Test func aCursorOfAnotherListIsRefused() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let listings = try await client.call(.get, "/v1/listings?limit=1", token: a.secret(.admin))
            let listingCursor = try #require(try listings.object()["next_cursor"] as? String, "the listings have a second page")
            let members = try await client.call(.get, "/v1/members?limit=1", token: a.secret(.admin))
            let memberCursor = try #require(try members.object()["next_cursor"] as? String, "the members have a second page")
            let cases: [(String, String)] = [
                ("/v1/households", listingCursor), ("/v1/members", listingCursor), ("/v1/listings", memberCursor),
                ("/v1/exchanges", memberCursor), ("/v1/audit", listingCursor), ("/v1/notifications", listingCursor),
                // A cursor that no list wrote (base64url of "c1:zzz").
                ("/v1/households", "YzE6enp6"),
            ]
            for (path, cursor) in cases {
                let response = try await client.call(.get, "\(path)?cursor=\(cursor)", token: a.secret(.admin))
                #expect(response.status == .badRequest, "\(path) with a foreign cursor: \(response.status) \(String(buffer: response.body).prefix(160))")
                #expect((try? response.object()["code"] as? String) == "cursor.malformed", "\(path)")
            }
        }
    }

    // MARK: - Authentication

    /// RFC 9110 §15.5.2 / RFC 6750 §3: a 401 MUST carry `WWW-Authenticate` (here `Bearer`, with
    /// `error="invalid_token"` for a bad token). Neither 401 of `AuthMiddleware` has one.
    @Test func unauthorizedAnswersCarryAChallenge() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            for token in [nil, "lnl_nope"] as [String?] {
                let response = try await client.call(.get, "/v1/me", token: token)
                #expect(response.status == .unauthorized)
                let challenge = response.headers[.wwwAuthenticate]
                #expect(challenge?.lowercased().hasPrefix("bearer") == true, "401 (token \(token ?? "none")) without WWW-Authenticate: Bearer")
            }
        }
    }

    // MARK: - ETags

    /// The ETag of `POST /v1/reviews/{id}/valuation-correction` is the *listing's* version, while
    /// every If-Match on `/v1/reviews/{id}/…` (this route included) is compared with the *review's*
    /// version. A moderator tool that sends back the ETag it was just given (as the document asks:
    /// "send it back as If-Match") gets 409 `version_conflict` deciding the very review it corrected.
    @Test func valuationCorrectionAnswersWithTheReviewsETag() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let claimed = try await client.call(.post, "/v1/reviews/\(a.review.id)/claim", token: moderator)
            #expect(claimed.status == .ok)
            let claimedTag = try #require(claimed.headers[.eTag])
            let corrected = try await client.call(
                .post, "/v1/reviews/\(a.review.id)/valuation-correction", token: moderator,
                json: #"{"declared_cost":"120.00","reason":"发票显示 120 元"}"#, headers: [.ifMatch: claimedTag])
            #expect(corrected.status == .ok, "\(String(buffer: corrected.body).prefix(200))")
            let correctedTag = try #require(corrected.headers[.eTag])
            let review = try await client.call(.get, "/v1/reviews/\(a.review.id)", token: moderator)
            #expect(correctedTag == review.headers[.eTag], "the correction's ETag is not the review's current version")
            let decided = try await client.call(
                .post, "/v1/reviews/\(a.review.id)/decision", token: moderator, json: #"{"decision":"approve"}"#,
                headers: [.ifMatch: correctedTag])
            #expect(decided.status == .ok, "If-Match with the correction's own ETag: \(decided.status) \(String(buffer: decided.body).prefix(200))")
        }
    }

    // MARK: - Idempotent replays

    /// A replay answers the stored body (written in the first request's language) under the
    /// replaying request's `Content-Language`: a zh-CN explanation labelled `en`. The stored
    /// response keeps only Content-Type, Location and ETag (`IdempotencyMiddleware.handle`), and
    /// `RequestIDMiddleware` then stamps the new request's language on it.
    @Test func aReplayIsLabelledWithTheLanguageItIsWrittenIn() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let path = "/v1/rules/\(a.ruleSet.id)/explain"
            let body = TenantIsolationTests.bodies["/v1/rules/{id}/explain"]!
            let first = try await client.call(
                .post, path, token: a.secret(.resident), json: body, headers: [.idempotencyKey: "r9b-explain-1", .acceptLanguage: "zh-CN"])
            #expect(first.status == .ok, "\(String(buffer: first.body).prefix(200))")
            let replay = try await client.call(
                .post, path, token: a.secret(.resident), json: body, headers: [.idempotencyKey: "r9b-explain-1", .acceptLanguage: "en"])
            #expect(replay.status == .ok)
            #expect(replay.headers[.idempotentReplayed] == "true")
            if replay.body == first.body {
                #expect(
                    replay.headers[.contentLanguage] == first.headers[.contentLanguage],
                    "the replayed zh-CN body is labelled Content-Language: \(replay.headers[.contentLanguage] ?? "-")")
            }
        }
    }

    // MARK: - Creations

    /// A 201 identifies the created resource by `Location` (RFC 9110 §15.3.2; without it the
    /// target URI is taken to be the new resource). Households, members, listings, exchanges,
    /// webhooks… send one; issuing a token, filing a report and adding a case note answer 201
    /// without it (`TokensController` line 32, `CasesController` lines 33 and 70).
    @Test func everyCreationSaysWhereTheResourceIs() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let token = try await client.call(.post, "/v1/members/\(a.member(.resident).id)/tokens", token: a.secret(.resident), json: "{}")
            let report = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"other","text":"多次借物不还"}"#)
            let caseID = try #require(try report.object()["case_id"] as? String)
            #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: a.secret(.moderator)).status == .ok)
            let note = try await client.call(.post, "/v1/cases/\(caseID)/notes", token: a.secret(.moderator), json: #"{"text":"已电话联系"}"#)
            for (name, response) in [("POST /v1/members/{id}/tokens", token), ("POST /v1/cases/{id}/notes", note)] {
                #expect(response.status == .created, "\(name): \(response.status)")
                #expect(response.headers[.location] != nil, "\(name) answers 201 without Location")
            }
            let tokenID = try #require((try token.object()["token"] as? [String: Any])?["id"] as? String)
            #expect(token.headers[.location] == "/v1/members/\(a.member(.resident).id)/tokens", "token \(tokenID)")
            #expect(note.headers[.location] == "/v1/cases/\(caseID)")
            // A report has no address its reporter may read (its case is for moderators): 201
            // without Location, the target URI standing for it (RFC 9110 §15.3.2).
            #expect(report.status == .created && report.headers[.location] == nil)
        }
    }

    // MARK: - Language negotiation

    /// Bodies (problem titles and details, explanations, notification texts) change with
    /// `Accept-Language`, so a response must say so with `Vary: Accept-Language` (RFC 9110
    /// §12.5.5): a WeChat CDN or proxy cache otherwise serves one user's zh-CN answer to an
    /// English one (and the reverse). No response has a Vary header.
    @Test func languageNegotiatedAnswersVaryOnAcceptLanguage() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let english = try await client.call(.get, "/v1/categories", token: a.secret(.resident), headers: [.acceptLanguage: "en"])
            let chinese = try await client.call(.get, "/v1/categories", token: a.secret(.resident))
            #expect(english.status == .ok && chinese.status == .ok)
            for response in [english, chinese] {
                let vary = response.headers[values: .vary].joined(separator: ",").lowercased()
                #expect(vary.contains("accept-language"), "Vary: \(vary)")
            }
        }
    }
}
