import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// A refusal that names a time says it as the residents' clock on the wall does, in their
/// community's zone ("签到时间为 2026年12月7日 08:00 至 …", not "2026-12-07T00:00:00Z"), while the
/// problem's `parameters` keep the instants in ISO 8601 UTC for programs.
@Suite struct LocalTimeProblemHTTPTests {
    /// The expected wall-clock text, from the platform's date formatter (an oracle independent of
    /// `LocalInstantText`).
    static func wallClock(_ date: Date, zone: String, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// The door of the seeded market opens two hours before its start (two days ahead), so a
    /// check-in now is refused with `event.check_in_closed`, naming both ends of its hours.
    static func checkInRefusal(
        _ client: any TestClientProtocol, _ community: SeededCommunity, language: String
    ) async throws -> (detail: String?, parameters: [String: String], opens: Date, closes: Date) {
        let refused = try await client.call(
            .post, "/v1/event-registrations/\(community.registration.id)/check-in", token: community.secret(.stationStaff),
            headers: [.acceptLanguage: language])
        #expect(refused.status == .conflict)
        let problem = try refused.object()
        #expect(problem["code"] as? String == "event.check_in_closed")
        let parameters = try #require(problem["parameters"] as? [String: String])
        let opens = try #require(parameters["opens_at"].flatMap { try? Date($0, strategy: .iso8601) }, "ISO 8601 UTC")
        let closes = try #require(parameters["closes_at"].flatMap { try? Date($0, strategy: .iso8601) }, "ISO 8601 UTC")
        #expect(parameters["opens_at"]?.hasSuffix("Z") == true && parameters["closes_at"]?.hasSuffix("Z") == true)
        #expect(abs(opens.timeIntervalSince(community.event.startsAt.addingTimeInterval(-7_200))) < 1)
        #expect(abs(closes.timeIntervalSince(community.event.endsAt)) < 1)
        return (problem["detail"] as? String, parameters, opens, closes)
    }

    @Test func aRefusedCheckInNamesTheDoorsHoursInTheCommunitysLocalTime() async throws {
        let fixture = try APIFixture()
        let a = fixture.a, b = fixture.b
        try await fixture.run { client in
            let zh = try await Self.checkInRefusal(client, a, language: "zh-CN")
            let shanghai = { Self.wallClock($0, zone: "Asia/Shanghai", "yyyy年M月d日 HH:mm") }
            #expect(zh.detail == "签到时间为 \(shanghai(zh.opens)) 至 \(shanghai(zh.closes))。")

            let en = try await Self.checkInRefusal(client, a, language: "en")
            let english = { Self.wallClock($0, zone: "Asia/Shanghai", "d MMM yyyy, HH:mm") + " (UTC+08:00)" }
            #expect(en.detail == "Check-in is open from \(english(en.opens)) to \(english(en.closes)).")
            #expect(en.parameters == zh.parameters, "the machine-readable facts do not depend on the language")

            // Community B moves to Tokyo: the next refusal to its staff (whose principal was just
            // cached under Shanghai) shows Tokyo's wall clock and names the offset.
            let before = try await Self.checkInRefusal(client, b, language: "zh-CN")
            #expect(before.detail == "签到时间为 \(shanghai(before.opens)) 至 \(shanghai(before.closes))。")
            let moved = try await client.call(
                .patch, "/v1/communities/\(b.community.id)", token: b.secret(.admin), json: #"{"timezone":"Asia/Tokyo"}"#)
            #expect(moved.status == .ok)
            let tokyo = try await Self.checkInRefusal(client, b, language: "zh-CN")
            let local = { Self.wallClock($0, zone: "Asia/Tokyo", "yyyy年M月d日 HH:mm") + "（UTC+09:00）" }
            #expect(tokyo.detail == "签到时间为 \(local(tokyo.opens)) 至 \(local(tokyo.closes))。")
            #expect(tokyo.parameters == before.parameters, "the instants themselves did not move")
            // Community A, still in Shanghai, is unaffected.
            #expect(try await Self.checkInRefusal(client, a, language: "zh-CN").detail == zh.detail)
        }
    }
}
