import Foundation

/// An instant as residents read it on a notice board: `2026-12-05 09:00` in the community's time
/// zone. Chat messages and inbox texts use it; the API's own fields stay ISO 8601 UTC.
public enum EventLocalTime {
    public static func text(_ date: Date, timeZoneID: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Community.timeZone(timeZoneID)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// The local date alone, `2026-12-05`: a report's period reads in the residents' days.
    public static func day(_ date: Date, timeZoneID: String) -> String {
        String(text(date, timeZoneID: timeZoneID).prefix(10))
    }
}
