import Foundation

/// A look-back period written as `7d` (days, 1–366) or `24h` (hours, 1–8784): what
/// `linli fraud report --since` and the report endpoint's `since` accept.
public enum ReportPeriod {
    public static let maxDays = 366

    /// The period in seconds, or nil for anything else (no zero, no sign, no other unit).
    public static func seconds(_ text: String) -> TimeInterval? {
        guard let unit = text.last, text.count >= 2, text.count <= 5 else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits), value > 0 else { return nil }
        switch unit {
        case "d" where value <= maxDays: return TimeInterval(value) * 86_400
        case "h" where value <= maxDays * 24: return TimeInterval(value) * 3600
        default: return nil
        }
    }
}
