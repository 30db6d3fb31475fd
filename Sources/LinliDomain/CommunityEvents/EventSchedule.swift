import Foundation

/// The checks an event's times and seats must pass, shared by creation and editing so both give
/// the same field errors.
public enum EventSchedule {
    /// `startChanged`/`endChanged`/`closeChanged`: a time in the past is refused only where the
    /// caller set it, so an event already under way can still have its description or end time
    /// corrected. An end moved into the past would end a market under way for good, with no way
    /// back (every later change is `event.ended`), on a typo of the day or hour (helper 125).
    public static func check(
        _ check: inout FieldValidator, startsAt: Date, endsAt: Date, closesAt: Date, now: Date, startChanged: Bool,
        endChanged: Bool = false, closeChanged: Bool
    ) {
        if endsAt <= startsAt {
            check.add(FieldIssue("/ends_at", .outOfRange, ["reason": "event.end_before_start", "min": "starts_at"]))
        } else if endsAt.timeIntervalSince(startsAt) > CommunityEventLimits.maxDuration {
            check.add(FieldIssue("/ends_at", .outOfRange, ["reason": "event.too_long", "days": String(Int(CommunityEventLimits.maxDuration) / 86_400)]))
        }
        if startChanged, startsAt <= now { check.add(FieldIssue("/starts_at", .outOfRange, ["reason": "event.start_passed"])) }
        if endChanged, !startChanged || startsAt > now, endsAt > startsAt, endsAt <= now {
            check.add(FieldIssue("/ends_at", .outOfRange, ["reason": "event.end_passed"]))
        }
        if startsAt.timeIntervalSince(now) > TimeInterval(CommunityEventLimits.maxDaysAhead) * 86_400 {
            check.add(FieldIssue("/starts_at", .outOfRange, ["reason": "event.start_too_far", "days": String(CommunityEventLimits.maxDaysAhead)]))
        }
        // Compared with a valid end only: a wrong end is one mistake, reported once.
        if endsAt > startsAt, closesAt > endsAt {
            check.add(FieldIssue("/registration_closes_at", .outOfRange, ["reason": "event.registration_after_end", "max": "ends_at"]))
        }
        if closeChanged, closesAt <= now {
            check.add(FieldIssue("/registration_closes_at", .outOfRange, ["reason": "event.registration_close_passed"]))
        }
    }

    public static func checkSeats(_ check: inout FieldValidator, capacity: Int, perHouseholdLimit: Int?) {
        let seats = CommunityEventLimits.capacity
        if !seats.contains(capacity) {
            check.add(FieldIssue("/capacity", .outOfRange, ["min": String(seats.lowerBound), "max": String(seats.upperBound)]))
        }
        let household = CommunityEventLimits.perHouseholdLimit
        if let perHouseholdLimit, !household.contains(perHouseholdLimit) {
            check.add(FieldIssue("/per_household_limit", .outOfRange, ["min": String(household.lowerBound), "max": String(household.upperBound)]))
        }
    }
}
