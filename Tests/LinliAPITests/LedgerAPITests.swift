import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliDomain
import NIOCore
import LinliTestSupport
import Testing
@testable import LinliAPI
@testable import LinliStore

/// The ledger routes end to end through the real router, middleware and a real SQLite file.
@Suite("Ledger API")
struct LedgerAPITests {
    /// A community with an admin, an organizer and two residents, each with a token.
    final class World: @unchecked Sendable {
        let directory: URL
        let database: AppDatabase
        let store: Store
        let community: CommunityID
        var members: [String: MemberID] = [:]
        var tokens: [String: String] = [:]

        /// `clock`: the store's (a manual one for a test that needs a known "now").
        init(clock: any WallClock = SystemWallClock()) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-ledger-api-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            database = try AppDatabase(path: directory.appendingPathComponent("api.sqlite").path)
            store = Store(database: database, clock: clock, ids: RandomIDGenerator(clock: clock))
            try MigrationRunner.shipped.migrate(database, now: clock.now())
            let boot = try store.transactionSync { tx in
                try CommunityCommands.create(
                    tx, input: NewCommunityInput(name: "幸福里", timezone: nil, adminDisplayName: "王主任", adminPhone: nil),
                    rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
            }
            community = boot.community.id
            members["admin"] = boot.admin.id
            tokens["admin"] = boot.token.secret
            for (name, role) in [("organizer", Role.organizer), ("alice", .resident), ("bob", .resident)] {
                let (member, token) = try store.transactionSync { tx in
                    let member = try MemberCommands.create(
                        tx, community: boot.community.id, input: NewMemberInput(displayName: name, phone: nil, householdID: nil, role: role),
                        principal: nil, actor: .commandLine)
                    let issued = try TokenCommands.issue(
                        tx, community: boot.community.id, memberID: member.id, input: NewTokenInput(label: "test", expiresInDays: 1),
                        principal: nil, actor: .commandLine)
                    return (member.id, issued.secret)
                }
                members[name] = member
                tokens[name] = token
            }
        }

        deinit {
            try? database.close()
            try? FileManager.default.removeItem(at: directory)
        }

        func router() -> Router<LinliRequestContext> {
            LinliRouter.build(APIDependencies(
                store: store, settings: APISettings(), defaultRules: RuleSource.preset("default")!, readiness: { (true, [:]) },
                metricsText: { "" }, observer: nil))
        }

