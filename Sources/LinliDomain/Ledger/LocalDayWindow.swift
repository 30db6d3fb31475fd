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
        calendar.timeZone = Community.timeZone(timeZoneID)
        let startDate = calendar.startOfDay(for: instant)
        // The start of the next calendar day, found from noon (which every day has): not start +
        // 24 h, since days around daylight-saving changes are 23 or 25 hours long, nor start + 1
        // day, which lands an hour late after a change at midnight (America/Santiago: a day that
        // begins at 01:00 would end at 01:00 the next day, an hour into it).
        let noon = calendar.date(byAdding: .hour, value: 12, to: startDate) ?? startDate.addingTimeInterval(43_200)
        let nextNoon = calendar.date(byAdding: .day, value: 1, to: noon) ?? noon.addingTimeInterval(86_400)
        let endDate = calendar.startOfDay(for: nextNoon)
        start = LedgerTimestamp(startDate)
        end = LedgerTimestamp(endDate)
    }
}
