import Foundation

/// Declared replacement costs: money as exact decimal text, never a binary floating-point number.
public enum DeclaredCost {
    /// "1299.5" → "1299.50"; nil unless 1–7 integer digits, at most 2 decimals, and 0 < cost ≤ max.
    public static func canonical(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, (1...7).contains(whole.count),
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(parts.count == 2 && fraction.isEmpty)
        else { return nil }
        while fraction.count < 2 { fraction += "0" }
        guard let integer = Int(whole), let cents = Int(fraction) else { return nil }
        let total = integer * 100 + cents
        guard total > 0, total <= ListingLimits.maxDeclaredCost * 100 else { return nil }
        return "\(integer).\(fraction)"
    }

    /// The cost in cents (exact), for comparisons and medians.
    public static func cents(_ canonical: String) -> Int? {
        let parts = canonical.split(separator: ".")
        guard parts.count == 2, let whole = Int(parts[0]), let fraction = Int(parts[1]) else { return nil }
        return whole * 100 + fraction
    }

    public static func decimal(_ canonical: String) -> Decimal? { Decimal(string: canonical, locale: Locale(identifier: "en_US_POSIX")) }
}

/// Calendar dates written as "YYYY-MM-DD".
public enum CalendarDate {
    public static func isValid(_ text: String, notAfter now: Date, earliestYear: Int) -> Bool {
        guard let date = parse(text) else { return false }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        // A day ahead of UTC covers every time zone's "today".
        return utc.component(.year, from: date) >= earliestYear && date <= now.addingTimeInterval(86_400)
    }

    /// Midnight UTC of the date, or nil if it is not a real date in the strict format.
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = ASCIIDigits.value(parts[0]), let month = ASCIIDigits.value(parts[1]), let day = ASCIIDigits.value(parts[2])
        else { return nil }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: utc), let date = utc.date(from: components) else { return nil }
        return date
    }
}
