import Foundation
import LinliDomain
import LinliStore

/// An event with how full it is and the reader's own registration. `phase` is derived from the
/// clock (upcoming, in_progress, ended, cancelled); `registration_open` says whether registering
/// now would be accepted as far as time goes (a seat or a place in line); `check_in_opens_at` is
/// when the door opens (`CommunityEventQueries.checkInOpensAt`, as the door itself decides), so the
/// desk and the mini-program tell people when to come without knowing the rule file.
struct EventView: Encodable {
    let id: String
    let kind: String
    let title: String
    let description: String?
    let place: String
    let startsAt: Date
    let endsAt: Date
    let registrationClosesAt: Date
    let checkInOpensAt: Date
    let capacity: Int
    let perHouseholdLimit: Int
    let state: String
    let phase: String
    let cancelReason: String?
    let registrationOpen: Bool
    let seatsTaken: Int
    let seatsLeft: Int
    let waitlisted: Int
    let checkedIn: Int
    let myRegistration: EventRegistrationView?
    let createdBy: String
    let createdAt: Date
    let updatedAt: Date
    let version: Int

    init(_ summary: CommunityEventSummary, now: Date, checkInOpensAt: Date) {
        let event = summary.event
        id = event.id.rawValue
        kind = event.kind.rawValue
        title = event.title
        description = event.description
        place = event.place
        startsAt = event.startsAt
        endsAt = event.endsAt
        registrationClosesAt = event.registrationClosesAt
        self.checkInOpensAt = checkInOpensAt
        capacity = event.capacity
        perHouseholdLimit = event.perHouseholdLimit
        state = event.state.rawValue
        phase = event.phase(at: now).rawValue
        cancelReason = event.cancelReason
        registrationOpen = event.state == .scheduled && now < event.registrationClosesAt && now < event.endsAt
        seatsTaken = summary.counts.seatsTaken
        seatsLeft = max(0, event.capacity - summary.counts.seatsTaken)
        waitlisted = summary.counts.waitlisted
        checkedIn = summary.counts.checkedIn
        myRegistration = summary.mine.map(EventRegistrationView.init)
        createdBy = event.createdBy.rawValue
        createdAt = event.createdAt
        updatedAt = event.updatedAt
        version = event.version
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(place, forKey: .place)
        try container.encode(startsAt, forKey: .startsAt)
        try container.encode(endsAt, forKey: .endsAt)
        try container.encode(registrationClosesAt, forKey: .registrationClosesAt)
        try container.encode(checkInOpensAt, forKey: .checkInOpensAt)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(perHouseholdLimit, forKey: .perHouseholdLimit)
        try container.encode(state, forKey: .state)
        try container.encode(phase, forKey: .phase)
        try container.encode(cancelReason, forKey: .cancelReason)
        try container.encode(registrationOpen, forKey: .registrationOpen)
        try container.encode(seatsTaken, forKey: .seatsTaken)
        try container.encode(seatsLeft, forKey: .seatsLeft)
        try container.encode(waitlisted, forKey: .waitlisted)
        try container.encode(checkedIn, forKey: .checkedIn)
        try container.encode(myRegistration, forKey: .myRegistration)  // explicit null: "not registered"
        try container.encode(createdBy, forKey: .createdBy)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(version, forKey: .version)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, title, description, place, startsAt, endsAt, registrationClosesAt, checkInOpensAt, capacity, perHouseholdLimit
        case state, phase
        case cancelReason, registrationOpen, seatsTaken, seatsLeft, waitlisted, checkedIn, myRegistration, createdBy, createdAt
        case updatedAt, version
    }
}

/// A registration: who, in which state, their place in line while waiting, and who registered,
/// cancelled or checked them in. In a member's own list each carries its event's essentials.
struct EventRegistrationView: Encodable {
    let id: String
    let eventId: String
    let memberId: String
    let memberName: String
    let householdId: String?
    let state: String
    let waitingPosition: Int?
    let registeredBy: String
    let createdAt: Date
    let promotedAt: Date?
    let cancelledAt: Date?
    let cancelledBy: String?
    let checkedInAt: Date?
    let checkedInBy: String?
    let event: EventBrief?
    let version: Int

    init(_ entry: EventRegistrationEntry) {
        let value = entry.registration
        id = value.id.rawValue
        eventId = value.eventID.rawValue
        memberId = value.memberID.rawValue
        memberName = entry.memberName
        householdId = value.householdID?.rawValue
        state = value.state.rawValue
        waitingPosition = entry.waitingPosition
        registeredBy = value.registeredBy.rawValue
        createdAt = value.createdAt
        promotedAt = value.promotedAt
        cancelledAt = value.cancelledAt
        cancelledBy = value.cancelledBy?.rawValue
        checkedInAt = value.checkedInAt
        checkedInBy = value.checkedInBy?.rawValue
        event = entry.event.map(EventBrief.init)
        version = value.version
    }
}

/// The event beside a registration in a member's list: enough to show "my events".
struct EventBrief: Encodable {
    let id: String
    let kind: String
    let title: String
    let place: String
    let startsAt: Date
    let endsAt: Date
    let state: String

    init(_ event: CommunityEvent) {
        id = event.id.rawValue
        kind = event.kind.rawValue
        title = event.title
        place = event.place
        startsAt = event.startsAt
        endsAt = event.endsAt
        state = event.state.rawValue
    }
}
