import Foundation

/// The local calendar day (in the community's time zone) that contains an instant, as a
/// half-open UTC interval. Per-day caps follow the residents' day, not UTC's: in Shanghai a UTC
/// day would reset at eight in the morning.
public struct LocalDayWindow: Hashable, Sendable {
    public let start: LedgerTimestamp
    public let end: LedgerTimestamp

    /// The day containing `instant` in `timeZoneID`; an unknown zone falls back to Asia/Shanghai.
    public init(containing instant: Date, timeZoneID: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZoneID) ?? TimeZone(identifier: Community.defaultTimezone)!
        let startDate = calendar.startOfDay(for: instant)
        // Not start + 24 h: days around daylight-saving changes are 23 or 25 hours long.
        let endDate = calendar.date(byAdding: .day, value: 1, to: startDate) ?? startDate.addingTimeInterval(86_400)
        start = LedgerTimestamp(startDate)
        end = LedgerTimestamp(endDate)
    }
}
