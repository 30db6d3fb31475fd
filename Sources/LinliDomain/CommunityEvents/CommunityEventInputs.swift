import Foundation

/// Size and range limits of community events (characters, seats, days).
public enum CommunityEventLimits {
    public static let title = 80
    public static let description = 2_000
    public static let place = 120
    public static let reason = 500
    public static let capacity = 1...10_000
    /// The household share an organizer (or the rule file's default) may set.
    public static let perHouseholdLimit = 1...50
    /// A market or activity lasts at most a week.
    public static let maxDuration: TimeInterval = 7 * 86_400
    /// How far ahead an event may be announced.
    public static let maxDaysAhead = 366
}

/// Body of `POST /v1/events`.
public struct NewCommunityEventInput: Decodable, Sendable, Equatable {
    public var kind: CommunityEvent.Kind
    public var title: String
    public var description: String?
    public var place: String
    public var startsAt: Date
    public var endsAt: Date
    /// Defaults to `starts_at`.
    public var registrationClosesAt: Date?
    public var capacity: Int
    /// Defaults to the community's `EventRules.defaultPerHouseholdLimit` (the rule file's
    /// `events.default_per_household_limit`, 2 unless it says otherwise).
    public var perHouseholdLimit: Int?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, title, description, place, startsAt = "starts_at", endsAt = "ends_at"
        case registrationClosesAt = "registration_closes_at", capacity, perHouseholdLimit = "per_household_limit"
    }

    public init(
        kind: CommunityEvent.Kind, title: String, description: String? = nil, place: String, startsAt: Date, endsAt: Date,
        registrationClosesAt: Date? = nil, capacity: Int, perHouseholdLimit: Int? = nil
    ) {
        self.kind = kind
        self.title = title
        self.description = description
        self.place = place
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.registrationClosesAt = registrationClosesAt
        self.capacity = capacity
        self.perHouseholdLimit = perHouseholdLimit
    }

    public func validate(now: Date) throws(DomainError) {
        var check = FieldValidator()
        check.line(title, at: "/title", max: CommunityEventLimits.title)
        check.text(description, at: "/description", required: false, max: CommunityEventLimits.description)
        check.line(place, at: "/place", max: CommunityEventLimits.place)
        EventSchedule.check(
            &check, startsAt: startsAt, endsAt: endsAt, closesAt: registrationClosesAt ?? startsAt, now: now,
            startChanged: true, closeChanged: registrationClosesAt != nil)
        EventSchedule.checkSeats(&check, capacity: capacity, perHouseholdLimit: perHouseholdLimit)
        try check.finish()
    }
}