        func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            try await Application(router: router()).test(.router, body)
        }
    }

    static func headers(_ token: String?, key: String? = nil, language: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let key { fields[HTTPField.Name("Idempotency-Key")!] = key }
        if let language { fields[.acceptLanguage] = language }
        return fields
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
    }

    static func body(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
    }

    @Test("adjust, read balances, statements as JSON and CSV, with the right permissions")
    func balancesAndStatements() async throws {
        try await AwayFromLocalMidnight.begin()  // a one-day statement of today, below
        let world = try World()
        let alice = world.members["alice"]!.rawValue
        try await world.test { client in
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: Self.headers(world.tokens["admin"]),
                body: try Self.body(["member_id": alice, "amount": 50, "reason": "开户赠送，含\"欢迎\""])
            ) { response in
                #expect(response.status == .created)
                let transfer = try Self.json(response.body)
                #expect(transfer["kind"] as? String == "adjustment")
                #expect(transfer["amount"] as? Int == 50)
                #expect((transfer["postings"] as? [[String: Any]])?.count == 2)
                #expect(response.headers[.location]?.hasPrefix("/v1/ledger/transfers/trf_") == true)
            }
            try await client.execute(uri: "/v1/members/\(alice)/balance", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                #expect(response.status == .ok)
                let balance = try Self.json(response.body)
                #expect(balance["balance"] as? Int == 50)
                #expect(balance["available"] as? Int == 150)
                #expect(balance["near_limit"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/members/\(alice)/balance", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/members/\(alice)/balance", method: .get, headers: Self.headers(world.tokens["organizer"])) { response in
                #expect(response.status == .ok)
            }
            var jsonLines: [[String: Any]] = []
            try await client.execute(uri: "/v1/members/\(alice)/statement?kind=adjustment", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                #expect(response.status == .ok)
                jsonLines = try #require(try Self.json(response.body)["items"] as? [[String: Any]])
                #expect(jsonLines.count == 1)
                #expect(jsonLines.first?["balance_after"] as? Int == 50)
            }
            try await client.execute(uri: "/v1/members/\(alice)/statement?format=csv", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let text = String(buffer: response.body)
                let rows = CSVReader.parse(String(text.dropFirst()))
                #expect(rows.count == 2)
                let record = Dictionary(uniqueKeysWithValues: zip(rows[0], rows[1]))
                #expect(record["transfer_id"] == jsonLines.first?["transfer_id"] as? String)
                #expect(record["reason"] == "开户赠送，含\"欢迎\"")
                #expect(record["balance_after"] == "50")
            }
            try await client.execute(uri: "/v1/members/\(alice)/statement?kind=nonsense", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/members/\(alice)/statement?from=2026-03-01&to=2026-02-01", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                #expect(response.status == .badRequest)
            }
            // A date `to` takes the whole day: today's statement is from today to today.
            var shanghai = Calendar(identifier: .gregorian)
            shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            let day = shanghai.dateComponents([.year, .month, .day], from: Date())
            let today = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
            try await client.execute(
                uri: "/v1/members/\(alice)/statement?from=\(today)&to=\(today)", method: .get, headers: Self.headers(world.tokens["alice"])
            ) { response in
                #expect(response.status == .ok)
                let items = try Self.json(response.body)["items"] as? [[String: Any]]
                #expect(items?.count == 1)
            }
        }
    }

    @Test("rewards: organizers only, idempotent by key, caps answered with a stable code in the caller's language")
    func rewards() async throws {
        try await AwayFromLocalMidnight.begin()  // the daily caps count the community's local day
        let world = try World()
        let bob = world.members["bob"]!.rawValue
        // Kinds and points as rules/default.yaml names them (event_help: 15 points, twice a day).
        let reward = try Self.body(["member_id": bob, "points": 15, "category": "event_help", "reason": "活动帮手"])
        try await world.test { client in
            try await client.execute(uri: "/v1/ledger/rewards", method: .post, headers: Self.headers(world.tokens["alice"]), body: reward) { response in
                #expect(response.status == .forbidden)
                let object = try Self.json(response.body)
                #expect(object["code"] as? String == "forbidden")
            }
            var first = ""
            try await client.execute(uri: "/v1/ledger/rewards", method: .post, headers: Self.headers(world.tokens["organizer"], key: "r-1"), body: reward) { response in
                #expect(response.status == .created)
                first = try #require(try Self.json(response.body)["id"] as? String)
            }
            try await client.execute(uri: "/v1/ledger/rewards", method: .post, headers: Self.headers(world.tokens["organizer"], key: "r-1"), body: reward) { response in
                #expect(response.status == .created)  // the HTTP layer replays the stored response
                let object = try Self.json(response.body)
                #expect(object["id"] as? String == first)
            }
            try await client.execute(uri: "/v1/ledger/rewards", method: .post, headers: Self.headers(world.tokens["organizer"], key: "r-2"), body: reward) { response in
                #expect(response.status == .created)
            }
            for (category, points) in [("community_cleaning", 20), ("weekly_topic", 10)] {
                let body = try Self.body(["member_id": bob, "points": points, "category": category, "reason": "社区活动"])
                try await client.execute(uri: "/v1/ledger/rewards", method: .post, headers: Self.headers(world.tokens["organizer"]), body: body) { response in
                    #expect(response.status == .created)
                }
            }
            // 60 received today: the member's daily cap (60) is reached.
            try await client.execute(
                uri: "/v1/ledger/rewards", method: .post, headers: Self.headers(world.tokens["organizer"], language: "en"),
                body: try Self.body(["member_id": bob, "points": 15, "category": "event_help", "reason": "again"])
            ) { response in
                #expect(response.status == .conflict)
                let problem = try Self.json(response.body)
                #expect(problem["code"] as? String == "ledger.member_daily_reward_cap_exceeded")
                #expect((problem["detail"] as? String)?.contains("received 60 reward points today") == true)
            }
            try await client.execute(uri: "/v1/members/\(bob)/balance", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                let object = try Self.json(response.body)
                #expect(object["balance"] as? Int == 60)
            }
            // Each reward line reads by the rule file's name of the reward, in JSON and CSV
            // (helper 142: "社区奖励" and the code `event_help` were all a printed statement said).
            try await client.execute(uri: "/v1/members/\(bob)/statement", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                let items = try #require(try Self.json(response.body)["items"] as? [[String: Any]])
                #expect(items.compactMap { $0["kind_label"] as? String } == ["社区奖励：活动帮手", "社区奖励：活动帮手", "社区奖励：社区清洁", "社区奖励：每周话题"])
            }
            try await client.execute(
                uri: "/v1/members/\(bob)/statement?format=csv", method: .get, headers: Self.headers(world.tokens["bob"], language: "en")
            ) { response in
                #expect(String(buffer: response.body).contains(",Community reward: Event help\r\n"), "\(String(buffer: response.body))")
            }
        }
    }

    @Test("adjustments need an admin, a reason and whole points; reversals happen once")
    func correctionsAndReversal() async throws {
        let world = try World()
        let alice = world.members["alice"]!.rawValue
        try await world.test { client in
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: Self.headers(world.tokens["organizer"]),
                body: try Self.body(["member_id": alice, "amount": 5, "reason": "r"])
            ) { response in #expect(response.status == .forbidden) }
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: Self.headers(world.tokens["admin"]),
                body: try Self.body(["member_id": alice, "amount": 5])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try Self.json(response.body)["errors"] as? [[String: Any]]
                #expect(errors?.first?["pointer"] as? String == "/reason")
            }
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: Self.headers(world.tokens["admin"]),
                body: try Self.body(["member_id": alice, "amount": 1.5, "reason": "r"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try Self.json(response.body)["errors"] as? [[String: Any]]
                // Integer points only: a fractional amount is refused at the field, never rounded.
                #expect(["field.wrong_type", "field.invalid_format"].contains(errors?.first?["code"] as? String ?? ""))
            }
            var transferID = ""
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: Self.headers(world.tokens["admin"]),
                body: try Self.body(["member_id": alice, "amount": 40, "reason": "补录"])
            ) { response in
                #expect(response.status == .created)
                transferID = try #require(try Self.json(response.body)["id"] as? String)
            }
            try await client.execute(uri: "/v1/ledger/transfers/\(transferID)", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/ledger/transfers/\(transferID)", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/v1/ledger/transfers/\(transferID)/reversal", method: .post, headers: Self.headers(world.tokens["admin"]),
                body: try Self.body(["reason": "录错人了"])
            ) { response in
                #expect(response.status == .created)
                let reversal = try Self.json(response.body)
                #expect(reversal["kind"] as? String == "reversal")
                #expect(reversal["reverses_id"] as? String == transferID)
            }
            try await client.execute(
                uri: "/v1/ledger/transfers/\(transferID)/reversal", method: .post, headers: Self.headers(world.tokens["admin"]),
                body: try Self.body(["reason": "再来一次"])
            ) { response in
                #expect(response.status == .conflict)
                let object = try Self.json(response.body)
                #expect(object["code"] as? String == "ledger.already_reversed")
            }
            try await client.execute(uri: "/v1/members/\(alice)/balance", method: .get, headers: Self.headers(world.tokens["alice"])) { response in
                let object = try Self.json(response.body)
                #expect(object["balance"] as? Int == 0)
            }
            try await client.execute(uri: "/v1/ledger/summary?window_days=7", method: .get, headers: Self.headers(world.tokens["organizer"])) { response in
                #expect(response.status == .ok)
                let summary = try Self.json(response.body)
                #expect(summary["transfers_in_window"] as? Int == 2)
                #expect(summary["issued_by_issuance"] as? Int == 0)
                #expect(summary["points_in_circulation"] as? Int == 0 && summary["member_figures_from_accounts"] == nil)
            }
            // One member account: a resident would read alice's balance off the sums, so she sees
            // only the window and the count (not the donations pool: an adjustment paid from it is a
            // neighbour's), and from how many accounts the rest shows.
            try await client.execute(uri: "/v1/ledger/summary?window_days=7", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                #expect(response.status == .ok)
                let summary = try Self.json(response.body)
                #expect(Set(summary.keys) == ["window_days", "window_start", "window_end", "member_accounts", "member_figures_from_accounts"])
                #expect(summary["member_figures_from_accounts"] as? Int == 5 && summary["member_accounts"] as? Int == 1)
            }
            try await client.execute(uri: "/v1/ledger/summary?window_days=0", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                #expect(response.status == .badRequest)
                // A number out of range names the range (session 27 review).
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(problem?["code"] as? String == "query.out_of_range")
                #expect((problem?["detail"] as? String)?.contains("366") == true, "\(String(describing: problem))")
            }
            try await client.execute(uri: "/v1/ledger/summary?window_days=x", method: .get, headers: Self.headers(world.tokens["bob"])) { response in
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(problem?["code"] as? String == "query.invalid")
            }
        }
        let report = try world.database.readSync { db in try LedgerVerifier().verify(db) }
        #expect(report.isClean)
    }

    @Test("every route is documented in the OpenAPI document and every documented operation is routed")
    func documented() throws {
        let world = try World()
        let routed = Set(world.router().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = try OpenAPIDocument.shipped.operations()
        #expect(routed.subtracting(documented).sorted() == [])
        #expect(documented.subtracting(routed).sorted() == [])
        for ledger in [
            "GET /v1/members/{id}/balance", "GET /v1/members/{id}/statement", "GET /v1/ledger/summary",
            "GET /v1/ledger/transfers/{id}", "POST /v1/ledger/rewards", "POST /v1/ledger/donations",
            "POST /v1/ledger/adjustments", "POST /v1/ledger/transfers/{id}/reversal",
        ] {
            #expect(routed.contains(ledger), "\(ledger)")
        }
    }
}

