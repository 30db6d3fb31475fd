import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import LinliStore
import LinliTestSupport
import Logging
import NIOCore
import Testing
import Yams

/// Every registered route, with every way of sending its `{id}` (real, malformed, of another
/// kind), as an admin and as a resident, against a table of hostile inputs: bodies (not JSON, the
/// wrong top-level type, each field of the OpenAPI schema given every wrong type, huge numbers,
/// long strings, NUL and lone surrogates, deep nesting, too large, the wrong media type; images and
/// rule files for the routes that take them), query strings (cursors, limits, enumerations, dates)
/// and headers (`If-Match`, `Idempotency-Key`); then each path with the methods it does not have,
/// and every read again over what the probes stored. No answer may be a 5xx (a trap would take the
/// whole process down); every 4xx is a problem whose catalogued `code`, `title` and `detail` are
/// in zh-CN and, asked again with `Accept-Language: en`, in English.
///
/// The table is generated from the router and `docs/openapi/openapi.yaml` (kept in step with the
/// router by `OpenAPIDocumentTests`), so a new route or field is covered without editing this file.
@Suite struct RouteRobustnessTests {
    /// One request, before the token and the language are added.
    struct Probe: Sendable {
        let method: HTTPRequest.Method
        let uri: String
        var headers: HTTPFields = [:]
        var body: [UInt8]?
        let label: String
    }

