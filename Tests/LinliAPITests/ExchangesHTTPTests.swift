import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import LinliTestSupport
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
            // Read by its listing and the sides' names, on every answer (helper 144 #9).
            let names = (a.openListing.content.title, a.member(.resident).displayName, a.target.displayName)
            #expect(body["listing_title"] as? String == names.0)
            #expect(body["requester_name"] as? String == names.1 && body["owner_name"] as? String == names.2)

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
            #expect(try accepted.object()["owner_name"] as? String == names.2)
            #expect(try seen.object()["listing_title"] as? String == names.0)
            // Accepting again: 409 with the current state.
            let again = try await client.call(.post, "/v1/exchanges/\(id)/accept", token: target)
            #expect(again.status == .conflict)
            let problem = try again.object()
            #expect(problem["code"] as? String == "exchange.invalid_transition")
            #expect((problem["detail"] as? String)?.contains("已接受") == true, "the state in words (ErrorTerms)")

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
            #expect((mine["items"] as? [[String: Any]])?.first?["requester_name"] as? String == names.1)
            #expect(try await client.call(.get, "/v1/exchanges?state=bogus", token: target).status == .badRequest)

            // Her passbook to print names whom she paid (helper 144 #13); an organizer reading her
            // points, who may not read her exchanges, reads where the points went instead.
            let me = a.member(.resident).id.rawValue
            let passbook = try await client.call(.get, "/v1/members/\(me)/statement?format=passbook", token: resident, headers: [.acceptLanguage: "zh-CN"])
            #expect(passbook.status == .ok && passbook.headers[.contentDisposition] == "attachment; filename=\"passbook-\(me).csv\"")
            let rows = CSVReader.parse(String(String(buffer: passbook.body).dropFirst()))
            #expect(rows.first == ["日期", "摘要", "说明", "收入", "支出", "余额", "对方"])
            #expect(rows.dropFirst().contains { $0.last == names.2 && $0[4] == String(a.openListing.valuation.points) }, "\(rows)")
            let organizers = try await client.call(.get, "/v1/members/\(me)/statement?format=passbook", token: a.secret(.organizer))
            let theirs = CSVReader.parse(String(String(buffer: organizers.body).dropFirst()))
            #expect(organizers.status == .ok && !theirs.contains { $0.last == names.2 } && theirs.contains { $0.last == "交换预留" }, "\(theirs)")
            // Nor does a desk that neither registered it nor holds her consent (helper 147 #2).
            let desk = try await client.call(.get, "/v1/members/\(me)/statement?format=passbook", token: a.secret(.stationStaff))
            let desks = CSVReader.parse(String(String(buffer: desk.body).dropFirst()))
            #expect(desk.status == .ok && !desks.contains { $0.last == names.2 }, "\(desks)")
            let moderators = try await client.call(.get, "/v1/members/\(me)/statement?format=passbook", token: a.secret(.moderator))
            #expect(CSVReader.parse(String(String(buffer: moderators.body).dropFirst())).contains { $0.last == names.2 })
        }
        let balances = try fixture.environment.database.readSync { db in
            (try LedgerAccounts.member(db, community: a.community.id, member: a.target.id).balance,
             try LedgerVerifier().verify(db).isClean)
        }
        #expect(balances.0 == a.openListing.valuation.points)
        #expect(balances.1)
    }

    /// A time exchange over HTTP: the provider reports the minutes, and the payer's confirmation
    /// below them is a 409 that tells the payer what to do, in their language.
    @Test func reportMinutesOverHTTP() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let resident = a.secret(.resident), target = a.targetToken.secret
        try await fixture.run { client in
            let listingBody = #"{"direction":"offer","kind":"time","category":"errands","title":"陪同就医","description":"周二上午","area":"南门","availability":[{"weekday":2,"from":"09:00","to":"11:00"}],"duration_minutes":60,"intensity":"light","submit":true}"#
            let posted = try await client.call(.post, "/v1/listings", token: target, json: listingBody)
            #expect(posted.status == .created)
            let listing = try #require(try posted.object()["listing"] as? [String: Any])
            let review = try #require(try posted.object()["review"] as? [String: Any])
            let reviewID = try #require(review["id"] as? String)
            #expect(try await client.call(.post, "/v1/reviews/\(reviewID)/claim", token: a.secret(.moderator)).status == .ok)
            let approved = try await client.call(
                .post, "/v1/reviews/\(reviewID)/decision", token: a.secret(.moderator), json: #"{"decision":"approve"}"#)
            #expect(approved.status == .ok)
            let listingID = ListingID(trusted: try #require(listing["id"] as? String))
            let created = try await client.call(.post, "/v1/exchanges", token: resident, json: ExchangeFixtures.startedJSON(listingID))
            let id = try #require(try created.object()["id"] as? String)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: target).status == .ok)
            let path = "/v1/exchanges/\(id)/report-minutes"

            let byPayer = try await client.call(.post, path, token: resident, json: #"{"minutes":30}"#)
            #expect(byPayer.status == .forbidden)
            #expect(try byPayer.object()["code"] as? String == "exchange.not_your_part")
            let noBody = try await client.call(.post, path, token: target)
            #expect(noBody.status == .badRequest || noBody.status == .unprocessableContent)
            let tooMany = try await client.call(.post, path, token: target, json: #"{"minutes":44641}"#)
            #expect(tooMany.status == .unprocessableContent)
            let unknown = try await client.call(.post, path, token: target, json: #"{"minutes":30,"hours":1}"#)
            #expect(unknown.status == .unprocessableContent || unknown.status == .badRequest)
            let reported = try await client.call(.post, path, token: target, json: #"{"minutes":45}"#, headers: [.ifMatch: "\"2\""])
            #expect(reported.status == .ok)
            #expect(try reported.object()["reported_minutes"] as? Int == 45)
            #expect(reported.headers[.eTag] == "\"3\"")

            let below = try await client.call(
                .post, "/v1/exchanges/\(id)/complete", token: resident, json: #"{"actual_minutes":30}"#, headers: [.acceptLanguage: "en"])
            #expect(below.status == .conflict)
            let problem = try below.object()
            #expect(problem["code"] as? String == "exchange.minutes_below_agreed")
            #expect((problem["detail"] as? String)?.contains("45 minutes") == true)
            let belowZh = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: resident, json: #"{"actual_minutes":30}"#)
            #expect((try belowZh.object()["detail"] as? String)?.contains("发起纠纷") == true)
            let done = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: resident, json: #"{"actual_minutes":45}"#)
            #expect(done.status == .ok)
            #expect(try done.object()["actual_minutes"] as? Int == 45)
            let late = try await client.call(.post, path, token: target, json: #"{"minutes":60}"#)
            #expect(late.status == .conflict)
            #expect(try late.object()["code"] as? String == "exchange.invalid_transition")
        }
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
                .post, "/v1/exchanges/\(a.exchange.id)/resolve", token: a.secret(.admin),
                json: #"{"outcome":"compensate","compensation_points":2,"note":"漏水轻微，补偿 2 分"}"#)
            #expect(resolved.status == .ok)
            let dispute = try resolved.object()["dispute"] as? [String: Any]
            #expect(dispute?["resolution"] as? String == "compensate")
        }
    }
}
