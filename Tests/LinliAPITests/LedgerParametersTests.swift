import Foundation
@testable import LinliAPI
import LinliDomain
import Testing

/// A statement's date-only `from` is the start of that calendar day in the community's zone, and
/// a date-only `to` its end (the next day's start: the range takes the whole date).
/// Found by review (session 22): parsed as midnight in the zone, a day on which daylight saving
/// begins at midnight (it has no 00:00) was refused with 400.
@Suite struct LedgerParametersTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let day: String
        let zone: String
        /// The expected instant (RFC 3339), or nil for a refusal.
        let start: String?
        var testDescription: String { "\(day) in \(zone)" }
    }

    static let cases: [Case] = [
        Case(day: "2026-03-01", zone: "Asia/Shanghai", start: "2026-02-28T16:00:00Z"),
        // Santiago: clocks go from 00:00 to 01:00 on 6 September 2026 (-04 → -03).
        Case(day: "2026-09-06", zone: "America/Santiago", start: "2026-09-06T04:00:00Z"),
        Case(day: "2026-09-05", zone: "America/Santiago", start: "2026-09-05T04:00:00Z"),
        // Cairo: from 00:00 to 01:00 on the last Friday of April (24 April 2026, +02 → +03).
        Case(day: "2026-04-24", zone: "Africa/Cairo", start: "2026-04-23T22:00:00Z"),
        Case(day: "2026-02-30", zone: "Asia/Shanghai", start: nil),
        Case(day: "2026-13-01", zone: "Asia/Shanghai", start: nil),
        Case(day: "2026/03/01", zone: "Asia/Shanghai", start: nil),
    ]

    @Test(arguments: cases)
    func aDateIsTheStartOfThatDayInTheZone(_ testCase: Case) throws {
        guard let start = testCase.start else {
            #expect(throws: (any Error).self) {
                try LedgerParameters.instant(testCase.day, name: "from", timeZoneID: testCase.zone)
            }
            return
        }
        let parsed = try LedgerParameters.instant(testCase.day, name: "from", timeZoneID: testCase.zone)
        let expected = try #require(ISO8601DateFormatter().date(from: start))
        #expect(parsed == LedgerTimestamp(expected), "\(parsed.date)")
    }

    /// Session 35: `to` was exclusive for a date too, so a statement "1 to 6 December" missed the
    /// 6th and a one-day statement (`from` = `to`) was refused as an inverted range.
    @Test(arguments: [
        ("2026-12-06", "Asia/Shanghai", "2026-12-06T16:00:00Z"),
        ("2026-12-31", "Asia/Shanghai", "2026-12-31T16:00:00Z"),
        // The day before Santiago's clocks skip 00:00: it ends at the next day's 01:00 (-03).
        ("2026-09-05", "America/Santiago", "2026-09-06T04:00:00Z"),
    ])
    func aDateToTakesThatWholeDay(day: String, zone: String, end: String) throws {
        let parsed = try LedgerParameters.instant(day, name: "to", timeZoneID: zone, dateMeansEndOfDay: true)
        #expect(parsed == LedgerTimestamp(try #require(ISO8601DateFormatter().date(from: end))), "\(parsed.date)")
        var filter = StatementFilter()
        filter.from = try LedgerParameters.instant(day, name: "from", timeZoneID: zone)
        filter.to = parsed
        #expect(throws: Never.self) { try filter.validate() }
        // An instant stays exclusive, as written.
        let instant = try LedgerParameters.instant("2026-12-06T09:00:00+08:00", name: "to", timeZoneID: zone, dateMeansEndOfDay: true)
        #expect(instant == LedgerTimestamp(try #require(ISO8601DateFormatter().date(from: "2026-12-06T01:00:00Z"))))
    }
}
