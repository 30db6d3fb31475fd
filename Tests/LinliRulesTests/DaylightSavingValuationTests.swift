import Foundation
import Testing
@testable import LinliRules

/// Found by review 9d (each test failed first): the valuation engine in a zone with daylight saving time.
@Suite struct DaylightSavingValuationTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// docs/rules-format.md (time_slots): "Local times use the zone's UTC offset at the job's
    /// start". A job across a daylight-saving change is billed for the minutes it really lasts:
    /// Europe/Berlin, Sunday 2026-03-29 01:00 CET → 04:00 CEST is two real hours (00:00Z–02:00Z),
    /// and Sunday 2026-10-25 01:00 CEST → 04:00 CET is four (2026-10-24 23:00Z – 03:00Z).
    /// `ValuationProgram.run` converts start and end each with their own offset
    /// (`clock.localSeconds(end)`), so the spring job is billed 180 minutes and the autumn one 180.
    @Test(arguments: [
        // 2 h × 10 = 20 × 1.50 (night) × 1.00 (light) × 1.20 (care) = 36
        ("2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z", 120, 36),
        // 4 h × 10 = 40 × 1.50 × 1.20 = 72 (per-hour cap 40 × 4 = 160, maximum 100)
        ("2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z", 240, 72),
    ])
    func jobAcrossDaylightSavingIsBilledItsRealMinutes(start: String, end: String, minutes: Int, points: Int) throws {
        let berlin = RuleFixture.text.replacingOccurrences(of: "timezone: Asia/Shanghai", with: "timezone: Europe/Berlin")
        let rules = try RuleFixture.compiled(berlin)
        let input = ValuationInput(kind: .time, category: "care", start: Self.utc(start), end: Self.utc(end), intensity: .light)
        let valuation = try rules.valuate(input, in: ValuationContext(valuedAt: Self.utc("2026-03-01T12:00:00Z")))
        #expect(valuation.steps.first?.detailEN.contains("\(minutes) min") == true, "\(valuation.steps.first?.detailEN ?? "")")
        #expect(valuation.points == points)
    }
}
