import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliRules
import LinliStore
import NIOCore
import Testing

/// Listings, moderator review and rule versions over HTTP: defects found by review 8a. Each test
/// failed on the code it was written against; its comment says what users saw before the fix.
@Suite struct ListingIntegrityHTTPTests {
    static func upload(_ client: any TestClientProtocol, _ text: String, token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/rules?file_name=v2.yaml", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/yaml", .acceptLanguage: "en"],
            body: ByteBuffer(string: text))
    }

    /// Version 2 of the default preset that doubles the weight of `tools` (no golden test uses it).
    static let toolsWeighDouble = RulesAPITests.nextVersion(
        2, replacing: ("      emergency_help: \"1.50\"\n", "      emergency_help: \"1.50\"\n      tools: \"2.00\"\n"))

    /// The body of the seeded published listing (`ListingFixtures.item("折叠梯", photos: [photo])`)
    /// with another pick-up area.
    static func ladderBody(photo: String, area: String) -> String {
        #"{"direction":"offer","kind":"item","category":"tools","title":"折叠梯","description":"九成新，功能正常。","area":"\#(area)","photos":["\#(photo)"],"declared_cost":"300.00","age_months":6,"condition":"good","quantity":1}"#
    }

    /// What a user sees: the community activates a new rule version; nobody runs the audited
    /// revaluation yet. A resident moves the pick-up area of their published listing (a change
    /// that is not reviewed) and the answer is 200 with the listing re-priced under the new
    /// version (20 → 40 points here), without review, without a revaluation, without a
    /// `listing.revalued` event. The README says "A new version never re-prices stored listings
    /// by itself … run POST /v1/rules/revaluations", `ListingRevaluation` says "Nothing else ever
    /// changes a stored valuation", and `materialChanges` says "points must never change without
    /// a moderator seeing why". An edit the owner may apply in place must keep the stored
    /// valuation (or, if it re-values, go to review like any other price change).
    @Test func inPlaceEditOfAPublishedListingKeepsItsValuationUnderANewRuleVersion() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let resident = a.secret(.resident), organizer = a.secret(.organizer)
            let before = try await client.call(.get, "/v1/listings/\(a.listing.id)", token: resident).object()
            #expect(before["status"] as? String == "published")
            let pointsBefore = try #require(before["points"] as? Int)

            let uploaded = try await Self.upload(client, Self.toolsWeighDouble, token: organizer)
            #expect(uploaded.status == .created)
            let candidateID = try #require((try uploaded.object()["rule_set"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.post, "/v1/rules/\(candidateID)/activate", token: organizer).status == .ok)

            let edited = try await client.call(
                .put, "/v1/listings/\(a.listing.id)", token: resident, json: Self.ladderBody(photo: a.photo, area: "南门"))
            #expect(edited.status == .ok)
            let listing = try #require(try edited.object()["listing"] as? [String: Any])
            #expect(listing["area"] as? String == "南门")
            #expect(
                listing["points"] as? Int == pointsBefore,
                "an unreviewed edit re-priced the published listing from \(pointsBefore) to \(listing["points"] ?? "?") points")
        }
    }

    /// A time listing fixed to a two-hour window two days ahead (10:00–12:00 Asia/Shanghai).
    static func fixedWindowCareBody(submit: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let day = calendar.startOfDay(for: Date().addingTimeInterval(2 * 86_400))
        let start = day.addingTimeInterval(10 * 3600), end = day.addingTimeInterval(12 * 3600)
        let iso = ISO8601DateFormatter()
        return #"{"direction":"offer","kind":"time","category":"daily_care","title":"陪老人买菜","description":"周边菜场，帮忙拎回家","start_at":"\#(iso.string(from: start))","end_at":"\#(iso.string(from: end))","duration_minutes":120,"intensity":"light","submit":\#(submit)}"#
    }

    /// A moderator reviewing a two-hour help listing with a fixed window finds the help takes an
    /// hour and corrects `duration_minutes` 120 → 60 with a reason. Once refused (the window alone
    /// was priced, so the correction changed nothing); since session 33 a duration within the
    /// window is the session and is priced (helper 117: the refusal now hid a price change), so
    /// the correction re-prices the listing; beyond the window it is refused at `/duration_minutes`.
    @Test func durationCorrectionWithinAFixedWindowReprices() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let resident = a.secret(.resident), moderator = a.secret(.moderator)
            let created = try await client.call(.post, "/v1/listings", token: resident, json: Self.fixedWindowCareBody(submit: true))
            #expect(created.status == .created)
            let change = try created.object()
            let listing = try #require(change["listing"] as? [String: Any])
            let points = try #require(listing["points"] as? Int)
            let reviewID = try #require((change["review"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.post, "/v1/reviews/\(reviewID)/claim", token: moderator).status == .ok)

            let beyond = try await client.call(
                .post, "/v1/reviews/\(reviewID)/valuation-correction", token: moderator,
                json: #"{"duration_minutes":180,"reason":"实际约三小时"}"#)
            #expect(beyond.status == .unprocessableContent)
            let issues = try #require(try beyond.object()["errors"] as? [[String: Any]])
            #expect(issues.map { $0["pointer"] as? String } == ["/duration_minutes"])
            #expect(issues.map { $0["code"] as? String } == ["field.out_of_range"])
            let corrected = try await client.call(
                .post, "/v1/reviews/\(reviewID)/valuation-correction", token: moderator,
                json: #"{"duration_minutes":60,"reason":"实际约一小时"}"#)
            #expect(corrected.status == .ok, "\(String(buffer: corrected.body))")
            let listingID = try #require(listing["id"] as? String)
            let stored = try await client.call(.get, "/v1/listings/\(listingID)", token: moderator).object()
            #expect(stored["duration_minutes"] as? Int == 60)
            #expect(try #require(stored["points"] as? Int) < points, "an hour is priced below the two-hour window")
            // Which moderator corrected it is for moderators; the owner reads the reason (helper 118).
            #expect((stored["correction"] as? [String: Any])?["corrected_by"] as? String == a.member(.moderator).id.rawValue)
            let owned = try await client.call(.get, "/v1/listings/\(listingID)", token: resident).object()
            let correction = try #require(owned["correction"] as? [String: Any])
            #expect(correction["reason"] as? String == "实际约一小时")
            #expect(correction["corrected_by"] == nil)
        }
    }

    /// What a user sees: the community's rule file caps declared costs at 20,000 yuan
    /// (`listing.max_declared_cost`), and a resident posting 25,000 gets 422 `/declared_cost`
    /// out_of_range. A moderator correcting a listing's declared cost to 500,000 (a slip of the
    /// keyboard for 500) is answered 200 and the listing stores 500,000 yuan — the community's own
    /// limit does not apply to corrections. The correction should be checked against the same
    /// limits as the owner's input (422 at `/declared_cost`).
    @Test func valuationCorrectionKeepsTheRuleFilesDeclaredCostLimit() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let moderator = a.secret(.moderator)
            let tooDear = #"{"direction":"offer","kind":"item","category":"books","title":"旧书一套","description":"全套","declared_cost":"25000","age_months":6,"condition":"good"}"#
            let refused = try await client.call(.post, "/v1/listings", token: a.secret(.resident), json: tooDear)
            #expect(refused.status == .unprocessableContent)  // the limit exists

            #expect(try await client.call(.post, "/v1/reviews/\(a.review.id)/claim", token: moderator).status == .ok)
            let corrected = try await client.call(
                .post, "/v1/reviews/\(a.review.id)/valuation-correction", token: moderator,
                json: #"{"declared_cost":"500000","reason":"按实际价格更正"}"#)
            #expect(
                corrected.status == .unprocessableContent,
                "a correction to 500000 yuan, above the community's 20000 limit, was answered \(corrected.status.code)")
        }
    }

    /// A malformed amount's message named the system's bound ("from 0.01 to 1000000") while the
    /// community's rule file takes at most 20,000: a resident correcting "1,299" to "129900" was
    /// then refused for the other limit. The format message names the bound that holds, for the
    /// owner's input and a moderator's correction alike.
    @Test func aMalformedDeclaredCostNamesTheCommunitysBound() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let body = #"{"direction":"offer","kind":"item","category":"books","title":"旧书一套","description":"全套","declared_cost":"1,299","age_months":6,"condition":"good"}"#
            let refused = try await client.call(.post, "/v1/listings", token: a.secret(.resident), json: body, headers: [.acceptLanguage: "en"])
            #expect(refused.status == .unprocessableContent)
            let issue = try #require((try refused.object()["errors"] as? [[String: Any]])?.first)
            #expect(issue["pointer"] as? String == "/declared_cost" && issue["reason"] as? String == "listing.declared_cost_format")
            #expect((issue["detail"] as? String)?.contains("0.01 to 20000") == true && (issue["detail"] as? String)?.contains("1000000") == false, "\(issue)")

            let moderator = a.secret(.moderator)
            #expect(try await client.call(.post, "/v1/reviews/\(a.review.id)/claim", token: moderator).status == .ok)
            let corrected = try await client.call(
                .post, "/v1/reviews/\(a.review.id)/valuation-correction", token: moderator,
                json: #"{"declared_cost":"5千","reason":"按实际价格更正"}"#)
            #expect(corrected.status == .unprocessableContent)
            let correctionIssue = try #require((try corrected.object()["errors"] as? [[String: Any]])?.first)
            #expect((correctionIssue["detail"] as? String)?.contains("20000") == true, "\(correctionIssue)")
            #expect((correctionIssue["detail"] as? String)?.contains("1000000") == false, "\(correctionIssue)")
        }
    }

    /// What a user sees: the rule file prices an item's `condition` with six values — the
    /// reference says `factors:` "must give all of new, like_new, good, fair, worn, for_parts",
    /// and the default preset sets `for_parts: "0.20"` (仅可拆件). A resident giving away a broken
    /// appliance for parts posts `condition: "for_parts"` and is refused with 422; the only way
    /// to post it is to call it `worn`, which the same file values at 0.35 — 75 % more points
    /// than the community voted for. A condition the rule file must price should be postable.
    @Test func listingUsesTheForPartsConditionTheRuleFilePrices() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let body = #"{"direction":"offer","kind":"item","category":"tools","title":"坏电钻拆件","description":"电机坏了，零件可用","declared_cost":"300","age_months":6,"condition":"for_parts"}"#
            let created = try await client.call(.post, "/v1/listings", token: a.secret(.resident), json: body)
            #expect(created.status == .created, "condition for_parts refused: \(String(buffer: created.body))")
        }
    }

    /// What a user sees: station staff may post "for a resident" (README: "`owner_id` to post for
    /// a resident | for a resident: station staff, admin"; tokens likewise: staff issue them only
    /// to residents). A station staff member posts an offer with `owner_id` set to the
    /// community's admin (or a moderator): 201, the offer appears publicly as the admin's, and
    /// the staff member can go on editing and withdrawing it as the admin's proxy. Posting for a
    /// member who is not a resident should be refused (403 forbidden, or 422 at `/owner_id`).
    @Test func stationStaffCannotPostAListingInTheNameOfTheAdmin() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let admin = a.member(.admin)
            let body = #"{"direction":"offer","kind":"item","category":"tools","title":"管理员的旧梯子","description":"免费送","declared_cost":"300","age_months":6,"condition":"good","owner_id":"\#(admin.id)"}"#
            let created = try await client.call(.post, "/v1/listings", token: a.secret(.stationStaff), json: body)
            #expect(
                created.status == .forbidden || created.status == .unprocessableContent,
                "station staff posted a listing owned by the admin: \(created.status.code)")
        }
    }

    /// The same gap on exchanges: station staff requesting "for" the admin would spend the admin's
    /// points. For a resident it works (the proxy request of the README), for the admin 403.
    @Test func stationStaffCannotRequestInTheNameOfTheAdmin() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            func request(for member: MemberID) -> String {
                var body = ExchangeFixtures.requestJSON(a.openListing.id)
                body.removeLast()
                return body + #","requester_id":"\#(member)","note":"本人到站，同意支付"}"#
            }
            let forAdmin = try await client.call(.post, "/v1/exchanges", token: a.secret(.stationStaff), json: request(for: a.member(.admin).id))
            #expect(forAdmin.status == .forbidden)
            let forResident = try await client.call(
                .post, "/v1/exchanges", token: a.secret(.stationStaff), json: request(for: a.member(.resident).id))
            #expect(forResident.status == .created, "\(String(buffer: forResident.body))")
        }
    }

    /// An organizer uploads a candidate whose values are all inside the documented ranges (item
    /// `rate: "100"`, a condition factor of `"100"`, no item cap; only a `rules.no_golden_tests`
    /// warning). Any resident then called `POST /v1/rules/{id}/explain` (open to everyone) with
    /// `declared_cost: "1000000000", quantity: 10000` and the whole `linli serve` process died on
    /// an integer-overflow trap, for every community. Now: 422 `rules.valuation_failed`.
    @Test func explainingALargeLotAgainstAnAcceptedCandidateIs422() async throws {
        let fixture = try APIFixture()
        try await fixture.run { client in
            let text = """
                schema: linli.rules/v1
                community: test
                version: 2
                effective_from: "2026-01-01 00:00"
                timezone: Asia/Shanghai
                adopted:
                  by: tester
                  at: "2026-01-01 vote"
                categories:
                  - id: goods
                    name_zh: 物品
                    name_en: Goods
                    kinds: [item]
                valuation:
                  base:
                    item: { rate: "100" }
                    time: { per_hour: "10" }
                    skill: { per_hour: "10" }
                  condition:
                    factors: { new: "100", like_new: "50", good: "20", fair: "10", worn: "5", for_parts: "1" }

                """
            let uploaded = try await Self.upload(client, text, token: fixture.a.secret(.organizer))
            #expect(uploaded.status == .created)
            let id = try #require((try uploaded.object()["rule_set"] as? [String: Any])?["id"] as? String)
            let body = #"{"kind":"item","category":"goods","declared_cost":"1000000000","quantity":10000,"condition":"new","age_months":0}"#
            let explained = try await client.call(.post, "/v1/rules/\(id)/explain", token: fixture.a.secret(.resident), json: body)
            #expect(explained.status == .unprocessableContent)
            #expect(try explained.object()["code"] as? String == "rules.valuation_failed")
        }
    }
}
