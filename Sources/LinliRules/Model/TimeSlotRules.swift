/// `valuation.time_slots`: named windows of the week with a factor each. A job is split at every
/// window boundary and at midnight; each piece takes the factor of the first window (in file order)
/// that covers it, or `default_factor`; the step's factor is the minutes-weighted average, kept as
/// an exact fraction (no rounding).
struct TimeSlotRules {
    var kinds: KindSet
    var defaultFactor: Located<RuleDecimal>
    var windows: [TimeWindow]
    var location: SourceLocation
}

/// One window. `days` is a bit set: bit 0 = Monday … bit 6 = Sunday, bit 7 = a public holiday from
/// the file's `holidays:` list (a holiday date carries both its weekday bit and the holiday bit,
/// so list holiday windows first). A window whose `to` is not after `from` runs past midnight and
/// its early-morning part belongs to the day it started on.
struct TimeWindow {
    var name: String
    var days: UInt8
    /// Seconds after local midnight, 0…86,400.
    var from: Int
    var to: Int
    var factor: Located<RuleDecimal>
    var location: SourceLocation

    static let holidayBit: UInt8 = 1 << 7
    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]

    var crossesMidnight: Bool { to < from }

    /// Whether the window covers second `second` of a day whose day bits are `today`, the previous
    /// day's bits being `yesterday`.
    @inline(__always)
    func covers(second: Int, today: UInt8, yesterday: UInt8) -> Bool {
        if crossesMidnight {
            return (today & days != 0 && second >= from) || (yesterday & days != 0 && second < to)
        }
        return today & days != 0 && second >= from && second < to
    }
}
