import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliAPI
import LinliApp
import LinliDomain
import LinliStore
import LinliDelivery
import Logging
import NIOCore
import LinliTestSupport
import Testing

/// One tenant's seeded objects and a token per role.
struct SeededCommunity: Sendable {
    let community: Community
    let household: Household
    /// role → (member, bearer secret)
    let logins: [Role: (member: Member, secret: String)]
    /// A resident nobody logs in as: the target of actions on "another member".
    let target: Member
    let targetToken: IssuedToken
    /// The rule-file version the community was created with (in force).
    let ruleSet: StoredRuleSet
    /// A webhook endpoint of the community.
    let endpoint: WebhookEndpointID
    /// A published listing of the resident, and a second one waiting in the review queue.
    let listing: Listing
    let pendingListing: Listing
    let review: ReviewItem
    /// A photo uploaded by the resident (distinct bytes per community).
    let photo: String
    /// A published offer of the target resident, free to be requested by anyone.
    let openListing: Listing
    /// An exchange of the resident (payer) with the target (provider), disputed and waiting for a moderator.
    let exchange: Exchange
    /// A swap market the organizer announced for two days ahead, and the resident's registration for it.
    let event: CommunityEvent
    let registration: EventRegistration
    /// The target's consent that the station staff member acts for her, already given up by the
    /// staff member (so it gives them no part in anything seeded, and does not turn them away), for
    /// routes that need a consent's id.
    let proxy: ProxyConsent
    /// The fixture's database, for the few steps the API cannot take on the real clock (an
    /// acceptance recorded before an exchange's start that lies in the past).
    let database: AppDatabase

    func secret(_ role: Role) -> String { logins[role]!.secret }
    func member(_ role: Role) -> Member { logins[role]!.member }
}

/// A real application over a real temporary SQLite file, with two communities (A and B) that
/// each have a member of every role.
/// `@unchecked`: the router is built once and only read (routes listing) after construction.
struct APIFixture: @unchecked Sendable {
    let environment: LinliEnvironment
    let router: Router<LinliRequestContext>
    let a: SeededCommunity
    let b: SeededCommunity
    /// Removed with the last copy of the fixture.
    let temporary: TemporaryDirectory

