import Foundation

/// An instant as a resident reads it in a message: the community's wall-clock date and time,
/// 24-hour, zh `2026年12月5日 10:00`, en `5 Dec 2026, 10:00 (UTC+08:00)`.
///
/// Why: messages used to carry ISO 8601 UTC (`2026-12-05T02:00:00Z`), which a resident in Shanghai
/// reads as two o'clock, not ten. The machine-readable copies (a problem's `parameters`, payloads)
/// stay ISO 8601 UTC; only the human text is local.
///
/// The zone is named by its offset at that instant (summer time included: Berlin in July is
/// `UTC+02:00`, in January `UTC+01:00`; UTC itself is `UTC`), which a reader can compare with their
/// own clock whatever their zone database calls it. zh names it only when it differs from Beijing
/// time (UTC+08:00), which every Chinese reader assumes, and which Hong Kong, Macao, Taiwan and
/// Singapore keep too: `2026年12月5日 11:00（UTC+09:00）` for a community in Tokyo. en always names it,
/// since an English reader may well be a visitor whose phone shows another zone.
///
/// Built from calendar components, not a `DateFormatter`, so the text does not depend on the
/// process locale or the platform's ICU data; an unknown zone id falls back to Asia/Shanghai, as
/// `LocalDayWindow` does.
public enum LocalInstantText {
    /// The instant in `timeZoneID`'s wall-clock time, worded for `language`.
    public static func text(_ date: Date, timeZoneID: String, language: Language) -> String {
        let zone = Community.timeZone(timeZoneID)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let year = parts.year ?? 0, month = parts.month ?? 1, day = parts.day ?? 1
        let clock = two(parts.hour ?? 0) + ":" + two(parts.minute ?? 0)
        let offset = zone.secondsFromGMT(for: date)
        switch language {
        case .zhCN:
            let text = "\(year)年\(month)月\(day)日 \(clock)"
            return offset == beijingOffset ? text : text + "（\(offsetName(offset))）"
        case .en:
            return "\(day) \(monthNames[month - 1]) \(year), \(clock) (\(offsetName(offset)))"
        }
    }

    /// `parameters` with each of `instants` replaced by its local text: what a message template is
    /// filled with. Names that are not instants keep their values.
    public static func shown(
        _ parameters: [String: String], instants: [String: Date], timeZoneID: String, language: Language
    ) -> [String: String] {
        guard !instants.isEmpty else { return parameters }
        var shown = parameters
        for (name, instant) in instants { shown[name] = text(instant, timeZoneID: timeZoneID, language: language) }
        return shown
    }

    /// How an instant travels to machines: ISO 8601 in UTC, whole seconds (`2026-12-05T02:00:00Z`).
    public static func utc(_ date: Date) -> String { date.formatted(.iso8601) }

    /// `parameters` with each of `instants` added in ISO 8601 UTC (an instant wins over a text of
    /// the same name): what API clients read.
    public static func utcParameters(_ parameters: [String: String], instants: [String: Date]) -> [String: String] {
        guard !instants.isEmpty else { return parameters }
        return parameters.merging(instants.mapValues(utc)) { _, instant in instant }
    }

    static let beijingOffset = 8 * 3600
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `UTC`, `UTC+09:00`, `UTC-03:30` (whole minutes; the zone database's pre-1900 local mean
    /// times have seconds, which no message needs).
    static func offsetName(_ seconds: Int) -> String {
        guard seconds != 0 else { return "UTC" }
        let minutes = abs(seconds) / 60
        return "UTC" + (seconds < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
