import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// The exchange routes over HTTP: the whole happy path with If-Match and Idempotency-Key, the
/// problem answers (409 with the current state, stale versions), and party-only visibility.
@Suite struct ExchangesHTTPTests {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    @Test func requestAcceptCompleteOverHTTP() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.secret(.resident), target = a.targetToken.secret
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/exchanges", token: resident, json: ExchangeFixtures.requestJSON(a.openListing.id))
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let body = try created.object()
            let id = try #require(body["id"] as? String)
            #expect(created.headers[.location] == "/v1/exchanges/\(id)")
            #expect(body["state"] as? String == "requested")
            #expect(body["payer_id"] as? String == a.member(.resident).id.rawValue)
            #expect(body["provider_id"] as? String == a.target.id.rawValue)

            // Before accepting, the owner sees the requester's standing (and the requester the owner's).
            let seen = try await client.call(.get, "/v1/exchanges/\(id)", token: target)
            let credit = try #require(try seen.object()["credit"] as? [String: [String: Any]])
            #expect(credit["payer"]?["member_id"] as? String == a.member(.resident).id.rawValue)
            #expect(credit["payer"]?["level"] as? Int != nil && credit["payer"]?["score"] as? String != nil)
            #expect(credit["provider"]?["member_id"] as? String == a.target.id.rawValue)
            #expect(try seen.object()["frozen_by_case"] == nil)

            // The requester cannot accept their own request: 403 naming who may.
            let wrongParty = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: resident)
            #expect(wrongParty.status == .forbidden)
            #expect(try wrongParty.object()["code"] as? String == "exchange.not_your_part")
            // A stale If-Match is a version conflict.
            let stale = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: target, headers: [.ifMatch: "\"9\""])
            #expect(stale.status == .conflict)
            #expect(try stale.object()["code"] as? String == "version_conflict")
            let accepted = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: target, headers: [.ifMatch: "\"1\""])
            #expect(accepted.status == .ok)
            #expect(try accepted.object()["hold_id"] as? String != nil)
            // Accepting again: 409 with the current state.
            let again = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: target)
            #expect(again.status == .conflict)
            let problem = try again.object()
            #expect(problem["code"] as? String == "exchange.invalid_transition")
            #expect((problem["detail"] as? String)?.contains("accepted") == true)

            // Completion with an Idempotency-Key: a retry replays the answer, nothing moves twice.
            let key: HTTPFields = [Self.idempotencyKey: "complete-\(id)"]
            let completed = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: resident, json: "{}", headers: key)
            #expect(completed.status == .ok)
            #expect(try completed.object()["state"] as? String == "completed")
            let replay = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: resident, json: "{}", headers: key)
            #expect(replay.status == .ok)
            #expect(try replay.object()["version"] as? Int == (try completed.object()["version"] as? Int))

            // Outsiders get 404, moderators see it, the parties list it.
            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: a.secret(.organizer)).status == .notFound)
            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: a.secret(.moderator)).status == .ok)
            let mine = try await client.call(.get, "/v1/exchanges?state=completed", token: target).object()
            #expect((mine["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            #expect(try await client.call(.get, "/v1/exchanges?state=bogus", token: target).status == .badRequest)
        }
        let balances = try fixture.environment.database.readSync { db in
            (try LedgerAccounts.member(db, community: a.community.id, member: a.target.id).balance,
             try LedgerVerifier().verify(db).isClean)
        }
        #expect(balances.0 == a.openListing.valuation.points)
        #expect(balances.1)
    }

    @Test func validationProblems() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let unknown = try await client.call(.post, "/v1/exchanges", token: a.secret(.resident), json: #"{"listing_id":"x","bogus":1}"#)
            #expect(unknown.status == .unprocessableContent)
            let own = try await client.call(
                .post, "/v1/exchanges", token: a.targetToken.secret, json: ExchangeFixtures.requestJSON(a.openListing.id),
                headers: [.acceptLanguage: "en"])
            #expect(own.status == .conflict)
            #expect(try own.object()["code"] as? String == "exchange.with_self")
            // A dispute needs a reason.
            let noReason = try await client.call(.post, "/v1/exchanges/\(a.exchange.id)/dispute", token: a.secret(.resident), json: "{}")
            #expect(noReason.status == .unprocessableContent)
            // Resolving with compensation above the exchange points is refused field by field.
            let tooMuch = try await client.call(
                .post, "/v1/exchanges/\(a.exchange.id)/resolve", token: a.secret(.moderator),
                json: #"{"outcome":"compensate","compensation_points":100000,"note":"x"}"#)
            #expect(tooMuch.status == .unprocessableContent)
            let resolved = try await client.call(
                .post, "/v1/exchanges/\(a.exchange.id)/resolve", token: a.secret(.moderator),
                json: #"{"outcome":"compensate","compensation_points":2,"note":"漏水轻微，补偿 2 分"}"#)
            #expect(resolved.status == .ok)
            let dispute = try resolved.object()["dispute"] as? [String: Any]
            #expect(dispute?["resolution"] as? String == "compensate")
        }
    }
}