    init(settings: [String: String] = [:]) throws {
        temporary = try TemporaryDirectory(prefix: "linli-api")
        let directory = temporary.url
        var flags = settings
        flags["database.path"] = directory.appendingPathComponent("api.sqlite").path
        flags["photos.path"] = directory.appendingPathComponent("photos").path
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: flags)
        let database = try AppDatabase(path: configuration.databasePath)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        environment = try LinliEnvironment(configuration: configuration, database: database, logger: logger)
        router = LinliRouter.build(environment.apiDependencies())
        a = try Self.seed(environment, name: "社区A", imageWidth: 2)
        b = try Self.seed(environment, name: "社区B", imageWidth: 3)
    }

    static func seed(_ environment: LinliEnvironment, name: String, imageWidth: UInt32) throws -> SeededCommunity {
        let services = environment.listings
        return try environment.store.transactionSync { tx in
            let boot = try CommunityCommands.create(
                tx, input: NewCommunityInput(name: name, timezone: nil, adminDisplayName: "管理员", adminPhone: nil),
                rules: RuleSource.preset("default")!, principal: nil, actor: .commandLine)
            let admin = Principal(communityID: boot.community.id, memberID: boot.admin.id, role: .admin, tokenID: boot.token.token.id)
            let household = try HouseholdCommands.create(
                tx, community: boot.community.id, input: NewHouseholdInput(name: "1号楼 101", area: "北门"), principal: admin,
                actor: .commandLine)
            var logins: [Role: (Member, String)] = [.admin: (boot.admin, boot.token.secret)]
            var principals: [Role: Principal] = [.admin: admin]
            for role in Role.allCases where role != .admin {
                let member = try MemberCommands.create(
                    tx, community: boot.community.id,
                    // The moderator lives elsewhere: moderation of a housemate is refused
                    // (`moderation.own_household`), and the moderator reviews the resident's listings.
                    input: NewMemberInput(
                        displayName: "\(role.rawValue)", phone: nil, householdID: role == .moderator ? nil : household.id, role: role),
                    principal: admin, actor: .commandLine)
                let token = try TokenCommands.issue(
                    tx, community: boot.community.id, memberID: member.id, input: NewTokenInput(label: nil, expiresInDays: nil, note: "本人到站登记"),
                    principal: admin, actor: .commandLine)
                logins[role] = (member, token.secret)
                principals[role] = Principal(communityID: boot.community.id, memberID: member.id, role: role, tokenID: token.token.id)
            }
            let resident = principals[.resident]!, moderator = principals[.moderator]!
            let photo = try PhotoCommands.upload(
                tx, principal: resident, bytes: TestImages.png(width: imageWidth), declaredType: "image/png",
                storage: environment.photos).photo.sha256
            func post(_ title: String) throws -> ListingChange {
                try ListingCommands.create(
                    tx, principal: resident,
                    input: ListingInput(content: ListingFixtures.item(title, photos: [photo]), submit: true),
                    services: services, actor: .member(resident, requestID: nil))
            }
            let first = try post("折叠梯")
            _ = try ReviewCommands.claim(
                tx, principal: moderator, id: first.review!.id, expectedVersion: nil, services: services,
                actor: .member(moderator, requestID: nil))
            let published = try ReviewCommands.decide(
                tx, principal: moderator, id: first.review!.id, decision: ReviewDecision(decision: .approve), expectedVersion: nil,
                services: services, actor: .member(moderator, requestID: nil)).listing
            let pending = try post("电动螺丝刀")
            let target = try MemberCommands.create(
                tx, community: boot.community.id,
                input: NewMemberInput(displayName: "目标居民", phone: "13900000000", householdID: nil, role: .resident),
                principal: admin, actor: .commandLine)
            let targetToken = try TokenCommands.issue(
                tx, community: boot.community.id, memberID: target.id, input: NewTokenInput(label: nil, expiresInDays: nil, note: "本人到站登记"),
                principal: admin, actor: .commandLine)
            let ruleSet = try RuleSetCommands.list(tx.db, community: boot.community.id)[0]
            let targetPrincipal = Principal(communityID: boot.community.id, memberID: target.id, role: .resident, tokenID: targetToken.token.id)
            func publish(_ title: String) throws -> Listing {
                let change = try ListingCommands.create(
                    tx, principal: targetPrincipal, input: ListingInput(content: ListingFixtures.item(title), submit: true),
                    services: services, actor: .member(targetPrincipal, requestID: nil))
                _ = try ReviewCommands.claim(
                    tx, principal: moderator, id: change.review!.id, expectedVersion: nil, services: services,
                    actor: .member(moderator, requestID: nil))
                return try ReviewCommands.decide(
                    tx, principal: moderator, id: change.review!.id, decision: ReviewDecision(decision: .approve), expectedVersion: nil,
                    services: services, actor: .member(moderator, requestID: nil)).listing
            }
            let openListing = try publish("手推车")
            let disputedListing = try publish("电热水壶")
            let exchanges = environment.exchanges
            let requested = try ExchangeCommands.request(
                tx, principal: resident,
                input: ExchangeRequestInput(listingID: disputedListing.id, scheduledStart: tx.now.addingTimeInterval(3600), scheduledEnd: tx.now.addingTimeInterval(7200)),
                services: exchanges, actor: .member(resident, requestID: nil)).exchange
            _ = try ExchangeCommands.accept(
                tx, principal: targetPrincipal, id: requested.id, expectedVersion: nil, services: exchanges,
                actor: .member(targetPrincipal, requestID: nil))
            let exchange = try ExchangeIncidentCommands.dispute(
                tx, principal: resident, id: requested.id, input: ExchangeReasonInput(reason: "壶底漏水"), expectedVersion: nil,
                services: exchanges, actor: .member(resident, requestID: nil)).exchange
            let organizer = principals[.organizer]!
            let event = try CommunityEventCommands.create(
                tx, principal: organizer,
                input: NewCommunityEventInput(
                    kind: .swapMarket, title: "周末换物集市", place: "中心广场", startsAt: tx.now.addingTimeInterval(2 * 86_400),
                    endsAt: tx.now.addingTimeInterval(2 * 86_400 + 3 * 3_600), capacity: 30),
                actor: .member(organizer, requestID: nil), rules: exchanges.listings.rules).event
            let registration = try EventRegistrationCommands.register(
                tx, principal: resident, event: event.id, input: EventRegistrationInput(), actor: .member(resident, requestID: nil)).registration
            let endpoint = try WebhookEndpointCommands.create(
                tx, principal: admin,
                draft: EndpointDraft(url: "https://hooks.example.org/linli", format: .standard, events: ["member.*"]),
                actor: .commandLine)
            let staff = principals[.stationStaff]!
            let granted = try ProxyConsentCommands.grant(
                tx, principal: targetPrincipal, input: NewProxyConsentInput(agentID: staff.memberID),
                actor: .member(targetPrincipal, requestID: nil))
            // Given up by the staff member, not withdrawn by her: one she withdrew would turn the
            // staff member away from new work in her name (`ProxyConsents.checkNotTurnedAway`),
            // which the desk's tests do for her.
            let proxy = try ProxyConsentCommands.revoke(
                tx, principal: staff, id: granted.id, input: ProxyRevocationInput(reason: nil), expectedVersion: nil,
                actor: .member(staff, requestID: nil))
            // Her inbox starts empty, as the inbox tests expect: the notice of this seeded consent goes.
            try tx.db.execute(
                sql: "DELETE FROM member_notifications WHERE member_id = ? AND kind = 'proxy_recorded_for_you'", arguments: [target.id.rawValue])
            return SeededCommunity(
                community: boot.community, household: household, logins: logins.mapValues { (member: $0.0, secret: $0.1) },
                target: target, targetToken: targetToken, ruleSet: ruleSet, endpoint: endpoint.endpoint.id,
                listing: published, pendingListing: pending.listing, review: pending.review!, photo: photo, openListing: openListing,
                exchange: exchange, event: event, registration: registration, proxy: proxy, database: environment.database)
        }
    }

    /// Runs a block against the application in-process (with `logger`, e.g. one that leaves out
    /// the access log of tens of thousands of requests).
    func run<Value: Sendable>(
        logger: Logger? = nil, _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = Application(router: router, logger: logger)
        return try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    /// Sends a request with a bearer token and an optional JSON body.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(buffer: body))
        guard let object = value as? [String: Any] else { throw APITestError.notAnObject(String(buffer: body)) }
        return object
    }
}

