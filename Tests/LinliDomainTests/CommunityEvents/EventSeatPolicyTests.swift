import Foundation
import LinliDomain
import Testing

/// `EventSeatPolicy` as tables: admission, filling freed seats, giving a seat up, the door.
@Suite struct EventSeatPolicyTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let hour: TimeInterval = 3_600

    static func event(
        capacity: Int = 3, perHousehold: Int = 2, state: CommunityEvent.State = .scheduled, closes: TimeInterval = 0
    ) -> CommunityEvent {
        CommunityEvent(
            id: CommunityEventID(trusted: "cev_01"), communityID: CommunityID(trusted: "cmt_01"), kind: .swapMarket, title: "换物集市",
            description: nil, place: "小区广场", startsAt: start, endsAt: start.addingTimeInterval(3 * hour),
            registrationClosesAt: start.addingTimeInterval(closes), capacity: capacity, perHouseholdLimit: perHousehold, state: state,
            cancelReason: state == .cancelled ? "下雨" : nil, createdBy: MemberID(trusted: "mem_01"), createdAt: start.addingTimeInterval(-86_400 * 7),
            updatedAt: start.addingTimeInterval(-86_400 * 7), version: 1)
    }

    static func registration(_ state: EventRegistration.State) -> EventRegistration {
        EventRegistration(
            id: EventRegistrationID(trusted: "reg_01"), communityID: CommunityID(trusted: "cmt_01"), eventID: CommunityEventID(trusted: "cev_01"),
            memberID: MemberID(trusted: "mem_02"), householdID: nil, state: state, registeredBy: MemberID(trusted: "mem_02"),
            createdAt: start.addingTimeInterval(-86_400), updatedAt: start.addingTimeInterval(-86_400), version: 1)
    }

    struct AdmitCase: Sendable, CustomTestStringConvertible {
        let name: String
        let state: CommunityEvent.State
        let seated: Int
        let household: Int
        let at: TimeInterval
        let closes: TimeInterval
        /// The state given, or the error code.
        let expected: String
        var testDescription: String { name }
    }

    static let admitCases: [AdmitCase] = [
        AdmitCase(name: "free seat", state: .scheduled, seated: 2, household: 0, at: -hour, closes: 0, expected: "registered"),
        AdmitCase(name: "full: waits in line", state: .scheduled, seated: 3, household: 0, at: -hour, closes: 0, expected: "waitlisted"),
        AdmitCase(name: "household share used up", state: .scheduled, seated: 0, household: 2, at: -hour, closes: 0, expected: "event.household_limit"),
        AdmitCase(name: "household one below its share", state: .scheduled, seated: 0, household: 1, at: -hour, closes: 0, expected: "registered"),
        AdmitCase(name: "at the closing instant", state: .scheduled, seated: 0, household: 0, at: 0, closes: 0, expected: "event.registration_closed"),
        AdmitCase(name: "walk-in window open after the start", state: .scheduled, seated: 0, household: 0, at: hour, closes: 2 * hour, expected: "registered"),
        AdmitCase(name: "cancelled", state: .cancelled, seated: 0, household: 0, at: -hour, closes: 0, expected: "event.cancelled"),
        AdmitCase(name: "over", state: .scheduled, seated: 0, household: 0, at: 4 * hour, closes: 3 * hour, expected: "event.ended"),
    ]

    @Test(arguments: admitCases)
    func admission(_ c: AdmitCase) {
        let event = Self.event(state: c.state, closes: c.closes)
        let counts = EventSeatCounts(registered: c.seated, waitlisted: 1)
        do {
            let state = try EventSeatPolicy.admit(event, counts: counts, householdLive: c.household, now: Self.start.addingTimeInterval(c.at))
            #expect(state.rawValue == c.expected)
        } catch {
            #expect(error.code == c.expected)
        }
    }

    @Test func checkedInPeopleHoldSeatsToo() throws {
        let counts = EventSeatCounts(registered: 1, waitlisted: 0, checkedIn: 2)
        #expect(try EventSeatPolicy.admit(Self.event(closes: Self.hour), counts: counts, householdLive: 0, now: Self.start) == .waitlisted)
    }

    @Test(arguments: [
        // (capacity, seated, waiting, at, expected); the event runs from 0 to 3 hours
        // Until the end: a seat added while a market is under way goes to the first in line.
        (5, 3, 4, -hour, 2), (5, 3, 1, -hour, 1), (5, 5, 4, -hour, 0), (5, 3, 0, -hour, 0), (5, 3, 4, 0.0, 2), (5, 3, 4, 3 * hour, 0),
        (2, 3, 4, -hour, 0),
    ] as [(Int, Int, Int, TimeInterval, Int)])
    func seatsToFill(capacity: Int, seated: Int, waiting: Int, at: TimeInterval, expected: Int) {
        let counts = EventSeatCounts(registered: seated, waitlisted: waiting)
        #expect(EventSeatPolicy.seatsToFill(Self.event(capacity: capacity), counts: counts, now: Self.start.addingTimeInterval(at)) == expected)
    }

    @Test func cancelledEventsFillNoSeats() {
        let counts = EventSeatCounts(registered: 0, waitlisted: 4)
        #expect(EventSeatPolicy.seatsToFill(Self.event(state: .cancelled), counts: counts, now: Self.start.addingTimeInterval(-Self.hour)) == 0)
    }

    @Test(arguments: [
        // (registration state, at, expected: "ok" or code)
        (EventRegistration.State.registered, -hour, "ok"), (.waitlisted, -hour, "ok"),
        (.cancelled, -hour, "event.registration_not_live"), (.checkedIn, -hour, "event.registration_checked_in"),
        // A place in the line, and a seat not checked in, may be given up until the end: the line
        // keeps moving during the event (helper 125: a seat granted after the start could not be).
        (.waitlisted, 0, "ok"), (.waitlisted, hour, "ok"), (.waitlisted, 3 * hour, "event.ended"),
        (.registered, 0, "ok"), (.registered, hour, "ok"), (.registered, 3 * hour, "event.ended"), (.checkedIn, hour, "event.registration_checked_in"),
    ] as [(EventRegistration.State, TimeInterval, String)])
    func cancellation(state: EventRegistration.State, at: TimeInterval, expected: String) {
        do {
            try EventSeatPolicy.checkCancellable(Self.event(), Self.registration(state), now: Self.start.addingTimeInterval(at))
            #expect(expected == "ok")
        } catch {
            #expect(error.code == expected)
        }
    }

    @Test(arguments: [
        // (registration state, at, expected: "changes", "unchanged" or code)
        (EventRegistration.State.registered, -2 * hour, "changes"), (.registered, -2 * hour - 1, "event.check_in_closed"),
        (.registered, 3 * hour, "event.check_in_closed"), (.registered, 3 * hour - 1, "changes"), (.checkedIn, hour, "unchanged"),
        (.waitlisted, hour, "event.registration_waitlisted"), (.cancelled, hour, "event.registration_not_live"),
    ] as [(EventRegistration.State, TimeInterval, String)])
    func door(state: EventRegistration.State, at: TimeInterval, expected: String) {
        do {
            let changes = try EventSeatPolicy.checkIn(
                Self.event(), Self.registration(state), opensBefore: EventRules.standard.checkInOpensBefore, now: Self.start.addingTimeInterval(at))
            #expect((changes ? "changes" : "unchanged") == expected)
        } catch {
            #expect(error.code == expected)
        }
    }

    @Test(arguments: [
        // (minutes the door opens before the start, at, expected): the community's rule file decides.
        (30, -30 * 60.0, "changes"), (30, -30 * 60.0 - 1, "event.check_in_closed"), (0, 0, "changes"), (0, -1, "event.check_in_closed"),
        (1_440, -24 * hour, "changes"), (1_440, -24 * hour - 1, "event.check_in_closed"), (0, 3 * hour, "event.check_in_closed"),
    ] as [(Int, TimeInterval, String)])
    func doorOfTheRuleFile(minutes: Int, at: TimeInterval, expected: String) {
        let rules = EventRules(defaultPerHouseholdLimit: 2, checkInOpensBeforeMinutes: minutes, reminderLeadHours: 24)
        do {
            let changes = try EventSeatPolicy.checkIn(
                Self.event(), Self.registration(.registered), opensBefore: rules.checkInOpensBefore, now: Self.start.addingTimeInterval(at))
            #expect((changes ? "changes" : "unchanged") == expected)
        } catch {
            #expect(error.code == expected)
        }
    }

    @Test func eventRulesKeepTheirValuesWithinWhatAFileMaySet() {
        let low = EventRules(defaultPerHouseholdLimit: 0, checkInOpensBeforeMinutes: -5, reminderLeadHours: 0)
        #expect(low.defaultPerHouseholdLimit == 1 && low.checkInOpensBefore == 0 && low.reminderLead == Self.hour)
        let high = EventRules(defaultPerHouseholdLimit: 99, checkInOpensBeforeMinutes: 60, reminderLeadHours: 1_000)
        #expect(high.defaultPerHouseholdLimit == 50 && high.checkInOpensBefore == Self.hour && high.reminderLead == 168 * Self.hour)
    }

    @Test func noCheckInAtACancelledEvent() {
        #expect(throws: DomainError.self) {
            try EventSeatPolicy.checkIn(Self.event(state: .cancelled), Self.registration(.registered), opensBefore: 2 * Self.hour, now: Self.start)
        }
    }

    @Test(arguments: [
        // (new start relative to the old, at, allowed)
        (0.0, hour, true), (86_400.0, -hour, true), (86_400.0, 0, false), (-60.0, hour, false),
    ] as [(TimeInterval, TimeInterval, Bool)])
    func startFixedOnceUnderWay(shift: TimeInterval, at: TimeInterval, allowed: Bool) {
        let moved = Self.start.addingTimeInterval(shift)
        let accepted = (try? EventSeatPolicy.checkStartMovable(Self.event(), to: moved, now: Self.start.addingTimeInterval(at))) != nil
        #expect(accepted == allowed)
    }

    @Test(arguments: [(3, 3, true), (2, 3, false), (4, 3, true)] as [(Int, Int, Bool)])
    func capacityNeverBelowSeatsTaken(capacity: Int, seated: Int, allowed: Bool) {
        let counts = EventSeatCounts(registered: seated - 1, checkedIn: 1)
        let accepted = (try? EventSeatPolicy.checkCapacity(capacity, counts: counts)) != nil
        #expect(accepted == allowed)
    }

    @Test(arguments: [
        (CommunityEvent.State.scheduled, -hour, CommunityEvent.Phase.upcoming), (.scheduled, 0, .inProgress), (.scheduled, 3 * hour, .ended),
        (.cancelled, -hour, .cancelled),
    ] as [(CommunityEvent.State, TimeInterval, CommunityEvent.Phase)])
    func phase(state: CommunityEvent.State, at: TimeInterval, expected: CommunityEvent.Phase) {
        #expect(Self.event(state: state).phase(at: Self.start.addingTimeInterval(at)) == expected)
    }

    @Test func localTimeIsTheCommunitysWallClock() {
        // 1_800_000_000 = 2027-01-15 08:00 UTC = 16:00 in Shanghai.
        #expect(EventLocalTime.text(Self.start, timeZoneID: "Asia/Shanghai") == "2027-01-15 16:00")
        #expect(EventLocalTime.text(Self.start, timeZoneID: "UTC") == "2027-01-15 08:00")
    }

    /// Only a check-in can be taken back; a seat not checked in is answered as it is.
    @Test(arguments: [
        (EventRegistration.State.checkedIn, "true"), (.registered, "false"), (.waitlisted, "event.registration_waitlisted"),
        (.cancelled, "event.registration_not_live"),
    ] as [(EventRegistration.State, String)])
    func undoingACheckIn(state: EventRegistration.State, expected: String) {
        do {
            #expect(String(try EventSeatPolicy.undoesCheckIn(Self.registration(state))) == expected)
        } catch {
            #expect(error.code == expected)
        }
    }
}
