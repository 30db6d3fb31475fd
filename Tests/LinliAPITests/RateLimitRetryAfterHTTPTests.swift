import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import LinliTestSupport
import Testing

/// The two 429s that were checked only at the store (note 29): over HTTP they carry
/// `parameters.retry_at` and a `Retry-After` header that agree, so a client (or station staff
/// helping an elderly resident) can say when to try again instead of retrying blindly.
@Suite struct RateLimitRetryAfterHTTPTests {
    /// `Retry-After` is whole seconds counted from when the server answered, rounded up: between
    /// `retry_at` − answered and `retry_at` − asked (+1 for the rounding).
    static func expectRetryAfter(_ response: TestResponse, until retryAt: Date, asked: Date, answered: Date) throws {
        let seconds = try #require(response.headers[.retryAfter].flatMap { Int($0) }, "no Retry-After header")
        #expect(seconds >= 1)
        #expect(
            retryAt.timeIntervalSince(answered) <= Double(seconds) && Double(seconds) <= retryAt.timeIntervalSince(asked) + 1,
            "Retry-After \(seconds) s for retry_at \(retryAt)")
    }

    static func retryAt(_ response: TestResponse) throws -> Date {
        let text = try #require((try response.object()["parameters"] as? [String: Any])?["retry_at"] as? String)
        return try #require(ISO8601DateFormatter().date(from: text), "retry_at \(text)")
    }

    @Test func reportsPastTheDailyLimitSayWhenTheNextDayBegins() async throws {
        try await AwayFromLocalMidnight.begin()  // the five reports and the refusal on one local day
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            let body = #"{"target_type":"member","target_id":"\#(a.target.id)","category":"harassment","text":"楼道里大声辱骂"}"#
            for number in 1...5 {
                let filed = try await client.call(.post, "/v1/reports", token: a.secret(.resident), json: body)
                #expect(filed.status == .created, "report \(number): \(String(buffer: filed.body))")
            }
            let asked = Date()
            let refused = try await client.call(.post, "/v1/reports", token: a.secret(.resident), json: body)
            let answered = Date()
            #expect(refused.status == .tooManyRequests)
            #expect(try refused.object()["code"] as? String == "report.rate_limited")
            let midnight = LocalDayWindow(containing: asked, timeZoneID: Community.defaultTimezone).end.date
            #expect(try Self.retryAt(refused) == midnight)
            try Self.expectRetryAfter(refused, until: midnight, asked: asked, answered: answered)
            // Another resident is not limited by her neighbour's reports.
            let other = try await client.call(.post, "/v1/reports", token: a.targetToken.secret,
                json: #"{"target_type":"member","target_id":"\#(a.member(.resident).id)","category":"harassment","text":"互相指责"}"#)
            #expect(other.status == .created, "\(String(buffer: other.body))")
        }
    }

    @Test func phoneChangesPastTheLimitSayWhenTheOldestRefusalLapses() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let me = a.member(.resident).id
        try await fixture.run { client in
            // The target's number is taken: each try is refused as a duplicate and counted.
            var first: Date?
            for number in 1...PhoneChangeRefusals.perDay {
                let before = Date()
                let taken = try await client.call(.patch, "/v1/members/\(me)", token: a.secret(.resident), json: #"{"phone":"13900000000"}"#)
                #expect(taken.status == .unprocessableContent, "try \(number): \(String(buffer: taken.body))")
                if first == nil { first = before }
            }
            let asked = Date()
            // Any number now, taken or not, until the oldest refusal is 24 hours old.
            let refused = try await client.call(.patch, "/v1/members/\(me)", token: a.secret(.resident), json: #"{"phone":"13711112222"}"#)
            let answered = Date()
            #expect(refused.status == .tooManyRequests, "\(String(buffer: refused.body))")
            #expect(try refused.object()["code"] as? String == "member.phone_change_limit")
            let retryAt = try Self.retryAt(refused)
            let oldest = try #require(first)
            #expect(retryAt >= oldest.addingTimeInterval(86_400).addingTimeInterval(-1) && retryAt <= asked.addingTimeInterval(86_401),
                    "retry_at \(retryAt): 24 h after the first refusal")
            try Self.expectRetryAfter(refused, until: retryAt, asked: asked, answered: answered)
            // The phone was not changed.
            let profile = try await client.call(.get, "/v1/members/\(me)", token: a.secret(.resident)).object()
            #expect(profile["phone"] as? String != "13711112222")
        }
    }

    /// `Retry-After` counts from the store's clock, as `retry_at` does: under a manual clock at
    /// 23:00 in Shanghai, one hour exactly (before, it counted from the machine's clock and said 1 s).
    @Test func retryAfterCountsFromTheStoresClock() async throws {
        let clock = ManualWallClock(try #require(ISO8601DateFormatter().date(from: "2026-03-10T15:00:00Z")))
        let world = try LedgerAPITests.World(clock: clock)
        let bob = try #require(world.members["bob"]).rawValue
        let report = try LedgerAPITests.body(["target_type": "member", "target_id": bob, "category": "harassment", "text": "楼道里大声辱骂"])
        try await world.test { client in
            for _ in 1...5 {
                try await client.execute(uri: "/v1/reports", method: .post, headers: LedgerAPITests.headers(world.tokens["alice"]), body: report) {
                    #expect($0.status == .created)
                }
            }
            try await client.execute(uri: "/v1/reports", method: .post, headers: LedgerAPITests.headers(world.tokens["alice"]), body: report) {
                #expect($0.status == .tooManyRequests)
                #expect($0.headers[.retryAfter] == "3600")
                let parameters = try LedgerAPITests.json($0.body)["parameters"] as? [String: Any]
                #expect(parameters?["retry_at"] as? String == "2026-03-10T16:00:00Z")
            }
        }
    }
}