enum APITestError: Error {
    case notAnObject(String)
}

/// Listing bodies and contents used across the API tests.
enum ListingFixtures {
    static func item(_ title: String, photos: [String] = [], cost: String = "300.00") -> ListingContent {
        ListingContent(
            direction: .offer, kind: .item, categoryCode: "tools", title: title, description: "九成新，功能正常。", area: "北门",
            photos: photos, declaredCost: cost, ageMonths: 6, condition: .good, quantity: 1)
    }

    static let itemJSON = #"{"direction":"offer","kind":"item","category":"tools","title":"手电钻","description":"九成新","declared_cost":"300","age_months":6,"condition":"good"}"#
}

/// Exchange bodies used across the API tests (scheduled tomorrow, relative to the real clock the API runs on).
enum ExchangeFixtures {
    static func requestJSON(_ listing: ListingID) -> String {
        let formatter = ISO8601DateFormatter()
        let start = Date().addingTimeInterval(86_400)
        return #"{"listing_id":"\#(listing)","scheduled_start":"\#(formatter.string(from: start))","scheduled_end":"\#(formatter.string(from: start.addingTimeInterval(3600)))","message":"明天上午方便吗？"}"#
    }

    /// An exchange that started half an hour ago (past the default rules' 15-minute no-show grace)
    /// and ends in an hour. Accepted now, the grace would run from the acceptance: call
    /// `acceptedBeforeTheStart` after accepting to report a no-show at once.
    static func startedJSON(_ listing: ListingID) -> String {
        let formatter = ISO8601DateFormatter()
        let start = Date().addingTimeInterval(-1800)
        return #"{"listing_id":"\#(listing)","scheduled_start":"\#(formatter.string(from: start))","scheduled_end":"\#(formatter.string(from: start.addingTimeInterval(5400)))"}"#
    }

    /// Records the acceptance of exchange `id` as made a day before its start (as if accepted then,
    /// which the real clock the API runs on cannot do for an exchange that started already).
    static func acceptedBeforeTheStart(_ a: SeededCommunity, _ id: String) throws {
        try a.database.writeSync { db in
            try db.execute(
                sql: "UPDATE exchanges SET accepted_at = strftime('%Y-%m-%d %H:%M:%f', scheduled_start, '-1 day') WHERE id = ?",
                arguments: [id])
        }
    }

    /// Over HTTP in community `a`: the resident requests the target's open listing, the target
    /// accepts, the resident reports the target absent and the target contests. Returns the id.
    static func contestedNoShow(_ client: any TestClientProtocol, _ a: SeededCommunity) async throws -> String {
        let created = try await client.call(.post, "/v1/exchanges", token: a.secret(.resident), json: startedJSON(a.openListing.id))
        let id = try #require(try created.object()["id"] as? String)
        #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret).status == .ok)
        try acceptedBeforeTheStart(a, id)
        #expect(try await client.call(.post, "/v1/exchanges/\(id)/no-show", token: a.secret(.resident)).status == .ok)
        let contested = try await client.call(
            .post, "/v1/exchanges/\(id)/contest-no-show", token: a.targetToken.secret, json: #"{"reason":"我按时到了，门卫可以作证"}"#)
        #expect(contested.status == .created)
        return id
    }
}

/// Event bodies used across the API tests (relative to the real clock the API runs on).
enum EventFixtures {
    static func newJSON(startsIn: TimeInterval = 3 * 86_400, capacity: Int = 20, perHousehold: Int = 2) -> String {
        let formatter = ISO8601DateFormatter()
        let start = Date().addingTimeInterval(startsIn)
        return #"{"kind":"swap_market","title":"旧物换新集市","description":"每户带三件闲置","place":"社区广场","starts_at":"\#(formatter.string(from: start))","ends_at":"\#(formatter.string(from: start.addingTimeInterval(3 * 3_600)))","capacity":\#(capacity),"per_household_limit":\#(perHousehold)}"#
    }
}
