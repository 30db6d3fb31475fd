import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// Snapshot tests of error bodies: status, content type, code, localized title/detail and field
/// pointers, for every kind of bad input. `request_id` and `instance` vary and are checked apart.
@Suite struct ProblemDetailsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: HTTPRequest.Method
        let path: String
        /// nil = no Authorization header; "admin" = A's admin token; anything else is sent as is.
        let token: String?
        let body: String?
        var headers: [String: String] = [:]
        let status: Int
        /// The expected body without request_id/instance.
        let expected: [String: any Sendable]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "missing auth (zh)", method: .get, path: "/v1/me", token: nil, body: nil, status: 401,
            expected: [
                "type": "urn:linli:problem:auth.missing", "code": "auth.missing", "status": 401, "title": "需要登录",
                "detail": "请在 Authorization 头中提供 Bearer 令牌。",
            ]),
        Case(
            name: "invalid token (en)", method: .get, path: "/v1/me", token: "lnl_nope", body: nil,
            headers: ["Accept-Language": "en"], status: 401,
            expected: [
                "type": "urn:linli:problem:auth.invalid_token", "code": "auth.invalid_token", "status": 401,
                "title": "Invalid token", "detail": "The token is unknown, expired or revoked.",
            ]),
        Case(
            name: "malformed JSON", method: .post, path: "/v1/households", token: "admin", body: #"{"name": "#,
            headers: ["Accept-Language": "en"], status: 400,
            expected: ["code": "json.malformed", "status": 400, "title": "Malformed JSON", "type": "urn:linli:problem:json.malformed"]),
        // An empty body has its own code and words in both languages (it had been `json.malformed`
        // with the English reason "empty body" inside the Chinese sentence).
        Case(
            name: "empty body (zh)", method: .post, path: "/v1/households", token: "admin", body: "", status: 400,
            expected: [
                "code": "json.empty", "status": 400, "title": "请求体为空", "detail": "请求体为空，应为一个 JSON 对象。",
                "type": "urn:linli:problem:json.empty",
            ]),
        Case(
            name: "not an object", method: .post, path: "/v1/households", token: "admin", body: "[1,2]", status: 400,
            expected: [
                "code": "json.not_object", "status": 400, "title": "请求体应为 JSON 对象", "detail": "请求体必须是一个 JSON 对象。",
                "type": "urn:linli:problem:json.not_object",
            ]),
        Case(
            name: "wrong type", method: .post, path: "/v1/households", token: "admin", body: #"{"name": 42}"#,
            headers: ["Accept-Language": "en"], status: 422,
            expected: [
                "code": "validation_failed", "status": 422, "title": "Invalid request", "type": "urn:linli:problem:validation_failed",
                "detail": "Some fields of the request are invalid; see the errors list.",
                "errors": [["pointer": "/name", "code": "field.wrong_type", "detail": "must be of type string", "parameters": ["expected": "string"] as [String: String]] as [String: any Sendable]],
            ]),
        Case(
            name: "unknown and missing fields", method: .post, path: "/v1/members", token: "admin", body: #"{"dispaly_name":"王"}"#,
            status: 422,
            expected: [
                "code": "validation_failed", "status": 422, "title": "请求内容有误", "type": "urn:linli:problem:validation_failed",
                "detail": "请求中有字段不符合要求，请按提示逐项修改。",
                "errors": [
                    ["pointer": "/dispaly_name", "code": "field.unknown", "detail": "不认识的字段"],
                    ["pointer": "/display_name", "code": "field.required", "detail": "必填"],
                ],
            ]),
        Case(
            name: "every invalid field at once", method: .post, path: "/v1/members", token: "admin",
            body: #"{"display_name":"","phone":"123","role":"admin"}"#, headers: ["Accept-Language": "en"], status: 422,
            expected: [
                "code": "validation_failed", "status": 422, "title": "Invalid request", "type": "urn:linli:problem:validation_failed",
                "detail": "Some fields of the request are invalid; see the errors list.",
                "errors": [
                    ["pointer": "/display_name", "code": "field.required", "detail": "is required"],
                    [
                        "pointer": "/phone", "code": "field.invalid_format",
                        "detail": "must be an 11-digit mainland mobile number, e.g. 13800138000 (+86 optional)", "reason": "phone.format",
                    ],
                ],
            ]),
        Case(
            name: "bad enumeration value", method: .put, path: "/v1/members/{target}/role", token: "admin", body: #"{"role":"king"}"#,
            headers: ["Accept-Language": "en"], status: 422,
            expected: [
                "code": "validation_failed", "status": 422, "title": "Invalid request", "type": "urn:linli:problem:validation_failed",
                "detail": "Some fields of the request are invalid; see the errors list.",
                "errors": [[
                    "pointer": "/role", "code": "field.invalid_value",
                    "detail": "is not one of: resident, organizer, moderator, admin, station_staff",
                    "parameters": ["allowed": "resident, organizer, moderator, admin, station_staff"] as [String: String],
                ] as [String: any Sendable]],
            ]),
        Case(
            name: "unsupported media type", method: .post, path: "/v1/households", token: "admin", body: "name=x",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en"], status: 415,
            expected: [
                "code": "body.unsupported_media_type", "status": 415, "title": "Unsupported media type",
                "detail": "Send Content-Type: application/json.", "type": "urn:linli:problem:body.unsupported_media_type",
                "parameters": ["expected": "application/json"],
            ]),
        Case(
            name: "malformed id", method: .get, path: "/v1/members/42", token: "admin", body: nil, headers: ["Accept-Language": "en"],
            status: 400,
            expected: [
                "code": "id.malformed", "status": 400, "title": "Malformed identifier",
                "detail": "“42” is not a well-formed identifier; one looks like mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V.",
                "type": "urn:linli:problem:id.malformed", "parameters": ["id": "42", "example": "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V"],
            ]),
        Case(
            name: "unknown object", method: .get, path: "/v1/households/hh_00000000000000000000000000", token: "admin", body: nil,
            status: 404,
            expected: [
                "code": "household.not_found", "status": 404, "title": "家庭不存在", "detail": "找不到家庭 hh_00000000000000000000000000。",
                "type": "urn:linli:problem:household.not_found", "parameters": ["id": "hh_00000000000000000000000000"],
            ]),
        Case(
            name: "bad cursor", method: .get, path: "/v1/members?cursor=%%%", token: "admin", body: nil, headers: ["Accept-Language": "en"],
            status: 400,
            expected: [
                "code": "cursor.malformed", "status": 400, "title": "Invalid cursor", "type": "urn:linli:problem:cursor.malformed",
                "detail": "The page cursor is invalid; start again from the first page.",
            ]),
        Case(
            name: "limit out of range", method: .get, path: "/v1/members?limit=1000", token: "admin", body: nil,
            headers: ["Accept-Language": "en"], status: 400,
            expected: [
                "code": "query.out_of_range", "status": 400, "title": "Query parameter out of range",
                "type": "urn:linli:problem:query.out_of_range",
                "detail": "The query parameter limit must be between 1 and 100.", "parameters": ["name": "limit", "min": "1", "max": "100"],
            ]),
        Case(
            name: "bad filter", method: .get, path: "/v1/members?role=king", token: "admin", body: nil, headers: ["Accept-Language": "en"],
            status: 400,
            expected: [
                "code": "query.invalid", "status": 400, "title": "Invalid query parameter", "type": "urn:linli:problem:query.invalid",
                "detail": "The query parameter role has an invalid value; it takes resident, organizer, moderator, admin, station_staff.",
                "parameters": ["name": "role", "allowed": "resident, organizer, moderator, admin, station_staff"],
            ]),
        Case(
            name: "bad period", method: .get, path: "/v1/communities/{community}/fraud-report?since=abc", token: "admin", body: nil,
            headers: ["Accept-Language": "en"], status: 400,
            expected: [
                "code": "query.invalid", "status": 400, "title": "Invalid query parameter", "type": "urn:linli:problem:query.invalid",
                "detail": "The query parameter since has an invalid value; write it like 7d / 24h (1d–366d, 1h–8784h).",
                "parameters": ["name": "since", "example": "7d / 24h (1d–366d, 1h–8784h)"],
            ]),
        Case(
            name: "bad statement date", method: .get, path: "/v1/members/{target}/statement?from=yesterday", token: "admin", body: nil,
            headers: ["Accept-Language": "zh-CN"], status: 400,
            expected: [
                "code": "query.invalid", "status": 400, "title": "查询参数有误", "type": "urn:linli:problem:query.invalid",
                "detail": "查询参数 from 的值无效，应写成 2026-12-01 / 2026-12-01T09:00:00+08:00 这样的形式。",
                "parameters": ["name": "from", "example": "2026-12-01 / 2026-12-01T09:00:00+08:00"],
            ]),
        Case(
            name: "stale version", method: .patch, path: "/v1/members/{target}", token: "admin", body: #"{"display_name":"新名"}"#,
            headers: ["If-Match": "\"7\"", "Accept-Language": "en"], status: 409,
            expected: [
                "code": "version_conflict", "status": 409, "title": "Version conflict", "type": "urn:linli:problem:version_conflict",
                "detail": "The record has changed since you loaded it (by someone else or by an earlier tap of yours; current version 1); reload, check it, then retry if still needed.",
                "parameters": ["current_version": "1"],
            ]),
        Case(
            name: "forbidden", method: .put, path: "/v1/members/{target}/role", token: "resident", body: #"{"role":"admin"}"#,
            status: 403,
            expected: [
                "code": "forbidden", "status": 403, "title": "没有权限", "type": "urn:linli:problem:forbidden",
                "detail": "您的角色没有此操作的权限（调整角色）。", "parameters": ["permission": "member.change_role"],
            ]),
        Case(
            name: "no such route", method: .get, path: "/v2/anything", token: nil, body: nil, headers: ["Accept-Language": "en"],
            status: 404,
            expected: [
                "code": "route.not_found", "status": 404, "title": "Not found", "type": "urn:linli:problem:route.not_found",
                "detail": "There is no such endpoint: /v2/anything", "parameters": ["path": "/v2/anything"],
            ]),
        Case(
            name: "method not allowed", method: .delete, path: "/v1/households", token: "admin", body: nil, status: 405,
            expected: [
                "code": "route.method_not_allowed", "status": 405, "title": "不支持此请求方法",
                "type": "urn:linli:problem:route.method_not_allowed",
                "detail": "接口 /v1/households 不接受 DELETE 请求，可用的方法：GET, HEAD, POST。",
                "parameters": ["path": "/v1/households", "method": "DELETE", "allowed": "GET, HEAD, POST"],
            ]),
    ]

    @Test(arguments: cases)
    func problem(_ testCase: Case) async throws {
        let fixture = try APIFixture()
        let token: String? =
            switch testCase.token {
            case "admin": fixture.a.secret(.admin)
            case "resident": fixture.a.secret(.resident)
            default: testCase.token
            }
        var fields = HTTPFields()
        for (name, value) in testCase.headers { fields[HTTPField.Name(name)!] = value }
        let headers = fields
        let path = testCase.path.replacingOccurrences(of: "{target}", with: fixture.a.target.id.rawValue)
            .replacingOccurrences(of: "{community}", with: fixture.a.community.id.rawValue)
        let response = try await fixture.run { client in
            try await client.call(testCase.method, path, token: token, json: testCase.body, headers: headers)
        }
        #expect(Int(response.status.code) == testCase.status)
        #expect(response.headers[.contentType] == "application/problem+json")
        var body = try response.object()
        #expect(body.removeValue(forKey: "request_id") as? String == response.headers[.requestID])
        #expect(body.removeValue(forKey: "instance") as? String == path.split(separator: "?").first.map(String.init))
        if testCase.expected["detail"] == nil { body.removeValue(forKey: "detail") }
        if testCase.expected["parameters"] == nil, body["parameters"] as? [String: String] != nil, testCase.status == 400 {
            body.removeValue(forKey: "parameters")
        }
        let actual = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let expected = try JSONSerialization.data(withJSONObject: testCase.expected, options: [.sortedKeys])
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    /// Every registered path answers a method it does not take with 405 and an `Allow` header that
    /// names exactly the methods registered for it (and HEAD where GET is), signed in or not; a path
    /// that does not exist (a segment too many, an unknown prefix) stays 404. HEAD is answered like
    /// GET without the body.
    @Test func unregisteredMethodsAre405WithAllow() async throws {
        let fixture = try APIFixture()
        let routes = Dictionary(grouping: fixture.router.routes, by: \.path.description).mapValues { $0.map(\.method) }
        let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .init("PROPFIND")!]
        let failures = try await fixture.run { client in
            var failures: [String] = []
            for (template, registered) in routes.sorted(by: { $0.key < $1.key }) {
                let path = "/" + template.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? "x1" : String($0) }
                    .joined(separator: "/")
                let takes = registered + (registered.contains(.get) ? [.head] : [])
                let allowed = Set(takes.map(\.rawValue)).sorted().joined(separator: ", ")
                for method in methods where !takes.contains(method) {
                    for token in [fixture.a.secret(.resident), nil] {
                        let response = try await client.call(method, path, token: token)
                        // A HEAD answer has no body: its status and Allow say it all.
                        let code = method == .head ? (response.body.readableBytes == 0 ? "route.method_not_allowed" : "a body")
                            : try? response.object()["code"] as? String
                        if response.status != .methodNotAllowed || response.headers[.allow] != allowed || code != "route.method_not_allowed" {
                            failures.append("\(method) \(path): \(response.status.code) \(code ?? "-") Allow \(response.headers[.allow] ?? "-") (want \(allowed))")
                        }
                    }
                }
            }
            let get = try await client.call(.get, "/v1/households", token: fixture.a.secret(.resident))
            let head = try await client.call(.head, "/v1/households", token: fixture.a.secret(.resident))
            if head.status != .ok || head.body.readableBytes != 0 || head.headers[.contentType] != get.headers[.contentType] || get.body.readableBytes == 0 {
                failures.append("HEAD /v1/households: \(head.status.code), \(head.body.readableBytes) bytes")
            }
            if try await client.call(.head, "/healthz").status != .ok { failures.append("HEAD /healthz") }
            for path in ["/v1/households/x1/extra", "/v2/households", "/v1", "/v1/"] {
                let response = try await client.call(.delete, path, token: fixture.a.secret(.resident))
                if response.status != .notFound || response.headers[.allow] != nil { failures.append("DELETE \(path): \(response.status.code)") }
            }
            return failures
        }
        #expect(routes.count > 50)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func oversizedBodiesAreRefusedWith413() async throws {
        let fixture = try APIFixture(settings: ["api.max_body_bytes": "2048"])
        let big = #"{"name":""# + String(repeating: "x", count: 4096) + #""}"#
        let response = try await fixture.run { client in
            try await client.call(.post, "/v1/households", token: fixture.a.secret(.admin), json: big, headers: [.acceptLanguage: "en"])
        }
        #expect(response.status == .contentTooLarge)
        let body = try response.object()
        #expect(body["code"] as? String == "body.too_large")
        #expect(body["detail"] as? String == "The request body must not exceed 2048 bytes.")
    }

    /// Helper 185 #2: a body of another media type too large to read was told its size (413);
    /// the mistake to mend is its type (415), on a write with a body and on one without. A JSON
    /// body that large is still 413, and a small wrong-type body still 415.
    @Test func anOversizedBodyOfAnotherTypeIsRefusedForItsType() async throws {
        let fixture = try APIFixture(settings: ["api.max_body_bytes": "2048"])
        let photo = String(repeating: "\u{FF}", count: 4096)
        let answers = try await fixture.run { client in
            [
                try await client.call(.post, "/v1/households", token: fixture.a.secret(.admin), json: photo, headers: [.contentType: "image/jpeg"]),
                try await client.call(.post, "/v1/households", token: fixture.a.secret(.admin), json: "x", headers: [.contentType: "text/plain"]),
                try await client.call(
                    .post, "/v1/notifications/read-all", token: fixture.a.secret(.admin), json: photo, headers: [.contentType: "text/plain"]),
                // With an Idempotency-Key the body is read first, for its hash (helper 186 #1).
                try await client.call(
                    .post, "/v1/households", token: fixture.a.secret(.admin), json: photo,
                    headers: [.contentType: "text/plain", .idempotencyKey: "k-415-households"]),
            ]
        }
        for answer in answers {
            #expect(answer.status == .unsupportedMediaType)
            #expect(try answer.object()["code"] as? String == "body.unsupported_media_type")
        }
        // A photo route is idempotent by itself, and answers its own 415 before reading.
        let upload = try await fixture.run { client in
            try await client.call(
                .post, "/v1/photos", token: fixture.a.secret(.admin), json: photo,
                headers: [.contentType: "multipart/form-data; boundary=x", .idempotencyKey: "k-415-photo"])
        }
        #expect(upload.status == .unsupportedMediaType)
        #expect(try upload.object()["code"] as? String == "photo.unsupported_media_type")
    }
}
