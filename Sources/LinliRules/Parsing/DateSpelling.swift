/// Why a date written in the right shape is still not a date, for the diagnostic: helper 129
/// found "2026-02-30" and "9999-12-31 23:59" told only that they were not "YYYY-MM-DD", which they
/// plainly are, leaving the author to guess.
enum DateSpelling {
    /// The reason `text` (`YYYY-MM-DD`, optionally followed by ` HH:MM`) is not a date, when its
    /// date part has the right shape: a year outside what the service keeps, or a day the month
    /// does not have. Nil when the shape itself is wrong (the caller's message says the shape).
    static func reason(_ text: String) -> (en: String, zh: String)? {
        let datePart = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        if !(1900...2200).contains(year) {
            return ("the year \(year) is outside 1900…2200", "年份 \(year) 超出 1900…2200")
        }
        if !(1...12).contains(month) { return ("there is no month \(month)", "没有 \(month) 月") }
        if day < 1 || day > LocalDate.daysInMonth(year: year, month: month) {
            return ("\(year)-\(parts[1]) has no day \(day)", "\(year) 年 \(month) 月没有 \(day) 日")
        }
        return nil
    }

    /// `reason` as a clause to append to a diagnostic (empty when there is none).
    static func clause(_ text: String) -> (en: String, zh: String) {
        guard let reason = reason(text) else { return ("", "") }
        return (": \(reason.en)", "：\(reason.zh)")
    }
}
