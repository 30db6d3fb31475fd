import Foundation
import GRDB
import LinliDelivery
import LinliDomain
import LinliRules

/// Tells a community's organizers that its rule file in force lists no public holiday of a year
/// its time slots pay for (`HolidayCalendar`): from 1 December for the next year, unless a
/// version already scheduled for 1 January lists it, and again once the year has begun. Each
/// reminder is `rules.holidays_needed` on the outbox (for the staff's chat group) and an inbox
/// message to every active organizer and admin, once per community, year, stage and version
/// lacking it (`holiday_calendar_reminders`: a new version put in force without the year is told
/// again). Run hourly by a periodic service.
public enum HolidayCalendarReminders {
    /// Sends the reminders due now; returns how many communities were reminded.
    @discardableResult
    public static func remindDue(_ tx: Transaction, rules: ActiveRules) throws -> Int {
        let communities = try String.fetchAll(tx.db, sql: "SELECT id FROM communities ORDER BY id").map(CommunityID.init(trusted:))
        var reminded = 0
        for community in communities {
            guard let (gap, version, scheduled) = try gap(tx, community: community, rules: rules) else { continue }
            // Recorded under the version that lacks the year, or, when only the one in force now
            // lacks it, under the scheduled version that lists it (which no ordinary reminder is
            // ever recorded for): under the current one it met the 1 December reminder already
            // recorded for it, and was never sent (helper 139).
            try tx.db.execute(
                sql: """
                    INSERT INTO holiday_calendar_reminders (community_id, year, stage, rule_version, sent_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (community_id, year, stage, rule_version) DO NOTHING
                    """,
                arguments: [community.rawValue, gap.year, gap.stage.rawValue, scheduled ?? version, tx.now])
            guard tx.db.changesCount == 1 else { continue }
            try announce(tx, community: community, gap: gap, version: version, scheduled: scheduled)
            reminded += 1
        }
        return reminded
    }

    /// What the community's rules lack now, with the version that lacks it; nil when nothing
    /// (or its rules in force cannot be read: that community's organizers hear of it on every
    /// request). In December the version asked is the one that will be in force on 1 January,
    /// scheduled or current (helper 126: a current version listing next year, replaced on New
    /// Year's Day by a scheduled one that does not, went unreminded); one that no longer compiles
    /// is taken as not listing it (it would answer 503 then), and the current one is named.
    ///
    /// When that scheduled version lists the year but the one in force now does not, the current
    /// version is named with the scheduled one (`scheduled`): a listing posted in December for a
    /// 1 January job is priced by the rules in force when it is posted, so it paid the holiday as
    /// an ordinary day (helper 138; the reminder had gone quiet once the new year's version was
    /// scheduled). It is told once per current version, as any reminder.
    static func gap(_ tx: Transaction, community: CommunityID, rules: ActiveRules) throws -> (HolidayCalendarGap, Int, scheduled: Int?)? {
        let current: CommunityRules
        do {
            guard let found = try rules.lookup(tx.db, community: community, at: tx.now) else { return nil }
            current = found
        } catch let error as DomainError where error.code == "rules.active_version_unreadable" {
            return nil
        }
        var governing = current
        let today = current.compiled.localDate(tx.now)
        if today.month >= HolidayCalendar.reminderMonth, let newYear = LocalDate(year: today.year + 1, month: 1, day: 1) {
            do {
                governing = try rules.lookup(tx.db, community: community, at: current.compiled.start(of: newYear), remember: false) ?? current
            } catch let error as DomainError where error.code == "rules.active_version_unreadable" {
                governing = current
            }
        }
        if let gap = HolidayCalendar.gap(
            holidays: governing.ruleSet.holidays, holidayWindows: governing.compiled.holidayWindows, today: today)
        {
            return (gap, governing.ruleSet.header.version, nil)
        }
        guard governing.ruleSet.header.version != current.ruleSet.header.version,
              let gap = HolidayCalendar.gap(holidays: current.ruleSet.holidays, holidayWindows: current.compiled.holidayWindows, today: today)
        else { return nil }
        return (gap, current.ruleSet.header.version, governing.ruleSet.header.version)
    }

    private static func announce(_ tx: Transaction, community: CommunityID, gap: HolidayCalendarGap, version: Int, scheduled: Int?) throws {
        try tx.emit(
            community, type: OutboundEvent.Kind.rulesHolidaysNeeded, subject: "community:\(community)",
            payload: Payload(
                year: gap.year, stage: gap.stage.rawValue, upcoming: gap.stage == .upcoming, version: version,
                lastListed: gap.lastListed?.description, holidayWindows: gap.holidayWindows, scheduledVersion: scheduled))
        var parameters = ["year": String(gap.year), "stage": gap.stage.rawValue, "version": String(version)]
        parameters["last_listed"] = gap.lastListed?.description
        parameters["scheduled_version"] = scheduled.map(String.init)
        for member in try StaffWithPermission.active(tx, community: community, .rulesManage) {
            try MemberNotifications.notify(
                tx, community: community, member: member.id, kind: .holidaysNeeded, subject: "community:\(community)",
                parameters: parameters)
        }
    }

    /// `rules.holidays_needed`: `upcoming` repeats `stage` for chat templates (a Mustache section).
    struct Payload: Encodable {
        let year: Int
        let stage: String
        let upcoming: Bool
        let version: Int
        let lastListed: String?
        let holidayWindows: [String]
        /// The version scheduled for 1 January, which lists the year, when only the one in force
        /// now (`version`) lacks it; absent otherwise.
        let scheduledVersion: Int?

        enum CodingKeys: String, CodingKey {
            case year, stage, upcoming, version, lastListed = "last_listed", holidayWindows = "holiday_windows"
            case scheduledVersion = "scheduled_version"
        }
    }
}
