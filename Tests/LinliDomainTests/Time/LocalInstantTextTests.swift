import Foundation
@testable import LinliDomain
import Testing

/// Instants in messages read as the community's wall clock: the date and 24-hour time where the
/// community lives, its offset named when a reader could otherwise take it for another (always in
/// English, in Chinese only away from Beijing time), across midnight, a year's end and summer time.
@Suite struct LocalInstantTextTests {
    static func instant(_ iso: String) -> Date { try! Date(iso, strategy: .iso8601) }

    @Test(arguments: [
        // (zone, instant in UTC, zh, en)
        ("Asia/Shanghai", "2026-12-05T02:00:00Z", "2026年12月5日 10:00", "5 Dec 2026, 10:00 (UTC+08:00)"),
        // Local midnight is the previous day in UTC: the date is the resident's.
        ("Asia/Shanghai", "2026-12-04T16:00:00Z", "2026年12月5日 00:00", "5 Dec 2026, 00:00 (UTC+08:00)"),
        ("Asia/Shanghai", "2026-12-04T15:59:00Z", "2026年12月4日 23:59", "4 Dec 2026, 23:59 (UTC+08:00)"),
        // New Year comes eight hours before UTC's.
        ("Asia/Shanghai", "2026-12-31T16:00:00Z", "2027年1月1日 00:00", "1 Jan 2027, 00:00 (UTC+08:00)"),
        // Another zone on Beijing time reads as Beijing time in Chinese.
        ("Asia/Hong_Kong", "2026-07-01T04:05:00Z", "2026年7月1日 12:05", "1 Jul 2026, 12:05 (UTC+08:00)"),
        ("Asia/Tokyo", "2026-12-05T02:00:00Z", "2026年12月5日 11:00（UTC+09:00）", "5 Dec 2026, 11:00 (UTC+09:00)"),
        ("Asia/Tokyo", "2026-12-05T15:00:00Z", "2026年12月6日 00:00（UTC+09:00）", "6 Dec 2026, 00:00 (UTC+09:00)"),
        ("UTC", "2026-12-05T02:00:00Z", "2026年12月5日 02:00（UTC）", "5 Dec 2026, 02:00 (UTC)"),
        ("UTC", "2026-12-04T23:59:59Z", "2026年12月4日 23:59（UTC）", "4 Dec 2026, 23:59 (UTC)"),
        // Berlin springs forward at 01:00 UTC on 29 March 2026 (02:00 → 03:00) ...
        ("Europe/Berlin", "2026-03-29T00:59:00Z", "2026年3月29日 01:59（UTC+01:00）", "29 Mar 2026, 01:59 (UTC+01:00)"),
        ("Europe/Berlin", "2026-03-29T01:00:00Z", "2026年3月29日 03:00（UTC+02:00）", "29 Mar 2026, 03:00 (UTC+02:00)"),
        // ... and falls back on 25 October: 02:30 happens twice, told apart by the offset.
        ("Europe/Berlin", "2026-10-25T00:30:00Z", "2026年10月25日 02:30（UTC+02:00）", "25 Oct 2026, 02:30 (UTC+02:00)"),
        ("Europe/Berlin", "2026-10-25T01:30:00Z", "2026年10月25日 02:30（UTC+01:00）", "25 Oct 2026, 02:30 (UTC+01:00)"),
        // Offsets west of UTC and by the half hour.
        ("America/St_Johns", "2026-12-05T02:00:00Z", "2026年12月4日 22:30（UTC-03:30）", "4 Dec 2026, 22:30 (UTC-03:30)"),
        ("Asia/Kolkata", "2026-02-28T20:00:00Z", "2026年3月1日 01:30（UTC+05:30）", "1 Mar 2026, 01:30 (UTC+05:30)"),
        // An unknown zone id reads as Asia/Shanghai, like `LocalDayWindow`.
        ("Mars/Olympus_Mons", "2026-12-05T02:00:00Z", "2026年12月5日 10:00", "5 Dec 2026, 10:00 (UTC+08:00)"),
    ] as [(String, String, String, String)])
    func text(zone: String, instant: String, zh: String, en: String) {
        #expect(LocalInstantText.text(Self.instant(instant), timeZoneID: zone, language: .zhCN) == zh)
        #expect(LocalInstantText.text(Self.instant(instant), timeZoneID: zone, language: .en) == en)
    }

    @Test("only the instants of a message's parameters change; the others keep their values")
    func shown() {
        let parameters = ["claimed_by": "mem_1", "until": "2026-12-05T02:00:00Z"]
        let shown = LocalInstantText.shown(
            parameters, instants: ["until": Self.instant("2026-12-05T02:00:00Z")], timeZoneID: "Asia/Tokyo", language: .zhCN)
        #expect(shown == ["claimed_by": "mem_1", "until": "2026年12月5日 11:00（UTC+09:00）"])
        #expect(LocalInstantText.shown(parameters, instants: [:], timeZoneID: "Asia/Tokyo", language: .en) == parameters)
    }

    @Test("machines get ISO 8601 UTC in whole seconds")
    func utc() {
        #expect(LocalInstantText.utc(Date(timeIntervalSince1970: 1_796_436_000.9)) == "2026-12-05T02:00:00Z")
    }
}
