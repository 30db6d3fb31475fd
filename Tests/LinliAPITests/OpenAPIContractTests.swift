import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import LinliTestSupport
import Logging
import NIOCore
import Testing
import Yams

/// Found by review 9b (each test failed first): what a client generated from `docs/openapi/openapi.yaml` (a WeChat mini-program, the
/// station staff tools) would meet. The document is the contract: every answer's status must be one
/// the operation documents, every 200 body must match the documented schema (required fields there,
/// no undocumented fields, documented types and enumeration values), and the documented enumerations
/// must be the values the server writes.
@Suite struct OpenAPIContractTests {
    // MARK: - A JSON value and a small schema checker

    indirect enum JSON: Decodable {
        case null, bool(Bool), integer(Int64), number(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null; return }
            if let value = try? container.decode(Bool.self) { self = .bool(value); return }
            if let value = try? container.decode(Int64.self) { self = .integer(value); return }
            if let value = try? container.decode(Double.self) { self = .number(value); return }
            if let value = try? container.decode(String.self) { self = .string(value); return }
            if let value = try? container.decode([JSON].self) { self = .array(value); return }
            self = .object(try container.decode([String: JSON].self))
        }

        var typeName: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .integer: "integer"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    struct Checker {
        let shapes: OpenAPIShapes

        /// What is wrong with `value` against `schema` (empty when it conforms).
        func problems(_ value: JSON, _ node: Any?, at path: String) -> [String] {
            guard let schema = shapes.resolve(node) else { return [] }
            if let branches = (schema["oneOf"] ?? schema["anyOf"]) as? [Any] {
                let results = branches.map { problems(value, $0, at: path) }
                return results.contains(where: \.isEmpty) ? [] : ["\(path): matches none of its oneOf/anyOf schemas"]
            }
            if let all = schema["allOf"] as? [Any] { return all.flatMap { problems(value, $0, at: path) } }
            var found: [String] = []
            let types: [String] = (schema["type"] as? [Any])?.map { "\($0)" } ?? (schema["type"] as? String).map { [$0] } ?? []
            if !types.isEmpty {
                let actual = value.typeName
                let fits = types.contains(actual) || (actual == "integer" && types.contains("number"))
                if !fits { return ["\(path): \(actual) where the document says \(types.joined(separator: "|"))"] }
            }
            if case .string(let text) = value, let allowed = schema["enum"] as? [Any], !allowed.map({ "\($0)" }).contains(text) {
                found.append("\(path): “\(text)” is not one of the documented values \(allowed.map { "\($0)" })")
            }
            switch value {
            case .object(let object):
                for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                    found.append("\(path): required field \(name) is missing")
                }
                let properties = schema["properties"] as? [String: Any] ?? [:]
                let additional = schema["additionalProperties"]
                for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                    if let property = properties[name] {
                        found += problems(member, property, at: "\(path)/\(name)")
                    } else if let extra = additional as? [String: Any] {
                        found += problems(member, extra, at: "\(path)/\(name)")
                    } else if !properties.isEmpty, (additional as? Bool) != true {
                        found.append("\(path)/\(name): not in the documented schema")
                    }
                }
            case .array(let items):
                if let itemSchema = schema["items"] {
                    for (index, item) in items.prefix(5).enumerated() { found += problems(item, itemSchema, at: "\(path)/\(index)") }
                }
            default:
                break
            }
            return found
        }

        /// The documented schema of `status`'s JSON body of an operation.
        func responseSchema(_ method: String, _ template: String, status: Int) -> Any? {
            let item = shapes.resolve((shapes.root["paths"] as? [String: Any])?[template])
            let operation = shapes.resolve(item?[method.lowercased()])
            let response = shapes.resolve((operation?["responses"] as? [String: Any])?[String(status)])
            let content = response?["content"] as? [String: Any]
            return shapes.resolve(content?["application/json"])?["schema"]
        }

        func documentedStatuses(_ method: String, _ template: String) -> Set<Int> {
            let item = shapes.resolve((shapes.root["paths"] as? [String: Any])?[template])
            let operation = shapes.resolve(item?[method.lowercased()])
            return Set(((operation?["responses"] as? [String: Any]) ?? [:]).keys.compactMap { Int($0) })
        }
    }

    // MARK: - Enumerations

    /// The pre-screen signal codes the server writes in `signals[].code` of a review (and of a
    /// listing change) are the documented ones. `PreScreenSignal.Code.fraudSignals`
    /// (`fraud_signals`, added with the trust module) is missing from `Signal.code`: a client
    /// generated from the document fails to decode a review of a listing whose owner has open
    /// fraud signals — exactly the reviews that matter most.
    @Test func signalCodesAreTheDocumentedOnes() throws {
        let shapes = try OpenAPIShapes()
        let schemas = try #require(shapes.resolve(shapes.root["components"])?["schemas"] as? [String: Any])
        let signal = try #require(shapes.resolve(schemas["Signal"]))
        let documented = try #require(shapes.resolve((signal["properties"] as? [String: Any])?["code"])?["enum"] as? [String])
        #expect(Set(documented) == Set(PreScreenSignal.Code.allCases.map(\.rawValue)), "components/schemas/Signal/properties/code/enum")
    }

    // MARK: - Bodies of every read

    /// Every GET, with real ids, as an admin: a 200 body matches the documented schema.
    @Test func everyReadMatchesItsDocumentedSchema() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let checker = Checker(shapes: try OpenAPIShapes())
        let reads = fixture.router.routes.filter { $0.method == .get && $0.path.description.hasPrefix("/v1/") }.map(\.path.description)
        var logger = Logger(label: "review9b")
        logger.logLevel = .error
        let bodies = try await fixture.run(logger: logger) { client in
            let ids = try await RouteRobustnessTests.liveObjects(client, a)
            var bodies: [(template: String, body: Data)] = []
            for template in reads.sorted() {
                let path = try RouteRobustnessTests.paths(template, a: a, ids: ids)[0]
                for token in [a.secret(.admin), a.secret(.moderator), a.secret(.resident)] {
                    let response = try await client.call(.get, path, token: token)
                    guard response.status == .ok, response.headers[.contentType]?.hasPrefix("application/json") == true else { continue }
                    bodies.append((template, Data(buffer: response.body)))
                }
            }
            return bodies
        }
        var failures: Set<String> = []
        for (template, body) in bodies {
            let value = try JSONDecoder().decode(JSON.self, from: body)
            guard let schema = checker.responseSchema("GET", template, status: 200) else {
                failures.insert("GET \(template): 200 JSON without a documented schema")
                continue
            }
            failures.formUnion(checker.problems(value, schema, at: "GET \(template) "))
        }
        #expect(failures.isEmpty, "\(failures.count) differences from openapi.yaml:\n\(failures.sorted().prefix(80).joined(separator: "\n"))")
    }

    // MARK: - Statuses

    /// Every answer to the robustness table's probes (hostile queries, headers, bodies, ids, for an
    /// admin and a resident) has a status its operation documents: a generated client has no
    /// decoder (and a hand-written one no branch) for a status the document does not list.
    @Test func everyStatusIsDocumented() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let shapes = try OpenAPIShapes()
        let checker = Checker(shapes: shapes)
        let routes = fixture.router.routes.filter { $0.path.description.hasPrefix("/v1/") }
            .map { (method: $0.method, template: $0.path.description) }
            .map { (method: $0.method, template: $0.template, shape: shapes.shape($0.method, $0.template),
                    documented: checker.documentedStatuses($0.method.rawValue, $0.template)) }
        var logger = Logger(label: "review9b")
        logger.logLevel = .critical
        let undocumented = try await fixture.run(logger: logger) { client in
            let ids = try await RouteRobustnessTests.liveObjects(client, a)
            var found: [String: String] = [:]
            for route in routes.sorted(by: { "\($0.method) \($0.template)" < "\($1.method) \($1.template)" }) {
                let documented = route.documented, shape = route.shape
                var probes = try RouteRobustnessTests.probes(method: route.method, template: route.template, shape: shape, a: a, ids: ids)
                // Keep the run short: whole-request probes, not each field's every hostile value.
                probes = probes.filter { !$0.label.hasPrefix("/") && !$0.label.hasPrefix("line ") }
                for probe in probes {
                    for token in [a.secret(.admin), a.secret(.resident), nil] {
                        var headers = probe.headers
                        if let token { headers[.authorization] = "Bearer \(token)" }
                        let response = try await client.execute(
                            uri: probe.uri, method: probe.method, headers: headers, body: probe.body.map { ByteBuffer(bytes: $0) })
                        let status = Int(response.status.code)
                        guard !documented.contains(status) else { continue }
                        let code = (try? response.object()["code"] as? String) ?? "-"
                        let key = "\(route.method) \(route.template) → \(status) \(code)"
                        if found[key] == nil { found[key] = "[\(probe.label.prefix(50))]" }
                    }
                }
            }
            return found.map { "\($0.key) \($0.value)" }.sorted()
        }
        #expect(undocumented.isEmpty, "\(undocumented.count) undocumented statuses:\n\(undocumented.prefix(100).joined(separator: "\n"))")
    }

    /// A suspended or banned member's token is refused on every `/v1` route but the few
    /// `InactiveMemberRoutes` keeps open (403 `auth.member_inactive`), so every other operation
    /// documents 403 (session 15 review: eleven reads did not, and the probes above use only
    /// active members' tokens).
    @Test func everyRouteAnInactiveMemberIsRefusedDocuments403() throws {
        let fixture = try APIFixture()
        let checker = Checker(shapes: try OpenAPIShapes())
        let missing = fixture.router.routes
            .filter { $0.path.description.hasPrefix("/v1/") && !InactiveMemberRoutes.allows($0.method, $0.path.description) }
            .filter { !checker.documentedStatuses($0.method.rawValue, $0.path.description).contains(403) }
            .map { "\($0.method) \($0.path.description)" }
            .sorted()
        #expect(missing.isEmpty, "operations without 403 auth.member_inactive:\n\(missing.joined(separator: "\n"))")
    }

    /// Same Idempotency-Key, different body: 409 `idempotency.key_reused` (as the document's
    /// `IdempotencyKey` parameter says) — on operations whose documented responses have no 409:
    /// explaining a valuation, adding a case note, marking the inbox read.
    @Test func idempotencyConflictsAreDocumented() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let checker = Checker(shapes: try OpenAPIShapes())
        let documented = [
            "/v1/rules/{id}/explain": checker.documentedStatuses("POST", "/v1/rules/{id}/explain"),
            "/v1/cases/{id}/notes": checker.documentedStatuses("POST", "/v1/cases/{id}/notes"),
            "/v1/notifications/read-all": checker.documentedStatuses("POST", "/v1/notifications/read-all"),
        ]
        let answers = try await fixture.run { client in
            let report = try await client.call(
                .post, "/v1/reports", token: a.secret(.resident),
                json: #"{"target_type":"member","target_id":"\#(a.target.id)","category":"other","text":"多次借物不还"}"#)
            let caseID = try #require(try report.object()["case_id"] as? String)
            _ = try await client.call(.post, "/v1/cases/\(caseID)/claim", token: a.secret(.moderator))
            let explain = TenantIsolationTests.bodies["/v1/rules/{id}/explain"]!
            let calls: [(String, String, String, String, String)] = [
                ("/v1/rules/{id}/explain", "/v1/rules/\(a.ruleSet.id)/explain", a.secret(.resident), explain,
                 explain.replacingOccurrences(of: #""100""#, with: #""200""#)),
                ("/v1/cases/{id}/notes", "/v1/cases/\(caseID)/notes", a.secret(.moderator), #"{"text":"第一条"}"#, #"{"text":"第二条"}"#),
                ("/v1/notifications/read-all", "/v1/notifications/read-all", a.secret(.resident), "{}", #"{ }"#),
            ]
            var answers: [(String, Int, Int, String)] = []
            for (template, path, token, first, second) in calls {
                let one = try await client.call(.post, path, token: token, json: first, headers: [.idempotencyKey: "r9b-\(template)"])
                let two = try await client.call(.post, path, token: token, json: second, headers: [.idempotencyKey: "r9b-\(template)"])
                answers.append((template, Int(one.status.code), Int(two.status.code), (try? two.object()["code"] as? String) ?? "-"))
            }
            return answers
        }
        for (template, first, second, code) in answers {
            #expect((200..<300).contains(first), "\(template): the first request \(first)")
            #expect(second == 409 && code == "idempotency.key_reused", "\(template): \(second) \(code)")
            #expect(documented[template]?.contains(second) == true, "POST \(template) answers \(second) \(code); documented: \(documented[template]?.sorted() ?? [])")
        }
    }
}
