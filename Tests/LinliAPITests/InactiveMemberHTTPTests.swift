import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import Testing

/// A suspended or banned member keeps access to their own standing, and to nothing else.
@Suite struct InactiveMemberHTTPTests {
    /// Every route left open to an inactive member is a real route: a renamed one would silently
    /// lock them out again.
    @Test func openRoutesAreRegistered() throws {
        let fixture = try APIFixture()
        let registered = Set(fixture.router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(InactiveMemberRoutes.allowed.subtracting(registered).sorted() == [])
    }

    /// Banned: the inbox tells them, `GET /v1/me` shows the status, the appeal goes through; the
    /// rest of the API (reads and writes) answers 403 `auth.member_inactive`.
    @Test func bannedMemberReadsTheirInboxAndAppealsButNothingElse() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let actionID = try await TrustStandingHTTPTests.resolveCaseAgainstTarget(client, a, actionJSON: #"{"kind":"ban"}"#)
            let token = a.targetToken.secret
            let me = try await client.call(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.object()["status"] as? String == "banned")
            let inbox = try await client.call(.get, "/v1/notifications", token: token)
            #expect(inbox.status == .ok)
            let items = try #require(try inbox.object()["items"] as? [[String: Any]])
            let notice = try #require(items.first { $0["kind"] as? String == "action_taken" })
            let noticeID = try #require(notice["id"] as? String)
            #expect(try await client.call(.post, "/v1/notifications/\(noticeID)/read", token: token).status == .ok)
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/listings"), (.get, "/v1/members/\(a.member(.resident).id)/balance"), (.get, "/v1/exchanges"),
                (.post, "/v1/reports"), (.get, "/v1/case-actions/\(actionID)/appeal"),
            ] {
                let refused = try await client.call(method, path, token: token, json: method == .post ? "{}" : nil)
                let code = try? refused.object()["code"] as? String
                #expect(refused.status == .forbidden && code == "auth.member_inactive" || refused.status == .methodNotAllowed, "\(method) \(path)")
            }
            let appeal = try await client.call(.post, "/v1/case-actions/\(actionID)/appeal", token: token, json: #"{"text":"请复核"}"#)
            #expect(appeal.status == .created)
            // Her points stay readable: what the decision did to them, and what she keeps.
            #expect(try await client.call(.get, "/v1/members/\(a.target.id)/balance", token: token).status == .ok)
            #expect(try await client.call(.get, "/v1/members/\(a.target.id)/statement", token: token).status == .ok)
        }
    }

