import Foundation

/// Parses the `Retry-After` response header: either delta-seconds or an HTTP-date
/// (IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the only form senders may generate; the obsolete
/// RFC 850 and asctime forms are accepted too, as RFC 9110 asks of recipients).
public enum RetryAfter {
    /// Seconds to wait from `now`, nil when the header is absent or unparseable. A date in the past
    /// means zero.
    public static func seconds(from value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // Huge values are clamped by the caller; cap here only to avoid overflow.
            return value.utf8.count > 9 ? 999_999_999 : TimeInterval(Int(value) ?? 0)
        }
        guard let date = httpDate(value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the three HTTP-date forms without DateFormatter (locale- and thread-independent).
    static func httpDate(_ value: String) -> Date? {
        let tokens = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: [Int]?
        for token in tokens {
            if let index = months.firstIndex(of: token.lowercased()) { month = index + 1 }
            else if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                if parts.count == 3 { time = parts }
            } else if let number = Int(token) {
                if token.count == 4 { year = number }
                else if day == nil && token.count <= 2 { day = number }
                else if token.count == 2 { year = number < 70 ? 2000 + number : 1900 + number }
            }
        }
        guard let day, let month, let year, let time, (1...31).contains(day),
              (0...23).contains(time[0]), (0...59).contains(time[1]), (0...60).contains(time[2])
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
