import Foundation

/// Converts instants to local wall-clock seconds in the rule file's time zone without Calendar.
///
/// Most communities live in zones without daylight saving (Asia/Shanghai has had none since 1991):
/// for those the UTC offset after 2000 is a constant taken once at compile time, and evaluation is
/// integer arithmetic. Zones with transitions ask Foundation per conversion.
struct LocalClock: Sendable {
    let timeZone: TimeZone
    /// The offset for instants at or after 2000-01-01 when the zone has no transition after it.
    private let fixedOffset: Int?
    private static let year2000: Double = 946_684_800

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        let y2k = Date(timeIntervalSince1970: Self.year2000)
        fixedOffset = timeZone.nextDaylightSavingTimeTransition(after: y2k) == nil
            ? timeZone.secondsFromGMT(for: y2k) : nil
    }

    /// Seconds since 1970-01-01T00:00 local time.
    @inline(__always)
    func localSeconds(_ date: Date) -> Int {
        let utc = date.timeIntervalSince1970
        let seconds = Int(utc.rounded(.down))
        if let fixedOffset, utc >= Self.year2000 { return seconds + fixedOffset }
        return seconds + timeZone.secondsFromGMT(for: date)
    }

    @inline(__always)
    func localDay(_ date: Date) -> Int {
        let s = localSeconds(date)
        return s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
    }

    /// The instant of a local wall-clock time (for a time skipped by a DST jump, the instant one
    /// offset-width later, as Foundation does: 02:30 on a night the clocks go from 02:00 to 03:00
    /// is 03:30 summer time).
    ///
    /// Two offsets are tried: the one at the local time read as UTC, and the one at the instant
    /// that gives. A skipped time matches neither, and the later instant (the offset before the
    /// jump, the smaller) is the one; west of Greenwich the second guess had landed an hour early
    /// (helper 179 #5: 02:30 in New York read as 01:30 standard time).
    func instant(localSeconds: Int) -> Date {
        let guess = Date(timeIntervalSince1970: Double(localSeconds))
        let first = timeZone.secondsFromGMT(for: guess)
        let candidate = Date(timeIntervalSince1970: Double(localSeconds - first))
        let second = timeZone.secondsFromGMT(for: candidate)
        let result = Date(timeIntervalSince1970: Double(localSeconds - second))
        if first == second || self.localSeconds(result) == localSeconds { return result }
        if self.localSeconds(candidate) == localSeconds { return candidate }
        return Date(timeIntervalSince1970: Double(localSeconds - min(first, second)))
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (local) to an instant.
    func instant(parsing text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let date = LocalDate(parsing: parts[0]) else { return nil }
        var seconds = date.daysSinceEpoch * 86_400
        if parts.count == 2 {
            let hm = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, hm.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
                  let h = Int(hm[0]), let m = Int(hm[1]),
                  (0...23).contains(h), (0...59).contains(m) else { return nil }
            seconds += h * 3600 + m * 60
        }
        return instant(localSeconds: seconds)
    }
}