/// Body of `PATCH /v1/events/{id}`: only the fields sent change.
public struct CommunityEventPatch: Decodable, Sendable, Equatable {
    public var title: PatchField<String> = .absent
    public var description: PatchField<String> = .absent
    public var place: PatchField<String> = .absent
    public var startsAt: PatchField<Date> = .absent
    public var endsAt: PatchField<Date> = .absent
    public var registrationClosesAt: PatchField<Date> = .absent
    public var capacity: PatchField<Int> = .absent
    public var perHouseholdLimit: PatchField<Int> = .absent

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case title, description, place, startsAt = "starts_at", endsAt = "ends_at"
        case registrationClosesAt = "registration_closes_at", capacity, perHouseholdLimit = "per_household_limit"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decodePatch(String.self, forKey: .title)
        description = try container.decodePatch(String.self, forKey: .description)
        place = try container.decodePatch(String.self, forKey: .place)
        startsAt = try container.decodePatch(Date.self, forKey: .startsAt)
        endsAt = try container.decodePatch(Date.self, forKey: .endsAt)
        registrationClosesAt = try container.decodePatch(Date.self, forKey: .registrationClosesAt)
        capacity = try container.decodePatch(Int.self, forKey: .capacity)
        perHouseholdLimit = try container.decodePatch(Int.self, forKey: .perHouseholdLimit)
    }

    public var isEmpty: Bool {
        title == .absent && description == .absent && place == .absent && startsAt == .absent && endsAt == .absent
            && registrationClosesAt == .absent && capacity == .absent && perHouseholdLimit == .absent
    }

    /// The event with the patch applied, checked as a whole: a new start is checked against the
    /// end in force, and the other way round. `description: null` clears it; every other field
    /// is required, so null is refused.
    public func applied(to event: CommunityEvent, now: Date) throws(DomainError) -> CommunityEvent {
        var check = FieldValidator()
        var updated = event
        func required<Value>(_ field: PatchField<Value>, _ pointer: String, _ current: Value) -> Value {
            switch field {
            case .absent: return current
            case .null: check.add(FieldIssue(pointer, .required)); return current
            case .value(let value): return value
            }
        }
        updated.title = required(title, "/title", event.title)
        if case .value(let value) = title { check.line(value, at: "/title", max: CommunityEventLimits.title) }
        if case .value(let value) = description { check.text(value, at: "/description", required: false, max: CommunityEventLimits.description) }
        updated.description = description.applied(to: event.description)
        updated.place = required(place, "/place", event.place)
        if case .value(let value) = place { check.line(value, at: "/place", max: CommunityEventLimits.place) }
        updated.startsAt = required(startsAt, "/starts_at", event.startsAt)
        updated.endsAt = required(endsAt, "/ends_at", event.endsAt)
        updated.registrationClosesAt = required(registrationClosesAt, "/registration_closes_at", event.registrationClosesAt)
        if registrationClosesAt == .absent, event.registrationClosesAt == event.endsAt {
            // Walk-ins until closing: the deadline is the end, wherever the end goes. Shifted with
            // the start and capped at the end instead, a start moved later and back again left it
            // an hour before the end (helper 142), and walk-ins were turned away unannounced.
            updated.registrationClosesAt = updated.endsAt
        } else if registrationClosesAt == .absent, event.registrationClosesAt <= now {
            // A deadline already passed stays passed, however the schedule moves: registration
            // closed (by `close-registration`, or on its own) reopens only when the organizer sets
            // a new deadline herself (helper 150 #2: a market closed at 10:00 because the hall
            // was full and postponed a week at 11:00 took newcomers again, unannounced, behind a
            // waiting line told nobody would join it any more).
        } else if registrationClosesAt == .absent, updated.startsAt != event.startsAt {
            // The whole schedule moves: a market postponed by a week closes registration a week
            // later too (by default at its start), within its (new) end.
            // Never into the past unasked: a deadline the move would put behind us stays where it
            // was (at most the new start), so registration that was open stays open.
            var moved = event.registrationClosesAt.addingTimeInterval(updated.startsAt.timeIntervalSince(event.startsAt))
            if moved <= now { moved = min(event.registrationClosesAt, updated.startsAt) }
            updated.registrationClosesAt = min(moved, updated.endsAt)
        } else if registrationClosesAt == .absent, updated.endsAt < updated.registrationClosesAt {
            // Only the end moves earlier, before a deadline that ran to the old end (walk-ins
            // registered until closing): the deadline follows the end, as when the start moves,
            // instead of refusing a field the organizer did not send (session 27 review).
            updated.registrationClosesAt = updated.endsAt
        }
        updated.capacity = required(capacity, "/capacity", event.capacity)
        updated.perHouseholdLimit = required(perHouseholdLimit, "/per_household_limit", event.perHouseholdLimit)
        EventSchedule.check(
            &check, startsAt: updated.startsAt, endsAt: updated.endsAt, closesAt: updated.registrationClosesAt, now: now,
            startChanged: updated.startsAt != event.startsAt, endChanged: updated.endsAt != event.endsAt,
            closeChanged: registrationClosesAt != .absent && updated.registrationClosesAt != event.registrationClosesAt)
        EventSchedule.checkSeats(&check, capacity: updated.capacity, perHouseholdLimit: updated.perHouseholdLimit)
        try check.finish()
        return updated
    }
}

/// Body of `POST /v1/events/{id}/registrations`: empty to register oneself; station staff and
/// organizers send `member_id` to register a resident who asked them (both are audited).
public struct EventRegistrationInput: Decodable, Sendable, Equatable {
    public var memberID: MemberID?
    public enum CodingKeys: String, CodingKey, CaseIterable { case memberID = "member_id" }
    public init(memberID: MemberID? = nil) { self.memberID = memberID }
}

/// Body of cancelling an event (reason mandatory: registrants and chat groups are told why) or a
/// registration (reason optional; recorded when staff cancel for a resident).
public struct EventReasonInput: Decodable, Sendable, Equatable {
    public var reason: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    public init(reason: String? = nil) { self.reason = reason }

    public func validate(required: Bool) throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: required, max: CommunityEventLimits.reason)
        try check.finish()
    }

    /// The reason without surrounding white space, nil when empty.
    public var trimmedReason: String? { FieldValidator.nonBlank(reason) }
}

extension NewCommunityEventInput: StrictInput {}
extension CommunityEventPatch: StrictInput {}
extension EventRegistrationInput: StrictInput {}
extension EventReasonInput: StrictInput {}
