import Foundation
@testable import LinliDomain
import Testing

/// Errors and field issues carry their instants as instants: the message shows them in the
/// community's local time, the parameters (what API clients read) keep ISO 8601 UTC, and the
/// domain's policies raise them that way.
@Suite struct InstantMessageTests {
    static let start = EventSeatPolicyTests.start  // 2027-01-15T08:00:00Z, 16:00 in Shanghai

    @Test(arguments: [
        // (error, zone, language, expected detail)
        (DomainError(code: "event.started", category: .conflict, instants: ["starts_at": start]), "Asia/Shanghai", Language.zhCN,
         "活动已于 2027年1月15日 16:00 开始，不能再取消报名。如不能到场，请告知组织者。"),
        (DomainError(code: "event.started", category: .conflict, instants: ["starts_at": start]), "Asia/Shanghai", .en,
         "The event started at 15 Jan 2027, 16:00 (UTC+08:00); registrations can no longer be cancelled. Please tell an organizer if you cannot come."),
        (DomainError(code: "event.check_in_closed", category: .conflict,
                     instants: ["opens_at": start.addingTimeInterval(-7_200), "closes_at": start.addingTimeInterval(10_800)]),
         "Asia/Tokyo", .zhCN, "签到时间为 2027年1月15日 15:00（UTC+09:00） 至 2027年1月15日 20:00（UTC+09:00）。"),
        (DomainError(code: "review.claimed_by_other", category: .conflict, parameters: ["claimed_by": "mem_9", "claimed_by_name": "王芳"],
                     instants: ["until": start.addingTimeInterval(16 * 3_600)]),
         "Asia/Shanghai", .zhCN, "该审核项已由 王芳（mem_9）认领，认领有效至 2027年1月16日 08:00。"),
        (DomainError(code: "exchange.too_early", category: .conflict, parameters: ["grace_minutes": "15"],
                     instants: ["scheduled_start": start, "earliest": start.addingTimeInterval(900)]),
         "UTC", .en,
         "The exchange is scheduled to start at 15 Jan 2027, 08:00 (UTC). Late is not absent: a no-show can be reported from 15 Jan 2027, 08:15 (UTC), 15 minutes after the start (or after the acceptance, if it was accepted later)."),
    ] as [(DomainError, String, Language, String)])
    func detailsShowLocalTime(error: DomainError, zone: String, language: Language, expected: String) {
        #expect(ErrorCatalog.message(for: error, in: language, timeZoneID: zone).detail == expected)
    }

    @Test("without a community, messages read in Beijing time")
    func defaultZone() {
        let error = DomainError(code: "event.ended", category: .conflict, instants: ["ends_at": Self.start])
        #expect(ErrorCatalog.message(for: error, in: .zhCN).detail == "该活动已于 2027年1月15日 16:00 结束。")
    }

    @Test("parameters carry instants as ISO 8601 UTC, next to the other values")
    func parametersStayUTC() {
        let error = DomainError(
            code: "case.claimed_by_other", category: .conflict, parameters: ["claimed_by": "mem_9"],
            instants: ["until": Self.start.addingTimeInterval(0.75)])
        #expect(error.parameters == ["claimed_by": "mem_9", "until": "2027-01-15T08:00:00Z"])
        #expect(error.instants == ["until": Self.start.addingTimeInterval(0.75)])
    }

    @Test("a field issue's instants are local too")
    func fieldIssue() {
        let issue = FieldIssue(
            "/scheduled_start", .outOfRange, ["reason": "exchange.outside_listing_window"],
            instants: ["min": Self.start, "max": Self.start.addingTimeInterval(7_200)])
        #expect(issue.parameters["min"] == "2027-01-15T08:00:00Z")
        #expect(ErrorCatalog.message(for: issue, in: .zhCN) == "这条发布只在 2027年1月15日 16:00 至 2027年1月15日 18:00 这个时段，请在此时段内预约")
        #expect(ErrorCatalog.message(for: issue, in: .en, timeZoneID: "Europe/Berlin")
            == "must fall within the listing's fixed window, 15 Jan 2027, 09:00 (UTC+01:00) to 15 Jan 2027, 11:00 (UTC+01:00)")
    }

    /// The policies in the core raise times as instants, not as text a message cannot localize.
    @Test("domain policies raise instants")
    func policiesRaiseInstants() throws {
        let event = EventSeatPolicyTests.event()
        let started = #expect(throws: DomainError.self) {
            try EventSeatPolicy.checkStartMovable(event, to: Self.start.addingTimeInterval(3_600), now: Self.start)
        }
        #expect(started?.instants == ["starts_at": Self.start])
        let ended = #expect(throws: DomainError.self) {
            try EventSeatPolicy.checkEditable(event, now: Self.start.addingTimeInterval(4 * 3_600))
        }
        #expect(ended?.instants == ["ends_at": event.endsAt])
        let door = #expect(throws: DomainError.self) {
            _ = try EventSeatPolicy.checkIn(event, EventSeatPolicyTests.registration(.registered), opensBefore: 3_600, now: Self.start.addingTimeInterval(-7_200))
        }
        #expect(door?.instants == ["opens_at": Self.start.addingTimeInterval(-3_600), "closes_at": event.endsAt])
        let late = #expect(throws: DomainError.self) {
            try NoShowContestState.requireWithinWindow(noShowAt: Self.start, now: Self.start.addingTimeInterval(8 * 86_400), windowDays: 7)
        }
        #expect(late?.instants == ["deadline": Self.start.addingTimeInterval(7 * 86_400)])
    }
}
