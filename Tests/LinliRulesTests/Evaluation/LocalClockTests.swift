import Foundation
import Testing
@testable import LinliRules

/// Local wall-clock times to instants in the rule file's zone. Helper 179 #5: a time the clocks
/// skip (02:30 on a spring-forward night) read an hour early west of Greenwich; it is the instant
/// one offset-width later on both sides of it, and ordinary times round-trip.
@Suite struct LocalClockTests {
    static func clock(_ zone: String) -> LocalClock { LocalClock(timeZone: TimeZone(identifier: zone)!) }

    @Test(arguments: [
        ("America/New_York", "2026-03-08 02:30", "2026-03-08T07:30:00Z"),  // skipped: 03:30 EDT
        ("Europe/Berlin", "2026-03-29 02:30", "2026-03-29T01:30:00Z"),  // skipped: 03:30 CEST
        ("America/New_York", "2026-03-08 01:30", "2026-03-08T06:30:00Z"),  // before the jump, EST
        ("America/New_York", "2026-03-08 03:30", "2026-03-08T07:30:00Z"),  // after it, EDT
        ("America/New_York", "2026-07-01 12:00", "2026-07-01T16:00:00Z"),
        ("Asia/Shanghai", "2026-03-08 02:30", "2026-03-07T18:30:00Z"),
    ])
    func aLocalTimeIsTheInstantItNames(zone: String, local: String, expected: String) throws {
        let instant = try #require(Self.clock(zone).instant(parsing: local))
        #expect(instant == (try Date(expected, strategy: .iso8601)))
    }

    /// Times that exist read back as themselves.
    @Test(arguments: ["America/New_York", "Europe/Berlin", "Asia/Shanghai"])
    func existingTimesRoundTrip(zone: String) throws {
        let clock = Self.clock(zone)
        for hour in [0, 1, 3, 12, 23] {
            let local = (try #require(LocalDate(parsing: "2026-03-08"))).daysSinceEpoch * 86_400 + hour * 3600
            #expect(clock.localSeconds(clock.instant(localSeconds: local)) == local, "\(zone) \(hour):00")
        }
    }
}
