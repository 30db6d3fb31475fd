/// The one form of date-time Linli takes from clients and operators: RFC 3339.
public enum RFC3339DateTime {
    /// Whether `text` is an RFC 3339 date-time whose fields name a real instant:
    /// `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm|±HHmm)` with the month 01–12, the day within its month
    /// (29 February in leap years only), hours 00–23, minutes and seconds 00–59, an offset below
    /// 24 hours. The parser rolls impossible fields over instead (session 30 walk: `T25:00` was
    /// stored as 01:00 the next day, 30 February as 2 March), so a typo became another time.
    public static func isReal(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for byte in b[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func at(_ index: Int, _ characters: String) -> Bool { index < b.count && characters.utf8.contains(b[index]) }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2), at(10, "Tt"),
            let hour = number(11, 2), at(13, ":"), let minute = number(14, 2), at(16, ":"), let second = number(17, 2)
        else { return false }
        var index = 19
        if at(index, ".") {
            index += 1
            let digits = index
            while index < b.count, (48...57).contains(b[index]) { index += 1 }
            guard index > digits else { return false }
        }
        if at(index, "Zz") {
            index += 1
        } else {
            // `+08:00`, or `+0800` as many clients write it (ISO 8601's basic form; accepted before).
            let colon = at(index + 3, ":")
            guard at(index, "+-"), let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + (colon ? 4 : 3), 2),
                offsetHours <= 23, offsetMinutes <= 59
            else { return false }
            index += colon ? 6 : 5
        }
        guard index == b.count, (1...12).contains(month), hour <= 23, minute <= 59, second <= 59 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
