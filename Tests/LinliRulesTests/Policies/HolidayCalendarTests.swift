import Foundation
import Testing
@testable import LinliRules

/// When a rule file's holidays stop short of the year its holiday time slots price.
@Suite struct HolidayCalendarTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let holidays: [String]
        let windows: [String]
        let today: String
        let expected: (year: Int, stage: HolidayCalendarGap.Stage)?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "November: nothing asked yet", holidays: ["2026-10-01"], windows: ["holiday"], today: "2026-11-30", expected: nil),
        Case(name: "1 December without next year", holidays: ["2026-10-01"], windows: ["holiday"], today: "2026-12-01",
             expected: (2027, .upcoming)),
        Case(name: "31 December without next year", holidays: ["2026-10-01"], windows: ["holiday"], today: "2026-12-31",
             expected: (2027, .upcoming)),
        Case(name: "December with next year listed", holidays: ["2026-10-01", "2027-01-01"], windows: ["holiday"], today: "2026-12-15",
             expected: nil),
        Case(name: "the year begun without its dates", holidays: ["2026-10-01"], windows: ["holiday"], today: "2027-01-01",
             expected: (2027, .missing)),
        Case(name: "mid-year without its dates", holidays: ["2026-10-01"], windows: ["holiday"], today: "2027-06-30",
             expected: (2027, .missing)),
        Case(name: "no holidays at all", holidays: [], windows: ["holiday"], today: "2026-05-01", expected: (2026, .missing)),
        Case(name: "the year listed, not December", holidays: ["2027-02-10"], windows: ["holiday"], today: "2027-03-01", expected: nil),
        Case(name: "a later year listed does not cover this one", holidays: ["2028-01-01"], windows: ["holiday"], today: "2027-03-01",
             expected: (2027, .missing)),
        // Helper 126: a version adopted on 20 December with this year's dates replaced by next
        // year's is right; the days of this year that are over are not "missing".
        Case(name: "December, next year's dates only", holidays: ["2027-01-01", "2027-02-06"], windows: ["holiday"], today: "2026-12-20",
             expected: nil),
        Case(name: "December without either year", holidays: ["2025-10-01"], windows: ["holiday"], today: "2026-12-20",
             expected: (2027, .upcoming)),
        Case(name: "no time slot for holidays", holidays: ["2026-10-01"], windows: [], today: "2027-06-30", expected: nil),
    ]

    @Test(arguments: cases)
    func decides(_ c: Case) throws {
        let gap = HolidayCalendar.gap(
            holidays: c.holidays.map { LocalDate(parsing: $0)! }, holidayWindows: c.windows, today: try #require(LocalDate(parsing: c.today)))
        #expect(gap?.year == c.expected?.year && gap?.stage == c.expected?.stage, "\(String(describing: gap))")
        if let gap {
            #expect(gap.lastListed == c.holidays.compactMap { LocalDate(parsing: $0) }.max())
            #expect(gap.holidayWindows == c.windows)
        }
    }

    /// The shipped file: its holiday slots, read in its own zone (1 December begins at 16:00 UTC
    /// on 30 November in Asia/Shanghai).
    @Test func theShippedFileAsksForNextYearFromTheFirstOfDecemberLocal() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules/default.yaml")
        let compiled = try RuleSetCompiler.compile(String(contentsOf: url, encoding: .utf8), fileName: "default.yaml")
        #expect(!compiled.holidayWindows.isEmpty)
        let formatter = ISO8601DateFormatter()
        #expect(compiled.holidayGap(at: formatter.date(from: "2026-11-30T15:59:00Z")!) == nil)
        let gap = try #require(compiled.holidayGap(at: formatter.date(from: "2026-11-30T16:00:00Z")!))
        #expect(gap.year == 2027 && gap.stage == .upcoming && gap.lastListed?.year == 2026)
        #expect(compiled.start(of: LocalDate(year: 2027, month: 1, day: 1)!) == formatter.date(from: "2026-12-31T16:00:00Z")!)
        #expect(compiled.holidayGap(at: formatter.date(from: "2027-01-01T00:00:00Z")!)?.stage == .missing)
    }
}
