import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Taking back a dispute and contesting a no-show over HTTP: who gets which answer (these routes
/// are for parties, so outsiders get 404 and the wrong party 403), and what moved in the ledger.
@Suite struct ExchangeAppealsHTTPTests {
    @Test func withdrawDisputeOverHTTP() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let path = "/v1/exchanges/\(a.exchange.id)/withdraw-dispute"  // disputed by the resident (payer)
        try await fixture.run { client in
            for role in [Role.organizer, .stationStaff] {
                #expect(try await client.call(.post, path, token: a.secret(role)).status == .notFound, "\(role)")
            }
            for role in [Role.moderator, .admin] {
                let answer = try await client.call(.post, path, token: a.secret(role))
                #expect(answer.status == .forbidden, "\(role)")
                #expect(try answer.object()["code"] as? String == "exchange.not_your_part")
            }
            let other = try await client.call(.post, path, token: a.targetToken.secret, headers: [.acceptLanguage: "en"])
            #expect(other.status == .forbidden)
            #expect(try other.object()["code"] as? String == "exchange.not_dispute_opener")
            let stale = try await client.call(.post, path, token: a.secret(.resident), headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            let tooLong = try await client.call(.post, path, token: a.secret(.resident), json: #"{"reason":"\#(String(repeating: "长", count: 501))"}"#)
            #expect(tooLong.status == .unprocessableContent)
            let withdrawn = try await client.call(
                .post, path, token: a.secret(.resident), json: #"{"reason":"卖家答应上门修好"}"#,
                headers: [.ifMatch: "\"\(a.exchange.version)\""])
            #expect(withdrawn.status == .ok)
            let body = try withdrawn.object()
            #expect(body["state"] as? String == "accepted")
            #expect(body["dispute"] == nil)
            let again = try await client.call(.post, path, token: a.secret(.resident))
            #expect(again.status == .conflict)
            #expect(try again.object()["code"] as? String == "exchange.invalid_transition")
        }
        let state = try fixture.environment.database.readSync { db in
            (try String.fetchOne(db, sql: "SELECT state FROM ledger_holds WHERE id = ?", arguments: [a.exchange.holdID!.rawValue]),
             try LedgerVerifier().verify(db).isClean)
        }
        #expect(state.0 == "held" && state.1)
    }

    @Test func contestNoShowOverHTTP() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let moderator = a.secret(.moderator)
        try await fixture.run { client in
            let id = try await ExchangeFixtures.contestedNoShow(client, a)
            let contestPath = "/v1/exchanges/\(id)/no-show-contest"
            // Parties and moderators read it; outsiders do not see the exchange at all.
            let read = try await client.call(.get, contestPath, token: a.secret(.resident))
            #expect(read.status == .ok)
            #expect(try read.object()["state"] as? String == "open")
            #expect(try read.object()["absent_member_id"] as? String == a.target.id.rawValue)
            #expect(try await client.call(.get, contestPath, token: moderator).status == .ok)
            #expect(try await client.call(.get, contestPath, token: a.secret(.organizer)).status == .notFound)
            // Only the member named absent contests, once; a reason is required.
            let byReporter = try await client.call(.post, "/v1/exchanges/\(id)/contest-no-show", token: a.secret(.resident), json: #"{"reason":"x"}"#)
            #expect(try byReporter.object()["code"] as? String == "exchange.not_absent_member")
            let twice = try await client.call(.post, "/v1/exchanges/\(id)/contest-no-show", token: a.targetToken.secret, json: #"{"reason":"x"}"#)
            #expect(twice.status == .conflict)
            #expect(try twice.object()["code"] as? String == "exchange.contest_exists")
            let noReason = try await client.call(.post, "/v1/exchanges/\(id)/contest-no-show", token: a.targetToken.secret, json: "{}")
            #expect(noReason.status == .unprocessableContent)
            // A contest on an exchange that is not a no-show.
            let notNoShow = try await client.call(
                .get, "/v1/exchanges/\(a.exchange.id)/no-show-contest", token: moderator)
            #expect(notNoShow.status == .notFound)
            #expect(try notNoShow.object()["code"] as? String == "exchange.contest_not_found")

            // The moderators' queue lists it until it is decided.
            let queue = try await client.call(.get, "/v1/no-show-contests", token: moderator)
            let open = try #require(try queue.object()["items"] as? [[String: Any]])
            #expect(open.map { $0["exchange_id"] as? String } == [id])
            // With who named the member absent, for the moderator to weigh (helper 137); not to the parties.
            #expect(open.first?["recorded_by"] as? String == a.member(.resident).id.rawValue)
            #expect(try await client.call(.get, contestPath, token: moderator).object()["recorded_by"] as? String == a.member(.resident).id.rawValue)
            #expect(try read.object()["recorded_by"] == nil)
            #expect(try await client.call(.get, "/v1/no-show-contests", token: a.secret(.resident)).status == .forbidden)

            let decider = a.secret(.moderator)
            let decide = "/v1/exchanges/\(id)/decide-contest"
            let bogus = try await client.call(.post, decide, token: decider, json: #"{"outcome":"maybe","note":"x"}"#)
            #expect(bogus.status == .unprocessableContent)
            let stale = try await client.call(
                .post, decide, token: decider, json: #"{"outcome":"overturned","note":"x"}"#, headers: [.ifMatch: "\"7\""])
            #expect(stale.status == .conflict)
            let decided = try await client.call(
                .post, decide, token: decider, json: #"{"outcome":"overturned","note":"门卫记录显示其按时到达"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(decided.status == .ok)
            let body = try decided.object()
            #expect(body["state"] as? String == "overturned")
            #expect(body["reversal_transfer_id"] as? String != nil)
            // The member named absent was the provider: overturned, they are paid what was held.
            #expect(body["settlement_transfer_id"] as? String != nil)
            #expect(decided.headers[.eTag] == "\"2\"")
            // Which moderator decided is for staff; the parties read the outcome (helper 123).
            #expect(try await client.call(.get, contestPath, token: moderator).object()["decided_by"] as? String != nil)
            let asParty = try await client.call(.get, contestPath, token: a.targetToken.secret).object()
            #expect(asParty["decided_by"] == nil && asParty["state"] as? String == "overturned")
            let again = try await client.call(.post, decide, token: a.secret(.admin), json: #"{"outcome":"upheld","note":"x"}"#)
            #expect(again.status == .conflict)
            #expect(try again.object()["code"] as? String == "exchange.contest_decided")
            let decidedQueue = try await client.call(.get, "/v1/no-show-contests?state=overturned", token: moderator)
            #expect((try decidedQueue.object()["items"] as? [[String: Any]])?.count == 1)
            let stillOpen = try await client.call(.get, "/v1/no-show-contests", token: moderator)
            #expect((try stillOpen.object()["items"] as? [[String: Any]])?.isEmpty == true)
            // The member who contested hears the outcome in their inbox.
            let inbox = try await client.call(.get, "/v1/notifications", token: a.targetToken.secret, headers: [.acceptLanguage: "en"])
            let items = try #require(try inbox.object()["items"] as? [[String: Any]])
            #expect(items.contains { ($0["text"] as? String)?.contains("succeeded: the mark is void") == true })
        }
        let after = try fixture.environment.database.readSync { db in
            (try LedgerAccounts.member(db, community: a.community.id, member: a.target.id).balance,
             try ExchangeQueries.marks(db, community: a.community.id, member: a.target.id, kind: "no_show"),
             try LedgerVerifier().verify(db).isClean,
             try Int.fetchOne(db, sql: "SELECT points FROM exchanges WHERE state = 'no_show' AND provider_id = ?", arguments: [a.target.id.rawValue]))
        }
        #expect(after.3 ?? 0 > 0)
        #expect(after.0 == after.3 && after.1 == 0 && after.2)
    }
}