    @Test func everyRouteAnswersHostileInputsWithAProblem() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let shapes = try OpenAPIShapes()
        let routes = fixture.router.routes.map {
            Route(method: $0.method, template: $0.path.description, shape: shapes.shape($0.method, $0.path.description))
        }
        let tokens = [a.secret(.admin), a.secret(.resident)]
        let started = ContinuousClock.now
        var logger = Logger(label: "robustness")
        logger.logLevel = .error  // a 500's "unexpected error" line, not the access log of every probe
        let (count, failures) = try await fixture.run(logger: logger) { client in
            let probes = try Self.table(routes, a: a, ids: try await Self.liveObjects(client, a))
            var failures: [String] = []
            var askedInEnglish: Set<String> = []
            for probe in probes {
                for token in tokens {
                    var headers = probe.headers
                    headers[.authorization] = "Bearer \(token)"
                    let send = { (headers: HTTPFields) in
                        try await client.execute(
                            uri: probe.uri, method: probe.method, headers: headers, body: probe.body.map { ByteBuffer(bytes: $0) })
                    }
                    let response = try await send(headers)
                    let zh = Self.problems(response, language: .zhCN, head: probe.method == .head)
                    failures += zh.map { "\(probe.method) \(probe.uri.prefix(120)) [\(probe.label)]: \($0)" }
                    // Each path's each code once more in English (the title must change language).
                    guard zh.isEmpty, response.status.kind == .clientError, let code = try? response.object()["code"] as? String,
                        askedInEnglish.insert("\(probe.method) \(probe.uri.prefix { $0 != "?" }) \(code)").inserted
                    else { continue }
                    headers[.acceptLanguage] = "en"
                    let english = try await send(headers)
                    var en = Self.problems(english, language: .en)
                    let titles = [english, response].map { try? $0.object()["title"] as? String }
                    if en.isEmpty, english.status.kind == .clientError, titles[0] == titles[1] {
                        en.append("the same title in zh-CN and en")
                    }
                    failures += en.map { "\(probe.method) \(probe.uri.prefix(120)) [\(probe.label), en]: \($0)" }
                }
            }
            return (probes.count, failures)
        }
        print("RouteRobustness: \(routes.count) routes, \(count) probes × \(tokens.count) tokens in \(ContinuousClock.now - started)")
        #expect(count > 10_000)
        #expect(failures.isEmpty, "\(failures.count) bad answers:\n\(failures.prefix(60).joined(separator: "\n"))")
    }

    /// What is wrong with an answer: a 5xx, or a 4xx that is not a complete, catalogued problem in `language`.
    /// A HEAD answer has no body: its 4xx need only say it is a problem.
    static func problems(_ response: TestResponse, language: Language, head: Bool = false) -> [String] {
        let status = Int(response.status.code)
        if status >= 500 { return ["\(status) \(String(buffer: response.body).prefix(300))"] }
        guard status >= 400 else { return [] }
        if head {
            let type = response.headers[.contentType]
            return response.body.readableBytes == 0 && type == ProblemDetails.mediaType ? [] : ["HEAD \(status) \(type ?? "-") with a body"]
        }
        guard response.headers[.contentType] == ProblemDetails.mediaType, let problem = try? response.object() else {
            return ["\(status) is not a problem: \(response.headers[.contentType] ?? "no Content-Type") \(String(buffer: response.body).prefix(200))"]
        }
        var found: [String] = []
        let code = problem["code"] as? String ?? ""
        let title = problem["title"] as? String ?? "", detail = problem["detail"] as? String ?? ""
        if code.isEmpty || title.isEmpty || detail.isEmpty { found.append("\(status) empty code, title or detail: \(problem)") }
        if !ErrorCatalog.knows(code) { found.append("\(status) code \(code) is not in the error catalog") }
        if problem["status"] as? Int != status { found.append("\(status) but the problem says \(problem["status"] ?? "nothing")") }
        if response.headers[.contentLanguage] != language.rawValue { found.append("\(status) \(code) not in \(language.rawValue)") }
        if title.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) != (language == .zhCN) {
            found.append("\(status) \(code) title “\(title)” is not in \(language.rawValue)")
        }
        for field in problem["errors"] as? [[String: Any]] ?? []
        where (field["code"] as? String ?? "").isEmpty || (field["detail"] as? String ?? "").isEmpty {
            found.append("\(status) \(code) field error without code or detail: \(field)")
        }
        return found
    }

    // MARK: - The table

    struct Route: Sendable {
        let method: HTTPRequest.Method
        let template: String
        let shape: OpenAPIShapes.Shape
    }

    /// Every route's probes; each path with the methods it does not have; last, every read again (with
    /// each documented value of its enumerations): what the probes stored must read back.
    static func table(_ routes: [Route], a: SeededCommunity, ids: [String: String]) throws -> [Probe] {
        var table = try routes.flatMap { try probes(method: $0.method, template: $0.template, shape: $0.shape, a: a, ids: ids) }
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options, .init("PROPFIND")!]
        for (template, registered) in Dictionary(grouping: routes, by: \.template).sorted(by: { $0.key < $1.key }) {
            let path = try paths(template, a: a, ids: ids)[0]
            for method in methods where !registered.contains(where: { $0.method == method }) {
                table.append(
                    Probe(method: method, uri: path, headers: [.contentType: "application/json"], body: Array("{}".utf8), label: "unregistered method"))
            }
        }
        for route in routes where route.method == .get {
            let path = try paths(route.template, a: a, ids: ids)[0]
            let queries = [""] + route.shape.enums.sorted { $0.key < $1.key }.flatMap { name, values in values.map { "?\(name)=\($0)" } }
            table += queries.map { Probe(method: .get, uri: path + $0, label: "read back") }
        }
        return table
    }

    /// Every probe of one route: for each way of filling `{id}` (real, malformed, of another kind), the
    /// query, header and whole-body inputs; with the real id (every handler reads the id before the
    /// body, as the other two show), also each field of each valid base body given every hostile value.
    static func probes(
        method: HTTPRequest.Method, template: String, shape: OpenAPIShapes.Shape, a: SeededCommunity, ids: [String: String]
    ) throws -> [Probe] {
        let paths = try paths(template, a: a, ids: ids)
        let hasBody = ![.get, .delete].contains(method)
        let media = shape.mediaType ?? "application/json"
        let bases = baseBodies(a)["\(method) \(template)"] ?? [TenantIsolationTests.bodies[template] ?? (media == "application/json" ? "{}" : "")]
        return try paths.flatMap { path in
            func probe(_ label: String, query: String? = nil, headers: HTTPFields = [:], body: [UInt8]? = nil, type: String? = nil) -> Probe {
                var fields = headers
                let body = body ?? (hasBody ? Array(bases[0].utf8) : nil)
                if body != nil, fields[.contentType] == nil, let type = type ?? (hasBody ? media : nil) { fields[.contentType] = type }
                return Probe(method: method, uri: query.map { "\(path)?\($0)" } ?? path, headers: fields, body: body, label: label)
            }
            var probes: [Probe] = []
            // Query strings: paging on every GET, and each documented parameter.
            let paging = method == .get ? ["limit", "cursor"] : []
            for name in paging + shape.query.filter({ !paging.contains($0) }) {
                let values = name == "cursor" ? cursorValues(scope: path) : queryValues
                probes += values.map { probe("\(name)=\($0.prefix(40))", query: "\(name)=\($0)") }
            }
            // Headers.
            probes += ifMatchValues.map { probe("If-Match: \($0.prefix(40))", headers: [.ifMatch: $0]) }
            probes += idempotencyKeys.map { probe("Idempotency-Key: \($0.prefix(40))", headers: [.idempotencyKey: $0]) }
            probes += [
                probe("X-Linli-Device: short", headers: [FingerprintMiddleware.deviceHeader: "short"]),
                probe("Accept-Language: nonsense", headers: [.acceptLanguage: "en;q=abc, *;q=1e999, zh-Hant-TW;q=-1"]),
            ]
            guard hasBody else { return probes }
            // Whole bodies, as the route's media type; the base body under other media types.
            probes += wholeBodies.map { probe($0.0, body: $0.1) }
            probes += contentTypes.map { type in
                var wrong = probe("Content-Type: \(type ?? "none")")
                wrong.headers[.contentType] = type
                return wrong
            }
            probes += specialBodies(media).map { probe($0.0, body: $0.1, type: $0.2) }
            // A valid key with a hostile body, twice (the second is not a replay of a refusal).
            let key = "fuzz-\(method)-" + String(path.unicodeScalars.filter { ("0"..."z").contains($0) }.map(Character.init))
            for _ in 0..<2 { probes.append(probe("Idempotency-Key with invalid JSON", headers: [.idempotencyKey: key], body: Array(#"{"a":"#.utf8))) }
            guard path == paths[0] else { return probes }
            if media.hasSuffix("yaml") {
                // Each number of the rule file (quoted decimals and plain integers) given every hostile number.
                let lines = bases[0].components(separatedBy: "\n")
                for (index, line) in lines.enumerated() {
                    guard let number = line.firstMatch(of: /:\s*"?(-?[0-9][0-9.]*)"?\s*(#.*)?$/)?.output.1 else { continue }
                    for value in yamlNumbers {
                        var file = lines
                        file[index] = line.replacingCharacters(in: number.startIndex..<number.endIndex, with: value)
                        probes.append(probe("line \(index + 1) = \(value)", body: Array(file.joined(separator: "\n").utf8)))
                    }
                }
            }
            guard media == "application/json" else { return probes }
            // Each documented field (and one level of nested fields) given every hostile value, the
            // rest of the first base valid; the other bases (other kinds) vary the fields they have.
            for (index, base) in bases.enumerated() {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(base.utf8)) as? [String: Any], "base body of \(template)")
                let documented = index == 0 ? shape.fields : shape.fields.filter { object[$0[0]] != nil }
                let fieldPaths = Set(documented + object.keys.map { [$0] }).sorted { $0.lexicographicallyPrecedes($1) }
                for field in fieldPaths + [["zz_unknown_field"]] {
                    let text = try serialized(setting(placeholder, at: field, in: object))
                    for (label, raw) in field == ["zz_unknown_field"] ? [("unknown field", "1")] : values(for: shape.types[field]) {
                        let body = text.replacingOccurrences(of: "\"\(placeholder)\"", with: raw)
                        probes.append(probe("/\(field.joined(separator: "/")) = \(label) in \(base.prefix(50))", body: Array(body.utf8)))
                    }
                }
                if let first = object.keys.sorted().first {
                    probes.append(probe("duplicate field \(first)", body: Array(("{\"\(first)\":null," + (try serialized(object)).dropFirst()).utf8)))
                }
            }
            return probes
        }
    }

    /// The path with its `{id}` filled with a real id, a malformed one and one of another kind.
    static func paths(_ template: String, a: SeededCommunity, ids: [String: String]) throws -> [String] {
        guard template.contains("{id}") else { return [template] }
        let live = ids.first { template.hasPrefix($0.key) }?.value
        let real = try #require(live ?? TenantIsolationTests.foreignID(for: template, in: a), "no id known for \(template)")
        // An id of another kind: a household's where members are expected, else a member's.
        let otherKind = template.hasPrefix("/v1/members/") ? a.household.id.rawValue : a.target.id.rawValue
        return [real, "not-an-id%00%FF", otherKind].map { template.replacingOccurrences(of: "{id}", with: $0) }
    }

    /// Objects the fixture does not seed, made over HTTP so that their routes are probed with a real
    /// id: an open case and a resolved one with a warning, its appeal, the reporter's notification, a
    /// transfer. By path prefix, as `TenantIsolationTests.foreignID` (which gives the other ids).
    static func liveObjects(_ client: any TestClientProtocol, _ a: SeededCommunity) async throws -> [String: String] {
        func object(_ method: HTTPRequest.Method, _ path: String, _ token: String, _ json: String? = nil) async throws -> [String: Any] {
            let response = try await client.call(method, path, token: token, json: json)
            #expect(response.status.kind == .successful, "\(path): \(String(buffer: response.body))")
            return try response.object()
        }
        let report = #"{"target_type":"member","target_id":"\#(a.target.id)","category":"other","text":"多次借物不还"}"#
        let resolved = try #require(try await object(.post, "/v1/reports", a.secret(.resident), report)["case_id"] as? String)
        _ = try await object(.post, "/v1/cases/\(resolved)/claim", a.secret(.moderator))
        let resolution = try await object(
            .post, "/v1/cases/\(resolved)/resolution", a.secret(.moderator), #"{"actions":[{"kind":"warn"}],"reason":"已核实"}"#)
        let action = try #require((resolution["actions"] as? [[String: Any]])?.first?["id"] as? String)
        let appeal = try #require(
            try await object(.post, "/v1/case-actions/\(action)/appeal", a.targetToken.secret, #"{"text":"我已归还"}"#)["id"] as? String)
        let open = try #require(try await object(.post, "/v1/reports", a.secret(.organizer), report)["case_id"] as? String)
        let notifications = try await object(.get, "/v1/notifications", a.secret(.resident))
        let notification = try #require((notifications["items"] as? [[String: Any]])?.first?["id"] as? String)
        let reward = #"{"member_id":"\#(a.member(.resident).id)","points":20,"category":"community_cleaning","reason":"打扫楼道"}"#
        let transfer = try #require(try await object(.post, "/v1/ledger/rewards", a.secret(.admin), reward)["id"] as? String)
        return [
            "/v1/cases/{id}": open, "/v1/case-actions/{id}": action, "/v1/appeals/{id}": appeal,
            "/v1/notifications/{id}": notification, "/v1/ledger/transfers/{id}": transfer,
        ]
    }

    /// Valid bodies, so that each field's hostile value reaches past the others (one per kind where
    /// the kind decides which fields are read); other routes use `TenantIsolationTests.bodies`.
    static func baseBodies(_ a: SeededCommunity) -> [String: [String]] {
        let target = a.target.id
        let listings = [
            ListingFixtures.itemJSON,
            #"{"direction":"offer","kind":"time","category":"errands","title":"陪同就医","description":"周二上午","availability":[{"weekday":2,"from":"09:00","to":"11:00"}],"duration_minutes":60,"intensity":"light"}"#,
            #"{"direction":"request","kind":"time","category":"errands","title":"代买蔬菜","description":"腿脚不便","start_at":"\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400)))","end_at":"\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(90_000)))","duration_minutes":60,"intensity":"moderate"}"#,
            #"{"direction":"offer","kind":"skill","category":"repair","title":"家电维修","description":"退休电工","skill_name":"维修","level":"expert","certification":"none","duration_minutes":60}"#,
        ]
        return [
            "POST /v1/communities": [#"{"name":"新社区","admin_display_name":"管理员"}"#],
            "POST /v1/households": [#"{"name":"2号楼 202","area":"北门"}"#],
            "POST /v1/members": [#"{"display_name":"新居民"}"#],
            "POST /v1/listings": listings,
            "PUT /v1/listings/{id}": listings,
            "POST /v1/rules/{id}/explain": [
                TenantIsolationTests.bodies["/v1/rules/{id}/explain"]!,
                #"{"kind":"time","category":"errands","duration_minutes":60,"intensity":"light","start":"2026-03-02T02:00:00Z","end":"2026-03-02T03:00:00Z"}"#,
                #"{"kind":"skill","category":"repair","duration_minutes":60,"level":"expert","certification":"none"}"#,
            ],
            "POST /v1/rules/rollback": [#"{"reason":"投票结果"}"#],
            "POST /v1/rules/revaluations": [#"{"reason":"投票结果"}"#],
            "POST /v1/webhooks/endpoints": [
                #"{"url":"https://hooks.example.org/fuzz","format":"standard","events":["member.*"]}"#,
                #"{"url":"https://oapi.dingtalk.com/robot/send?access_token=abcdef123456","format":"dingtalk","events":["listing.*"],"chat":{"style":"markdown","locale":"en","templates":{"listing.published":"{{data.title}}"},"mentioned_mobiles":["13900000000"],"signing_secret":"SECabcdef"}}"#,
            ],
            "PATCH /v1/webhooks/endpoints/{id}": [#"{"description":"x"}"#],
            "POST /v1/ledger/rewards": [#"{"member_id":"\#(target)","points":10,"category":"weekly_topic","reason":"x"}"#],
            "POST /v1/ledger/donations": [#"{"donor":"x","value_yuan":"100","reason":"x"}"#],
            "POST /v1/ledger/adjustments": [#"{"member_id":"\#(target)","amount":1,"reason":"x"}"#],
            "POST /v1/exchanges": [ExchangeFixtures.requestJSON(a.openListing.id)],
            "POST /v1/events": [EventFixtures.newJSON()],
            "PATCH /v1/events/{id}": [#"{"capacity":40,"description":null}"#],
            "POST /v1/reports": [#"{"target_type":"member","target_id":"\#(target)","category":"other","text":"x"}"#],
            "POST /v1/rules": [RuleSource.preset("default")!.text.replacingOccurrences(of: "version: 1 ", with: "version: 2 ")],
            // A suspension, so that `days` is read (the case is about the target, who sends no probe).
            "POST /v1/cases/{id}/resolution": [#"{"actions":[{"kind":"suspend","days":1}],"reason":"x"}"#],
        ]
    }

    static let placeholder = "@@robustness@@"
    static let deepArray = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    static let deepObject = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)

    /// Raw JSON put in place of one field: every other type, then the hostile values of its own type
    /// (both kinds for a field of no single type).
    static func values(for type: String?) -> [(String, String)] {
        switch type {
        case "string": otherTypes + textValues
        case "integer", "number": otherTypes + numberValues
        default: otherTypes + numberValues + textValues
        }
    }

    static let otherTypes: [(String, String)] = [
        ("null", "null"), ("true", "true"), ("1.5", "1.5"), ("string", #""x""#), ("empty string", #""""#), ("object", "{}"),
        ("array", "[]"), ("mixed array", #"[1,"a",null,{}]"#), ("object of arrays", #"{"a":[1],"b":{}}"#), ("-1", "-1"),
        ("2^63", "9223372036854775808"), ("100k characters", "\"" + String(repeating: "a", count: 100_000) + "\""),
        ("10,000 nested arrays", deepArray), ("10,000 nested objects", deepObject),
    ]

    static let numberValues: [(String, String)] = [
        ("1e308", "1e308"), ("-1e308", "-1e308"), ("1e400", "1e400"), ("2^63-1", "9223372036854775807"),
        ("-2^63", "-9223372036854775808"), ("-2^63-1", "-9223372036854775809"), ("2^31", "2147483648"), ("0", "0"),
    ]

    static let textValues: [(String, String)] = [
        ("text 1e308", #""1e308""#), ("text 2^63", #""9223372036854775808""#), ("text -1", #""-1""#), ("text NaN", #""NaN""#),
        ("text huge decimal", #""99999999999999999999999999999999.999""#),
        ("63 KB of 邻", "\"" + String(repeating: "邻", count: 21_000) + "\""),
        ("NUL", #""a\u0000b""#), ("lone high surrogate", #""\ud800""#), ("lone low surrogate", #""x\udc00y""#),
        ("swapped surrogates", #""\udc00\ud800""#),
        ("5,000 nested template sections", "\"" + String(repeating: "{{#a}}", count: 5_000) + "\""),
        ("year 0", #""0000-01-01T00:00:00Z""#), ("year 10000", #""10000-01-01T00:00:00Z""#),
        ("February 30, 25:61", #""2026-02-30T25:61:61Z""#), ("last second of 9999", #""9999-12-31T23:59:59Z""#),
        ("day of year 0", #""0000-01-01""#), ("id of an unknown member", #""mem_00000000000000000000000000""#),
    ]

    /// Put in place of each number of the rule file.
    static let yamlNumbers = ["9223372036854775807", "-1"]

    /// Whole bodies, sent as the route's media type.
    static let wholeBodies: [(String, [UInt8])] = ([
        ("invalid JSON", #"{"a":"#), ("trailing garbage", "{} x"), ("array", "[]"), ("string", #""text""#), ("number", "42"),
        ("null", "null"), ("false", "false"), ("empty object", "{}"), ("empty body", ""), ("whitespace", " \n\t "),
        ("10,000 nested arrays", deepArray), ("10,000 nested objects", deepObject),
        ("over the size limit", "{\"a\":\"" + String(repeating: "x", count: 300_000) + "\"}"),
        ("NUL byte", "{\"a\":\"\u{0}\"}"), ("byte order mark", "\u{FEFF}{}"),
    ] as [(String, String)]).map { ($0.0, Array($0.1.utf8)) } + [
        ("invalid UTF-8", Array(#"{"a":""#.utf8) + [0xFF, 0xFE, 0xC0] + Array(#""}"#.utf8)),
        ("UTF-16", [0x00, 0x7B, 0x00, 0x7D]),
    ]

    static let contentTypes: [String?] = [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/problem+json", "image/png", nil,
    ]

    /// Bodies for the routes that take something other than JSON: images, rule files.
    static func specialBodies(_ media: String) -> [(String, [UInt8], String)] {
        media.hasPrefix("image/") ? images : media.hasSuffix("yaml") ? ruleFiles : []
    }

    static let images: [(String, [UInt8], String)] = {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let riff: [UInt8] = Array("RIFF".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("WEBPVP8 ".utf8) + [0xFF, 0xFF, 0xFF, 0x7F]
        return [
            ("PNG signature only", png, "image/png"),
            ("PNG chunk of 4 GB", png + [0xFF, 0xFF, 0xFF, 0xFF] + Array("IHDR".utf8), "image/png"),
            ("PNG 4G×4G", png + [0, 0, 0, 13] + Array("IHDR".utf8) + [UInt8](repeating: 0xFF, count: 8) + [8, 2, 0, 0, 0, 0, 0, 0, 0], "image/png"),
            ("PNG IEND first", png + [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82], "image/png"),
            ("JPEG SOI only", [0xFF, 0xD8], "image/jpeg"),
            ("JPEG segment of length 0", [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00], "image/jpeg"),
            ("JPEG segment of length 1", [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9], "image/jpeg"),
            ("JPEG segment past the end", [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0x4A], "image/jpeg"),
            ("JPEG scan without end", [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x01, 0x02], "image/jpeg"),
            ("WebP of 4 GB", riff, "image/webp"),
            ("WebP header only", Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBP".utf8), "image/webp"),
            ("PNG declared as JPEG", TestImages.png(), "image/jpeg"),
            ("PNG declared as WebP", TestImages.png(), "image/webp"),
            ("empty image", [], "image/png"),
            ("over the photo limit", png + [UInt8](repeating: 0, count: 5 * 1024 * 1024), "image/png"),
        ]
    }()

    static let ruleFiles: [(String, [UInt8], String)] = {
        let yaml: [(String, String)] = [
            ("unclosed flow", "a: [1, 2"), ("tab indentation", "a:\n\t- b"), ("undefined alias", "a: *nothing"),
            ("anchors and aliases", "a: &x [1, 2]\nb: [*x, *x, *x]\nc: [*b, *b]"), ("merge key", "a: &x {b: 1}\nc: {<<: *x}"),
            ("explicit tags", "a: !!binary aGVsbG8=\nb: !custom 1"), ("several documents", "a: 1\n---\nb: 2\n"),
            ("YAML 9.9", "%YAML 9.9\n---\na: 1"), ("huge integer", "version: 99999999999999999999999999"),
            ("deep block nesting", (0..<2_000).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + " 1"),
            ("10,000 nested flow mappings", String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)),
            ("50,001 values", "a: [" + String(repeating: "1,", count: 50_001) + "1]"),
            ("NUL", "a: \"\u{0}\""), ("just under the limit", "a: \"" + String(repeating: "x", count: 256 * 1024 - 10) + "\""),
        ]
        return yaml.map { ($0.0, Array($0.1.utf8), "application/yaml") }
    }()

    static let queryValues: [String] = [
        "bogus", "", "-1", "0", "101", "99999999999999999999", "9223372036854775807", "1.5", "0000-01-01", "10000-01-01T00:00:00Z",
        "2026-02-30", "1582-12-31T23:59:59Z", "-7d", "99999999999d", "%00", "%FF", "%ED%A0%80", "a%20b%2Cc,d",
        String(repeating: "a", count: 5_000), "mem_00000000000000000000000000",
    ]

    /// Cursors: not base64, not ours, another list's, and this list's around text it never wrote
    /// (so each list's own key parser meets them).
    static func cursorValues(scope: String) -> [String] {
        let keys = ["", "garbage", "-1", "99999999999999999999", "x|y", "9|cas_00000000000000000000000000", "\u{0}", String(repeating: "z", count: 140)]
        return ["", "%00", "%FF", String(repeating: "a", count: 5_000), "!!!", "c1", Cursor.encode("lst_1", scope: "/v1/other")]
            + keys.map { Cursor.encode($0, scope: scope) } + [String(Cursor.encode("x", scope: scope).dropLast())]
    }

    static let ifMatchValues = [
        #""abc""#, #""0""#, #""-1""#, #""99999999999999999999""#, #""9223372036854775807""#, "*", #""""#, "W/",
        String(repeating: "9", count: 300), #""1", "2""#,
    ]
    static let idempotencyKeys = ["", " ", String(repeating: "k", count: 201), "has space", "键", "tab\there"]

    // MARK: - Building bodies

    /// `object` with `value` at `path` ("0" is the first element of an array), containers made as needed.
    static func setting(_ value: Any, at path: [String], in node: Any?) -> Any {
        guard let step = path.first else { return value }
        if step == "0" {
            var array = node as? [Any] ?? []
            if array.isEmpty { array.append([String: Any]()) }
            array[0] = setting(value, at: Array(path.dropFirst()), in: array[0])
            return array
        }
        var object = node as? [String: Any] ?? [:]
        object[step] = setting(value, at: Array(path.dropFirst()), in: object[step])
        return object
    }

    static func serialized(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}

/// What `docs/openapi/openapi.yaml` says each operation takes.
struct OpenAPIShapes {
    struct Shape: Sendable {
        /// The request body's media type (the first documented), if it has a body.
        var mediaType: String?
        /// Each body field (and each field of an object, or of an array's first object, in it), and
        /// the JSON type of those that have one.
        var fields: [[String]] = []
        var types: [[String]: String] = [:]
        /// Query parameter names, and the values of those that are enumerations.
        var query: [String] = []
        var enums: [String: [String]] = [:]
    }

    let root: [String: Any]

    init() throws {
        root = try #require(try Yams.load(yaml: OpenAPIDocument.shipped.yaml) as? [String: Any])
    }

    /// A node with its `$ref` followed.
    func resolve(_ node: Any?) -> [String: Any]? {
        guard let object = node as? [String: Any] else { return nil }
        guard let reference = object["$ref"] as? String else { return object }
        let target = reference.dropFirst(2).split(separator: "/").reduce(root as Any?) { ($0 as? [String: Any])?[String($1)] }
        return resolve(target)
    }

    func shape(_ method: HTTPRequest.Method, _ path: String) -> Shape {
        let item = resolve((root["paths"] as? [String: Any])?[path])
        let operation = resolve(item?[method.rawValue.lowercased()])
        var shape = Shape()
        let parameters = (item?["parameters"] as? [Any] ?? []) + (operation?["parameters"] as? [Any] ?? [])
        for parameter in parameters.compactMap(resolve) where parameter["in"] as? String == "query" {
            guard let name = parameter["name"] as? String else { continue }
            shape.query.append(name)
            let schema = resolve(parameter["schema"])
            shape.enums[name] = (schema?["enum"] as? [Any])?.map { "\($0)" } ?? (schema?["type"] as? String == "boolean" ? ["true", "false"] : nil)
        }
        guard let content = resolve(resolve(operation?["requestBody"])?["content"]) else { return shape }
        shape.mediaType = content.keys.sorted().first
        let schema = resolve(resolve(shape.mediaType.flatMap { content[$0] })?["schema"])
        func add(_ path: [String], _ property: [String: Any]?) {
            shape.fields.append(path)
            shape.types[path] = property?["type"] as? String
        }
        for (name, property) in properties(schema) {
            add([name], property)
            for (field, nested) in properties(property) { add([name, field], nested) }
            for (field, nested) in properties(resolve(property?["items"])) { add([name, "0", field], nested) }
        }
        return shape
    }

    /// An object schema's properties, each with its `$ref` followed.
    private func properties(_ schema: [String: Any]?) -> [(String, [String: Any]?)] {
        (schema?["properties"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, resolve($0.value)) }
    }
}