    /// Helper 177 #1: a member suspended while holding a seat could not give it up (403), the
    /// door refused her, and the seat stayed empty while the line waited. She gives it up; the
    /// first in line gets it. Someone else's registration is still not hers to cancel.
    @Test func aSuspendedMemberGivesUpHerSeat() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/events", token: a.secret(.organizer), json: EventFixtures.newJSON(capacity: 1))
            let event = try #require(try created.object()["id"] as? String)
            let seat = try await client.call(.post, "/v1/events/\(event)/registrations", token: a.secret(.resident))
            let seatID = try #require(try seat.object()["id"] as? String)
            let waiting = try await client.call(.post, "/v1/events/\(event)/registrations", token: a.secret(.moderator), json: "{}")
            #expect(try waiting.object()["state"] as? String == "waitlisted")
            let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
            let suspended = try await client.call(
                .put, "/v1/members/\(a.member(.resident).id)/status", token: a.secret(.admin),
                json: #"{"status":"suspended","reason":"被举报，核查中","until":"\#(until)"}"#)
            #expect(suspended.status == .ok, "\(String(buffer: suspended.body))")
            let waitingID = try #require(try waiting.object()["id"] as? String)
            let notHers = try await client.call(.post, "/v1/event-registrations/\(waitingID)/cancel", token: a.secret(.resident))
            #expect(notHers.status == .notFound, "\(String(buffer: notHers.body))")
            let cancelled = try await client.call(.post, "/v1/event-registrations/\(seatID)/cancel", token: a.secret(.resident))
            #expect(cancelled.status == .ok, "\(String(buffer: cancelled.body))")
            #expect(try cancelled.object()["state"] as? String == "cancelled")
            let inbox = try await client.call(.get, "/v1/notifications", token: a.secret(.moderator))
            let kinds = (try inbox.object()["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("event_seat_granted"))
        }
    }

    /// Helper 168 #2: a payer suspended while her exchange was under way could neither dispute
    /// it nor report the provider absent, while automatic confirmation went on to pay the
    /// provider. She reads her exchange and objects to it; she starts nothing.
    @Test func aSuspendedPayerStillDisputesHerExchangeUnderWay() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let resident = a.secret(.resident)
            let created = try await client.call(.post, "/v1/exchanges", token: resident, json: ExchangeFixtures.requestJSON(a.openListing.id))
            let id = try #require(try created.object()["id"] as? String, "\(String(buffer: created.body))")
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret).status == .ok)
            let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
            let suspended = try await client.call(
                .put, "/v1/members/\(a.member(.resident).id)/status", token: a.secret(.admin),
                json: #"{"status":"suspended","reason":"被举报，核查中","until":"\#(until)"}"#)
            #expect(suspended.status == .ok, "\(String(buffer: suspended.body))")
            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: resident).status == .ok)
            let refused = try await client.call(.post, "/v1/exchanges", token: resident, json: ExchangeFixtures.requestJSON(a.openListing.id))
            #expect(refused.status == .forbidden)
            #expect(try refused.object()["code"] as? String == "auth.member_inactive")
            let disputed = try await client.call(.post, "/v1/exchanges/\(id)/dispute", token: resident, json: #"{"reason":"一直没收到手推车"}"#)
            #expect(disputed.status == .ok, "\(String(buffer: disputed.body))")
            #expect(try disputed.object()["state"] as? String == "disputed")
        }
    }

    /// The resident's request of the open listing, as its id.
    static func request(_ client: any TestClientProtocol, _ a: SeededCommunity) async throws -> String {
        let created = try await client.call(
            .post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.requestJSON(a.openListing.id))
        return try #require(try created.object()["id"] as? String, "\(String(buffer: created.body))")
    }

    /// `member` suspended for a month by the admin.
    static func suspend(_ client: any TestClientProtocol, _ a: SeededCommunity, _ member: MemberID) async throws {
        let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
        let suspended = try await client.call(
            .put, "/v1/members/\(member)/status", token: a.secret(.admin),
            json: #"{"status":"suspended","reason":"被举报，核查中","until":"\#(until)"}"#)
        #expect(suspended.status == .ok, "\(String(buffer: suspended.body))")
    }

    /// Helper 187 #1: a member suspended with an exchange under way could neither call it off
    /// nor take back her dispute: a provider suspended days before the walk was then charged as
    /// absent, and a payer's held points stayed held. Both sides may now, before the start.
    @Test func aSuspendedMemberCallsHerExchangeOff() async throws {
        for side in ["payer", "provider"] {
            let fixture = try APIFixture()
            let a = fixture.a
            try await fixture.run { client in
                let id = try await Self.request(client, a)
                #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret).status == .ok)
                let token = side == "payer" ? a.secret(.resident) : a.targetToken.secret
                try await Self.suspend(client, a, side == "payer" ? a.member(.resident).id : a.target.id)
                if side == "payer" {
                    let disputed = try await client.call(.post, "/v1/exchanges/\(id)/dispute", token: token, json: #"{"reason":"约错时间了"}"#)
                    #expect(disputed.status == .ok, "\(String(buffer: disputed.body))")
                    let withdrawn = try await client.call(
                        .post, "/v1/exchanges/\(id)/withdraw-dispute", token: token, json: #"{"reason":"误会，已说清"}"#)
                    #expect(withdrawn.status == .ok, "\(side) withdraws: \(String(buffer: withdrawn.body))")
                }
                let cancelled = try await client.call(.post, "/v1/exchanges/\(id)/cancel", token: token, json: #"{"reason":"临时有事，去不了"}"#)
                #expect(cancelled.status == .ok, "\(side) cancels: \(String(buffer: cancelled.body))")
                #expect(try cancelled.object()["state"] as? String == "cancelled", "\(side)")
            }
        }
    }

    /// Helper 190 #7: a suspended owner cancelling a neighbour's request she never answered
    /// would be declining it, which waits for her good standing; so do accepting and declining.
    @Test func aSuspendedOwnerDoesNotAnswerARequest() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let id = try await Self.request(client, a)
            try await Self.suspend(client, a, a.target.id)
            for step in ["cancel", "decline", "accept"] {
                let answer = try await client.call(.post, "/v1/exchanges/\(id)/\(step)", token: a.targetToken.secret, json: #"{"reason":"不换了"}"#)
                #expect(answer.status == .forbidden, "\(step): \(String(buffer: answer.body))")
                #expect(try answer.object()["code"] as? String == "auth.member_inactive", "\(step)")
            }
            // The requester may still call her own request off.
            let withdrawn = try await client.call(.post, "/v1/exchanges/\(id)/cancel", token: a.secret(.resident), json: #"{"reason":"不需要了"}"#)
            #expect(withdrawn.status == .ok, "\(String(buffer: withdrawn.body))")
        }
    }

    /// Session 35: a suspended member could not read her own balance or statement (the routes
    /// are shared with staff reading others'). They are open for her own id; a suspended
    /// moderator's `ledger.read_others` lapses with her standing, so she reads hers only, and a
    /// transfer she is not party to is as unknown to her as to any resident.
    @Test func aSuspendedModeratorReadsHerOwnPointsAndNoOneElses() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let residentID = a.member(.resident).id
            let statement = try await client.call(.get, "/v1/members/\(residentID)/statement", token: moderator)
            #expect(statement.status == .ok)
            let entries = try #require(try statement.object()["items"] as? [[String: Any]])
            let transfer = try #require(entries.compactMap { $0["transfer_id"] as? String }.first, "\(entries)")
            #expect(try await client.call(.get, "/v1/ledger/transfers/\(transfer)", token: moderator).status == .ok, "while in good standing")
            // A transfer of her own, to read while suspended.
            let adjusted = try await client.call(
                .post, "/v1/ledger/adjustments", token: a.secret(.admin),
                json: #"{"member_id":"\#(a.member(.moderator).id)","amount":5,"reason":"活动补贴"}"#)
            #expect(adjusted.status == .created, "\(String(buffer: adjusted.body))")
            let ownTransfer = try #require(try adjusted.object()["id"] as? String)

            let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400))
            let suspended = try await client.call(
                .put, "/v1/members/\(a.member(.moderator).id)/status", token: a.secret(.admin),
                json: #"{"status":"suspended","reason":"核查中","until":"\#(until)"}"#)
            #expect(suspended.status == .ok, "\(String(buffer: suspended.body))")

            let own = a.member(.moderator).id
            #expect(try await client.call(.get, "/v1/members/\(own)/balance", token: moderator).status == .ok)
            #expect(try await client.call(.get, "/v1/members/\(own)/statement", token: moderator).status == .ok)
            #expect(try await client.call(.get, "/v1/members/\(own)/statement?format=csv", token: moderator).status == .ok)
            for path in ["/v1/members/\(residentID)/balance", "/v1/members/\(residentID)/statement"] {
                let refused = try await client.call(.get, path, token: moderator)
                #expect(refused.status == .forbidden && (try? refused.object()["code"] as? String) == "auth.member_inactive", "\(path)")
            }
            #expect(try await client.call(.get, "/v1/ledger/transfers/\(transfer)", token: moderator).status == .notFound)
            #expect(try await client.call(.get, "/v1/ledger/transfers/\(ownTransfer)", token: moderator).status == .ok, "her own")
            // The rest of the ledger stays closed.
            #expect(try await client.call(.get, "/v1/ledger/summary", token: moderator).status == .forbidden)
        }
    }

    /// Helper 120: a member suspended after a no-show was recorded against her could not contest
    /// it within its window (403 `auth.member_inactive`), which a suspension outlasts. Contesting
    /// is her appeal of it, and stays open; trading does not.
    @Test func aSuspendedMemberContestsANoShowRecordedAgainstHer() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/exchanges", token: a.secret(.resident), json: ExchangeFixtures.startedJSON(a.openListing.id))
            let id = try #require(try created.object()["id"] as? String)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: a.targetToken.secret).status == .ok)
            try ExchangeFixtures.acceptedBeforeTheStart(a, id)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/no-show", token: a.secret(.resident)).status == .ok)
            try fixture.environment.database.writeSync { db in
                try db.execute(sql: "UPDATE members SET status = 'suspended', suspended_until = NULL WHERE id = ?", arguments: [a.target.id.rawValue])
            }
            let token = a.targetToken.secret
            #expect(try await client.call(.get, "/v1/exchanges", token: token).status == .forbidden)
            let contested = try await client.call(
                .post, "/v1/exchanges/\(id)/contest-no-show", token: token, json: #"{"reason":"我按时到了，门卫可以作证"}"#)
            #expect(contested.status == .created, "\(String(buffer: contested.body))")
            #expect(try await client.call(.get, "/v1/exchanges/\(id)/no-show-contest", token: token).status == .ok)
        }
    }
}
