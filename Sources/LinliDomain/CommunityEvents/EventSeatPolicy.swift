import Foundation

/// The rules of an event's seats, waiting line and door, decided from the event, the counts
/// and the clock alone, so every path (a resident's phone, the service desk, the door) applies the
/// same ones and they can be tested as a table.
public enum EventSeatPolicy {
    /// The state a new registration gets: a seat if one is free, else a place in line. Refused
    /// when the event is cancelled or over, registration has closed, or the household already
    /// holds its share (seated and waiting registrations alike, or a family could fill the line).
    public static func admit(
        _ event: CommunityEvent, counts: EventSeatCounts, householdLive: Int, now: Date
    ) throws(DomainError) -> EventRegistration.State {
        try checkOn(event, now: now)
        guard now < event.registrationClosesAt else {
            throw DomainError(code: "event.registration_closed", category: .conflict, instants: ["closes_at": event.registrationClosesAt])
        }
        guard householdLive < event.perHouseholdLimit else {
            throw DomainError(code: "event.household_limit", category: .conflict, parameters: ["limit": String(event.perHouseholdLimit)])
        }
        return counts.seatsTaken < event.capacity ? .registered : .waitlisted
    }

    /// How many waiting registrations move up to a seat now: as many as there are free seats and
    /// people waiting, until the event ends (a seat added while a market is under way goes to the
    /// first in line, who may be standing at the door, not to whoever registers next).
    public static func seatsToFill(_ event: CommunityEvent, counts: EventSeatCounts, now: Date) -> Int {
        guard event.state == .scheduled, now < event.endsAt else { return 0 }
        return max(0, min(counts.waitlisted, event.capacity - counts.seatsTaken))
    }

    /// A seat not yet checked in, or a place in the waiting line, may be given up until the event
    /// ends. The line keeps moving while a market is under way (`seatsToFill`), so a seat given
    /// up at the door goes to the next in line, who may be standing there: someone who cannot
    /// come, or has gone home, must be able to let go of it (helper 125: a seat granted after the
    /// start, with the advice "cancel if you cannot come", could not be cancelled, nor by the
    /// organizer she phoned, and stood empty to the end). Someone checked in came: 409
    /// `event.registration_checked_in` (staff undo a check-in tapped by mistake first).
    public static func checkCancellable(_ event: CommunityEvent, _ registration: EventRegistration, now: Date) throws(DomainError) {
        try checkLive(registration)
        guard registration.state != .checkedIn else {
            throw DomainError(code: "event.registration_checked_in", category: .conflict)
        }
        try checkOn(event, now: now)
    }

    /// Whether checking `registration` in changes anything (false: already checked in, answered
    /// as it is so a retried tap at the door is harmless). The door is open from `opensBefore`
    /// the start (the community's `EventRules.checkInOpensBefore`) until the end; only seated
    /// registrations come in.
    public static func checkIn(
        _ event: CommunityEvent, _ registration: EventRegistration, opensBefore: TimeInterval, now: Date
    ) throws(DomainError) -> Bool {
        guard event.state == .scheduled else { throw cancelled(event) }
        let opens = event.startsAt.addingTimeInterval(-opensBefore)
        guard now >= opens, now < event.endsAt else {
            throw DomainError(
                code: "event.check_in_closed", category: .conflict, instants: ["opens_at": opens, "closes_at": event.endsAt])
        }
        switch registration.state {
        case .checkedIn: return false
        case .registered: return true
        case .waitlisted: throw DomainError(code: "event.registration_waitlisted", category: .conflict)
        case .cancelled: throw DomainError(code: "event.registration_not_live", category: .conflict, parameters: ["current_state": registration.state.rawValue])
        }
    }

    /// Whether taking back `registration`'s check-in changes anything (false: seated and not
    /// checked in, answered as it is so a retried tap is harmless). Only a checked-in registration
    /// has one to take back; the caller checks the event is still on (`checkOn`).
    public static func undoesCheckIn(_ registration: EventRegistration) throws(DomainError) -> Bool {
        try checkLive(registration)
        switch registration.state {
        case .checkedIn: return true
        case .registered, .cancelled: return false
        case .waitlisted: throw DomainError(code: "event.registration_waitlisted", category: .conflict)
        }
    }

    /// Organizers may change or cancel an event until it ends.
    public static func checkEditable(_ event: CommunityEvent, now: Date) throws(DomainError) {
        try checkOn(event, now: now)
    }

    /// Once an event has started its start is fixed: people are there, some checked in. Its end,
    /// place and texts may still be corrected; postponing is a cancellation and a new event.
    public static func checkStartMovable(_ event: CommunityEvent, to start: Date, now: Date) throws(DomainError) {
        guard start == event.startsAt || now < event.startsAt else {
            throw DomainError(code: "event.start_fixed", category: .conflict, instants: ["starts_at": event.startsAt])
        }
    }

    /// A smaller event must still seat everyone already seated: organizers free seats by talking
    /// to people, not by the server dropping registrations.
    /// 409 `event.household_limit_below_registrations` when a household already holds more live
    /// registrations than the new share (helper 133: accepted without a word, the announcement
    /// then said "at most 1 a household" while a family kept 2). As for seats, organizers settle
    /// it by talking to the family, not by the server dropping a registration.
    /// The refusal names the household holding the most (helper 142: with forty seats taken, "a
    /// household holds 2" sent the organizer searching the list by hand for the family to call).
    public static func checkHouseholdLimit(_ limit: Int, mostInOneHousehold most: HouseholdShare?) throws(DomainError) {
        guard let most, limit < most.count else { return }
        throw DomainError(
            code: "event.household_limit_below_registrations", category: .conflict,
            parameters: ["most": String(most.count), "limit": String(limit), "household_id": most.household.rawValue, "household_name": most.name])
    }

    /// The household holding the most live registrations of an event, and how many.
    public struct HouseholdShare: Sendable, Equatable {
        public var household: HouseholdID
        public var name: String
        public var count: Int

        public init(household: HouseholdID, name: String, count: Int) {
            self.household = household
            self.name = name
            self.count = count
        }
    }

    public static func checkCapacity(_ capacity: Int, counts: EventSeatCounts) throws(DomainError) {
        guard capacity >= counts.seatsTaken else {
            throw DomainError(code: "event.capacity_below_seats", category: .conflict, parameters: ["seats_taken": String(counts.seatsTaken)])
        }
    }

    /// 409 `event.cancelled` or `event.ended` unless the event is still on.
    public static func checkOn(_ event: CommunityEvent, now: Date) throws(DomainError) {
        guard event.state == .scheduled else { throw cancelled(event) }
        guard now < event.endsAt else {
            throw DomainError(code: "event.ended", category: .conflict, instants: ["ends_at": event.endsAt])
        }
    }

    static func checkLive(_ registration: EventRegistration) throws(DomainError) {
        guard registration.state.isLive else {
            throw DomainError(code: "event.registration_not_live", category: .conflict, parameters: ["current_state": registration.state.rawValue])
        }
    }

    static func cancelled(_ event: CommunityEvent) -> DomainError {
        DomainError(code: "event.cancelled", category: .conflict, parameters: ["reason": event.cancelReason ?? ""])
    }
}
