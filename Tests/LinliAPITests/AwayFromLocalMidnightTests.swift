import Foundation
import LinliTestSupport
import Testing

/// The guard that keeps daily-cap tests off Asia/Shanghai's midnight (16:00 UTC) waits only
/// inside the margin, and then until just past midnight.
@Suite struct AwayFromLocalMidnightTests {

    @Test(arguments: [
        ("2026-12-06T15:00:00.000Z", "Asia/Shanghai", 0.0),  // an hour before midnight there
        ("2026-12-06T15:57:59.000Z", "Asia/Shanghai", 0.0),  // 121 s before: outside the margin
        ("2026-12-06T15:58:00.000Z", "Asia/Shanghai", 121.0),  // 120 s before: wait, to 1 s past
        ("2026-12-06T15:59:59.500Z", "Asia/Shanghai", 1.5),
        ("2026-12-06T16:00:00.000Z", "Asia/Shanghai", 0.0),  // midnight itself: a new day began
        ("2026-12-06T23:59:30.000Z", "UTC", 31.0),
        ("2026-12-06T15:59:30.000Z", "UTC", 0.0),
    ])
    func waitsOnlyNearMidnight(_ now: String, _ zone: String, _ expected: Double) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let instant = try #require(formatter.date(from: now))
        let wait = AwayFromLocalMidnight.secondsToWait(now: instant, timeZone: zone, margin: 120)
        #expect(abs(wait - expected) < 0.001, "\(now) in \(zone): \(wait) s")
    }
}
