/// Whether a rule file's public holidays reach the year its time slots will be asked about.
///
/// `holidays:` lists dates, year by year, from the State Council's notice, which comes out late in
/// the year before. A file that lists no date of a year prices every holiday of that year as an
/// ordinary day, without any error: on 1 January the shipped file's Spring Festival surcharge
/// simply stopped applying, and nobody was told. So the rules in force are checked against the
/// local date: from 1 December the next year must be listed (`upcoming`: by the version that will
/// be in force on 1 January), and from January to November the year under way (`missing`). Files
/// without a time slot for holidays need no calendar.
public enum HolidayCalendar {
    /// From this month on, next year's dates are asked for.
    public static let reminderMonth = 12

    /// What is missing on `today` (the file's local date), or nil when nothing is. In the
    /// reminder month only the coming year is asked about: a version adopted on 20 December that
    /// replaced this year's dates with next year's is right, not "missing" the days that are over
    /// (helper 126).
    /// - Parameter holidayWindows: the names of the time slots that list `holiday`.
    public static func gap(holidays: [LocalDate], holidayWindows: [String], today: LocalDate) -> HolidayCalendarGap? {
        guard !holidayWindows.isEmpty else { return nil }
        let last = holidays.max()
        if today.month >= reminderMonth {
            guard !lists(holidays, year: today.year + 1) else { return nil }
            return HolidayCalendarGap(year: today.year + 1, stage: .upcoming, lastListed: last, holidayWindows: holidayWindows)
        }
        guard !lists(holidays, year: today.year) else { return nil }
        return HolidayCalendarGap(year: today.year, stage: .missing, lastListed: last, holidayWindows: holidayWindows)
    }

    /// Whether any date of `year` is listed.
    public static func lists(_ holidays: [LocalDate], year: Int) -> Bool {
        holidays.contains { $0.year == year }
    }
}

/// A year the rule file's holidays do not cover though its time slots pay for holidays.
public struct HolidayCalendarGap: Sendable, Hashable {
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// The year starts within the reminder month and none of its dates is listed.
        case upcoming
        /// The year has begun and none of its dates is listed: its holidays are paid as ordinary days.
        case missing
    }

    public let year: Int
    public let stage: Stage
    /// The latest date the file lists (nil when it lists none).
    public let lastListed: LocalDate?
    /// The time slots that will match no day of `year`.
    public let holidayWindows: [String]
}
