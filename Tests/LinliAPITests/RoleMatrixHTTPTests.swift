import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// The authorization table over HTTP: every operation, tried by every role, must answer 2xx for
/// exactly the roles listed and 403 for the others.
@Suite struct RoleMatrixHTTPTests {
    struct Operation: Sendable, CustomTestStringConvertible {
        let name: String
        let method: HTTPRequest.Method
        /// Builds the path from community A's seeded objects.
        let path: @Sendable (SeededCommunity) -> String
        let body: String?
        let allowed: Set<Role>
        /// A body that names community A's seeded objects (when `body` cannot be a constant).
        var dynamicBody: (@Sendable (SeededCommunity) -> String)? = nil
        /// Creates what the operation acts on over HTTP first (as the parties) and returns its path.
        var prepare: (@Sendable (any TestClientProtocol, SeededCommunity) async throws -> String)? = nil
        var testDescription: String { name }
    }

    static let everyone = Set(Role.allCases)

    static let operations: [Operation] = [
        Operation(name: "read me", method: .get, path: { _ in "/v1/me" }, body: nil, allowed: everyone),
        Operation(
            name: "create community", method: .post, path: { _ in "/v1/communities" },
            body: #"{"name":"新社区","admin_display_name":"新管理员"}"#, allowed: [.admin]),
        Operation(name: "read community", method: .get, path: { "/v1/communities/\($0.community.id)" }, body: nil, allowed: everyone),
        Operation(
            name: "rename community", method: .patch, path: { "/v1/communities/\($0.community.id)" }, body: #"{"name":"改名"}"#,
            allowed: [.admin]),
        Operation(name: "list households", method: .get, path: { _ in "/v1/households" }, body: nil, allowed: everyone),
        Operation(
            name: "create household", method: .post, path: { _ in "/v1/households" }, body: #"{"name":"2号楼"}"#,
            allowed: [.organizer, .admin, .stationStaff]),
        Operation(name: "read household", method: .get, path: { "/v1/households/\($0.household.id)" }, body: nil, allowed: everyone),
        Operation(
            name: "edit household", method: .patch, path: { "/v1/households/\($0.household.id)" }, body: #"{"area":"南门"}"#,
            allowed: [.organizer, .admin, .stationStaff]),
        Operation(name: "list members", method: .get, path: { _ in "/v1/members" }, body: nil, allowed: everyone),
        Operation(
            name: "register resident", method: .post, path: { _ in "/v1/members" }, body: #"{"display_name":"新居民"}"#,
            allowed: [.organizer, .admin, .stationStaff]),
        Operation(
            name: "register moderator", method: .post, path: { _ in "/v1/members" },
            body: #"{"display_name":"新版主","role":"moderator"}"#, allowed: [.admin]),
        Operation(name: "read member", method: .get, path: { "/v1/members/\($0.target.id)" }, body: nil, allowed: everyone),
        Operation(
            name: "edit other member", method: .patch, path: { "/v1/members/\($0.target.id)" }, body: #"{"display_name":"改名"}"#,
            allowed: [.admin, .stationStaff]),
        Operation(
            name: "change role", method: .put, path: { "/v1/members/\($0.target.id)/role" }, body: #"{"role":"organizer"}"#,
            allowed: [.admin]),
        Operation(
            name: "verify", method: .put, path: { "/v1/members/\($0.target.id)/verification" },
            body: #"{"verified":true,"reason":"身份证现场核验"}"#, allowed: [.admin, .stationStaff]),
        Operation(
            name: "suspend", method: .put, path: { "/v1/members/\($0.target.id)/status" }, body: nil, allowed: [.moderator, .admin],
            // A moderator suspends with an end within `moderation.max_suspension_days`.
            dynamicBody: { _ in
                #"{"status":"suspended","reason":"爽约","until":"\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400)))"}"#
            }),
        // Whoever may issue a resident a token may see and revoke hers (the desk replaces a lost
        // phone's); a staff member's only an admin (helper 140 #6).
        Operation(
            name: "list others' tokens", method: .get, path: { "/v1/members/\($0.target.id)/tokens" }, body: nil,
            allowed: [.admin, .stationStaff]),
        Operation(
            name: "list an admin's tokens", method: .get, path: { "/v1/members/\($0.member(.admin).id)/tokens" }, body: nil,
            allowed: [.admin]),
        // She already has a token: a replacement says on whose word it is issued.
        Operation(
            name: "issue token for other", method: .post, path: { "/v1/members/\($0.target.id)/tokens" }, body: #"{"note":"本人到站，已核对身份证"}"#,
            allowed: [.admin, .stationStaff]),
        // For a staff member it needs `member.create_staff` too (admin issuing for itself is its own token).
        Operation(
            name: "issue token for an admin", method: .post, path: { "/v1/members/\($0.member(.admin).id)/tokens" }, body: "{}",
            allowed: [.admin]),
        Operation(
            name: "revoke other's token", method: .delete, path: { "/v1/tokens/\($0.targetToken.token.id)" }, body: #"{"reason":"手机丢失"}"#,
            allowed: [.admin, .stationStaff]),
        Operation(name: "read audit log", method: .get, path: { _ in "/v1/audit" }, body: nil, allowed: [.moderator, .admin]),
        Operation(name: "list webhook endpoints", method: .get, path: { _ in "/v1/webhooks/endpoints" }, body: nil, allowed: [.organizer, .admin]),
        Operation(
            name: "create webhook endpoint", method: .post, path: { _ in "/v1/webhooks/endpoints" },
            body: #"{"url":"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc","format":"wecom","events":["listing.*"]}"#,
            allowed: [.organizer, .admin]),
        Operation(
            name: "rotate a webhook secret", method: .post, path: { "/v1/webhooks/endpoints/\($0.endpoint)/rotate-secret" }, body: nil,
            allowed: [.organizer, .admin]),
        Operation(name: "list rule versions", method: .get, path: { _ in "/v1/rules" }, body: nil, allowed: everyone),
        Operation(name: "read active rules", method: .get, path: { _ in "/v1/rules/active" }, body: nil, allowed: everyone),
        Operation(name: "read a rule version", method: .get, path: { "/v1/rules/\($0.ruleSet.id)" }, body: nil, allowed: everyone),
        Operation(
            name: "explain a valuation", method: .post, path: { "/v1/rules/\($0.ruleSet.id)/explain" },
            body: #"{"kind":"item","category":"household","declared_cost":"100","condition":"good","age_months":3}"#,
            allowed: everyone),

        // listings and review
        Operation(name: "list categories", method: .get, path: { _ in "/v1/categories" }, body: nil, allowed: everyone),
        Operation(name: "browse listings", method: .get, path: { _ in "/v1/listings?q=折叠梯" }, body: nil, allowed: everyone),
        Operation(name: "post listing", method: .post, path: { _ in "/v1/listings" }, body: ListingFixtures.itemJSON, allowed: everyone),
        Operation(name: "read published listing", method: .get, path: { "/v1/listings/\($0.listing.id)" }, body: nil, allowed: everyone),
        Operation(
            name: "edit the resident's listing (owner only)", method: .put, path: { "/v1/listings/\($0.listing.id)" },
            body: #"{"direction":"offer","kind":"item","category":"tools","title":"折叠梯（新）","description":"九成新","declared_cost":"300","age_months":6,"condition":"good"}"#,
            allowed: [.resident]),
        Operation(name: "withdraw listing", method: .post, path: { "/v1/listings/\($0.listing.id)/withdraw" }, body: nil, allowed: [.resident]),
        Operation(
            name: "remove listing", method: .post, path: { "/v1/listings/\($0.listing.id)/remove" },
            body: #"{"reason_code":"misleading","message":"照片与实物不符"}"#, allowed: [.moderator, .admin]),
        Operation(
            name: "listing history", method: .get, path: { "/v1/listings/\($0.listing.id)/history" }, body: nil,
            allowed: [.resident, .moderator, .admin]),
        Operation(name: "read photo", method: .get, path: { "/v1/photos/\($0.photo)" }, body: nil, allowed: everyone),
        Operation(name: "review queue", method: .get, path: { _ in "/v1/reviews" }, body: nil, allowed: [.moderator, .admin]),
        Operation(name: "queue health", method: .get, path: { _ in "/v1/reviews/health" }, body: nil, allowed: [.moderator, .admin]),
        Operation(name: "read review item", method: .get, path: { "/v1/reviews/\($0.review.id)" }, body: nil, allowed: [.moderator, .admin]),
        Operation(name: "claim review item", method: .post, path: { "/v1/reviews/\($0.review.id)/claim" }, body: nil, allowed: [.moderator, .admin]),

        // trust
        Operation(name: "read a member's credit score", method: .get, path: { "/v1/members/\($0.target.id)/credit" }, body: nil, allowed: everyone),
        Operation(
            name: "read the fraud report", method: .get, path: { "/v1/communities/\($0.community.id)/fraud-report?format=markdown" },
            body: nil, allowed: [.moderator, .admin]),
        Operation(
            name: "report a member", method: .post, path: { _ in "/v1/reports" }, body: nil, allowed: everyone,
            dynamicBody: { #"{"target_type":"member","target_id":"\#($0.target.id)","category":"harassment","text":"深夜噪音"}"# }),
        Operation(name: "list cases", method: .get, path: { _ in "/v1/cases" }, body: nil, allowed: [.moderator, .admin]),
        Operation(name: "list fraud signals", method: .get, path: { _ in "/v1/fraud-signals" }, body: nil, allowed: [.moderator, .admin]),
        Operation(
            name: "read a member's trust history", method: .get, path: { "/v1/members/\($0.target.id)/trust-history" }, body: nil,
            allowed: [.moderator, .admin]),
        // exchanges (party-only steps answer 404 to outsiders, so they are tested in ExchangesHTTPTests)
        Operation(name: "list exchanges", method: .get, path: { _ in "/v1/exchanges" }, body: nil, allowed: everyone),
        Operation(
            name: "request exchange", method: .post, path: { _ in "/v1/exchanges" }, body: nil, allowed: everyone,
            dynamicBody: { ExchangeFixtures.requestJSON($0.openListing.id) }),
        Operation(
            name: "resolve dispute", method: .post, path: { _ in "" },
            body: #"{"outcome":"refund","note":"壶底漏水，无法使用"}"#, allowed: [.moderator, .admin],
            // The seeded moderator lives in no household, so the row tests the role alone.
            prepare: { _, a in "/v1/exchanges/\(a.exchange.id)/resolve" }),
        Operation(name: "no-show contest queue", method: .get, path: { _ in "/v1/no-show-contests" }, body: nil, allowed: [.moderator, .admin]),
        // the caller's own inbox
        Operation(name: "read own notifications", method: .get, path: { _ in "/v1/notifications?unread=true" }, body: nil, allowed: everyone),
        Operation(name: "mark own notifications read", method: .post, path: { _ in "/v1/notifications/read-all" }, body: nil, allowed: everyone),
        Operation(
            name: "decide a no-show contest", method: .post, path: { _ in "" },
            body: #"{"outcome":"overturned","note":"门卫记录显示其按时到达"}"#, allowed: [.moderator, .admin],
            prepare: { client, a in "/v1/exchanges/\(try await ExchangeFixtures.contestedNoShow(client, a))/decide-contest" }),
        // community events (a registration of someone else's answers 404 to a resident: EventsHTTPTests)
        Operation(name: "list events", method: .get, path: { _ in "/v1/events" }, body: nil, allowed: everyone),
        Operation(name: "read event", method: .get, path: { "/v1/events/\($0.event.id)" }, body: nil, allowed: everyone),
        Operation(
            name: "announce event", method: .post, path: { _ in "/v1/events" }, body: nil, allowed: [.organizer, .admin],
            dynamicBody: { _ in EventFixtures.newJSON() }),
        Operation(
            name: "change event", method: .patch, path: { "/v1/events/\($0.event.id)" }, body: #"{"capacity":40}"#,
            allowed: [.organizer, .admin]),
        Operation(
            name: "cancel event", method: .post, path: { "/v1/events/\($0.event.id)/cancel" }, body: #"{"reason":"暴雨预警"}"#,
            allowed: [.organizer, .admin]),
        Operation(
            name: "register oneself", method: .post, path: { _ in "" }, body: "{}", allowed: everyone,
            prepare: { client, a in try await Self.announcedEvent(client, a, startsIn: 3 * 86_400) + "/registrations" }),
        Operation(
            name: "register a resident", method: .post, path: { "/v1/events/\($0.event.id)/registrations" }, body: nil,
            allowed: [.organizer, .admin, .stationStaff], dynamicBody: { #"{"member_id":"\#($0.target.id)"}"# }),
        Operation(
            name: "list an event's registrations", method: .get, path: { "/v1/events/\($0.event.id)/registrations" }, body: nil,
            allowed: [.organizer, .admin, .stationStaff]),
        Operation(
            name: "list a member's registrations", method: .get, path: { "/v1/members/\($0.target.id)/event-registrations" }, body: nil,
            allowed: [.organizer, .admin, .stationStaff]),
        Operation(
            name: "check in at the door", method: .post, path: { _ in "" }, body: nil, allowed: [.organizer, .admin, .stationStaff],
            prepare: { client, a in
                // A market starting in an hour (the door is open), with the resident registered.
                let events = try await Self.announcedEvent(client, a, startsIn: 3_600)
                let registered = try await client.call(.post, "\(events)/registrations", token: a.secret(.resident))
                return "/v1/event-registrations/\(try #require(try registered.object()["id"] as? String))/check-in"
            }),
    ]

    /// Announces an event over HTTP as the organizer and returns its path.
    static func announcedEvent(_ client: any TestClientProtocol, _ a: SeededCommunity, startsIn: TimeInterval) async throws -> String {
        let created = try await client.call(.post, "/v1/events", token: a.secret(.organizer), json: EventFixtures.newJSON(startsIn: startsIn))
        return "/v1/events/\(try #require(try created.object()["id"] as? String))"
    }

    @Test(arguments: operations)
    func operation(_ operation: Operation) async throws {
        for role in Role.allCases {
            // A fresh database per role, so one role's change cannot affect the next.
            let fixture = try APIFixture()
            let status = try await fixture.run { client in
                let path = try await operation.prepare?(client, fixture.a) ?? operation.path(fixture.a)
                return try await client.call(
                    operation.method, path, token: fixture.a.secret(role),
                    json: operation.dynamicBody?(fixture.a) ?? operation.body
                ).status
            }
            if operation.allowed.contains(role) {
                #expect((200..<300).contains(Int(status.code)), "\(operation.name) as \(role): \(status)")
            } else {
                #expect(status == .forbidden, "\(operation.name) as \(role): \(status)")
            }
        }
    }

    @Test func selfServiceNeedsNoPermission() async throws {
        let fixture = try APIFixture()
        let resident = fixture.a.member(.resident)
        try await fixture.run { client in
            let token = fixture.a.secret(.resident)
            #expect(try await client.call(.patch, "/v1/members/\(resident.id)", token: token, json: #"{"display_name":"我"}"#).status == .ok)
            #expect(try await client.call(.get, "/v1/members/\(resident.id)/tokens", token: token).status == .ok)
            let issued = try await client.call(.post, "/v1/members/\(resident.id)/tokens", token: token, json: #"{"label":"手机"}"#)
            #expect(issued.status == .created)
            let tokenID = try (issued.object()["token"] as? [String: Any])?["id"] as? String
            #expect(try await client.call(.delete, "/v1/tokens/\(tokenID ?? "")", token: token).status == .ok)
        }
    }
}
