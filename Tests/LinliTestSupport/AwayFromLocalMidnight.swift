import Foundation

/// Keeps a test that counts "today" on the real clock off a community's local midnight.
///
/// The API tests run on the real clock, as the service does. A test that fills a daily cap or a
/// daily limit and then expects the next step to be refused is right only while both steps fall on
/// one local day; run across midnight in Asia/Shanghai (16:00 UTC, inside many CI days) the count
/// starts again and the test fails for no fault of the code. Such a test awaits `begin()` first:
/// inside `margin` before midnight it waits until just after it, otherwise it returns at once.
public enum AwayFromLocalMidnight {
    /// Waits, if need be, until at least `margin` remains before the next local midnight of
    /// `timeZone` (the default is the communities' default time zone).
    public static func begin(timeZone identifier: String = "Asia/Shanghai", margin: TimeInterval = 120) async throws {
        let wait = secondsToWait(now: Date(), timeZone: identifier, margin: margin)
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
    }

    /// How long to wait at `now`: nothing when the next midnight is more than `margin` away, else
    /// until one second past it.
    public static func secondsToWait(now: Date, timeZone identifier: String, margin: TimeInterval) -> TimeInterval {
        guard let zone = TimeZone(identifier: identifier) else { preconditionFailure("unknown time zone \(identifier)") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let midnight = calendar.nextDate(after: now, matching: DateComponents(hour: 0, minute: 0, second: 0), matchingPolicy: .nextTime)
        else { return 0 }
        let left = midnight.timeIntervalSince(now)
        return left > margin ? 0 : left + 1
    }
}
