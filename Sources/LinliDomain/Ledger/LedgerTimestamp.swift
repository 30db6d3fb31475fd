import Foundation

/// A transfer's time, to the millisecond, with one exact text form (`2026-01-01 08:30:00.250`,
/// UTC) used both in the database and in the hash.
///
/// Hashing the stored text (not a `Date`, whose binary floating-point value does not survive a
/// round trip through text exactly) is what lets `verify` recompute every hash byte for byte.
/// The text sorts chronologically and is the format GRDB reads back as a `Date`.
public struct LedgerTimestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Truncates a date to the millisecond (a date beyond ±2^63 ms, or not finite, which converting
    /// to `Int64` would trap on, becomes the nearest end of that range).
    public init(_ date: Date) {
        let value = (date.timeIntervalSince1970 * 1000).rounded(.down)
        if value.isNaN {
            milliseconds = 0
        } else if value >= 9.2e18 {
            milliseconds = Int64(9.2e18)
        } else if value <= -9.2e18 {
            milliseconds = Int64(-9.2e18)
        } else {
            milliseconds = Int64(value)
        }
    }

    /// The first and last millisecond the four-digit text form can hold: 0000-01-01 00:00:00.000
    /// and 9999-12-31 23:59:59.999 (UTC).
    public static let textRange: ClosedRange<Int64> =
        days(fromCivil: 0, 1, 1) * 86_400_000...(days(fromCivil: 10_000, 1, 1) * 86_400_000 - 1)

    /// The years a date read from a client may have (query parameters, JSON bodies): from 1583,
    /// the first whole year of the Gregorian calendar (Foundation's formatters switch to the
    /// Julian one before it, and `StoredTime` leaves such dates to GRDB), to 9999, the last the
    /// four-digit text form holds.
    public static let clientYears: ClosedRange<Int> = 1583...9999

    /// The milliseconds of `clientYears` in UTC: the instant a client's date names must fall in
    /// them, not only the year it is written with. `9999-12-31T23:00:00-05:00` is year 10000 in
    /// UTC; stored through GRDB's date text it had a five-digit year that GRDB then could not read
    /// back, and the reading trapped (helper 170 #1).
    public static let clientRange: ClosedRange<Int64> =
        days(fromCivil: Int64(clientYears.lowerBound), 1, 1) * 86_400_000...(days(fromCivil: Int64(clientYears.upperBound) + 1, 1, 1) * 86_400_000 - 1)

    /// Whether `date` falls in `clientRange` (in UTC).
    public static func isClientInstant(_ date: Date) -> Bool {
        let value = date.timeIntervalSince1970 * 1000
        return value.isFinite && value >= Double(clientRange.lowerBound) && value <= Double(clientRange.upperBound)
    }

    /// Milliseconds clamped to `textRange`: out-of-range values would write negative digits (a
    /// trap in the formatter) or lose their fifth digit. Nothing stored can be outside it (every
    /// client date is bounded by `clientYears`), so clamping only keeps a bad value from taking
    /// the process down.
    private var formattable: Int64 { min(max(milliseconds, Self.textRange.lowerBound), Self.textRange.upperBound) }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (lhs: LedgerTimestamp, rhs: LedgerTimestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public var description: String { text }

    /// `YYYY-MM-DD HH:MM:SS.mmm` in UTC (years 0000–9999; a time outside them is clamped to the
    /// nearest end, see `formattable`, rather than trap).
    public var text: String {
        let (days, msOfDay) = floorDivide(formattable, 86_400_000)
        let (year, month, day) = Self.civil(fromDays: days)
        // Written in place, without an array per field: webhook delivery formats several of these
        // per attempt recorded.
        return String(unsafeUninitializedCapacity: 23) { out in
            func put(_ value: Int64, _ width: Int, at start: Int) {
                var rest = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, 4, at: 0); out[4] = UInt8(ascii: "-"); put(month, 2, at: 5); out[7] = UInt8(ascii: "-"); put(day, 2, at: 8)
            out[10] = UInt8(ascii: " ")
            put(msOfDay / 3_600_000, 2, at: 11); out[13] = UInt8(ascii: ":")
            put(msOfDay / 60_000 % 60, 2, at: 14); out[16] = UInt8(ascii: ":")
            put(msOfDay / 1000 % 60, 2, at: 17); out[19] = UInt8(ascii: ".")
            put(msOfDay % 1000, 3, at: 20)
            return 23
        }
    }

    /// Year, month, day and second of the day (UTC), for writers that format in place (clamped to
    /// years 0000–9999 like `text`, so those writers cannot trap either).
    public var civilFields: (year: Int64, month: Int64, day: Int64, secondOfDay: Int64) {
        let (days, msOfDay) = floorDivide(formattable, 86_400_000)
        let (year, month, day) = Self.civil(fromDays: days)
        return (year, month, day, msOfDay / 1000)
    }

    /// Parses the exact text form; nil for anything else (2026-02-31 included).
    public init?(text: String) {
        var text = text
        guard let fields = text.withUTF8(Self.fields) else { return nil }
        self.milliseconds = fields.millisecondsSinceEpoch
    }

    /// The fields of one stored time text.
    public struct Fields: Sendable {
        public let year, month, day, hour, minute, second, millisecond: Int64

        /// Whole days from 1970-01-01 to the day.
        public var daysSinceEpoch: Int64 { LedgerTimestamp.days(fromCivil: year, month, day) }

        public var millisecondsSinceEpoch: Int64 {
            ((daysSinceEpoch * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
        }
    }

    /// The fields of `YYYY-MM-DD HH:MM:SS.mmm` read from its UTF-8 bytes, checked (a real calendar
    /// day, hours below 24…); nil for any other text. Shared by `init?(text:)` and the store's
    /// column reader, which parses GRDB's stored dates (the same form) without a `String`.
    public static func fields(_ text: UnsafeBufferPointer<UInt8>) -> Fields? {
        guard text.count == 23, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: " "),
            text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: ".")
        else { return nil }
        var valid = true
        func number(_ start: Int, _ width: Int) -> Int64 {
            var value: Int64 = 0
            for index in start..<(start + width) {
                let digit = text[index] &- UInt8(ascii: "0")
                if digit > 9 { valid = false }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        let fields = Fields(
            year: number(0, 4), month: number(5, 2), day: number(8, 2), hour: number(11, 2), minute: number(14, 2),
            second: number(17, 2), millisecond: number(20, 3))
        guard valid, (1...12).contains(fields.month), fields.day >= 1,
            fields.day <= daysIn(month: fields.month, year: fields.year), fields.hour < 24, fields.minute < 60, fields.second < 60
        else { return nil }
        return fields
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

private func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
    let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    return (quotient, value - quotient * divisor)
}
