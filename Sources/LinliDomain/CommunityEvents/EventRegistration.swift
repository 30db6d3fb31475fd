import Foundation

public enum EventRegistrationIDKind: IdentifierKind { public static let prefix = "reg" }
public typealias EventRegistrationID = Identifier<EventRegistrationIDKind>

/// One member's place at a community event: seated, waiting for a seat, cancelled, or checked in
/// at the door.
///
/// The household is recorded as it was at registration, so moving house later does not change
/// which family a seat was counted against. `registeredBy` differs from the member when station
/// staff registered a resident who asked at the desk; both are audited.
public struct EventRegistration: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Holds one of the event's seats.
        case registered
        /// In line for a seat, in order of registration; moved up when a seat frees.
        case waitlisted
        case cancelled
        /// Came: recorded at the door by an organizer or station staff.
        case checkedIn = "checked_in"

        /// Whether the registration still counts (against the household limit, and in line or seated).
        public var isLive: Bool { self != .cancelled }
        /// Whether it occupies a seat.
        public var holdsSeat: Bool { self == .registered || self == .checkedIn }
    }

    public var id: EventRegistrationID
    public var communityID: CommunityID
    public var eventID: CommunityEventID
    public var memberID: MemberID
    public var householdID: HouseholdID?
    public var state: State
    public var registeredBy: MemberID
    public var createdAt: Date
    public var promotedAt: Date?
    public var cancelledAt: Date?
    public var cancelledBy: MemberID?
    public var checkedInAt: Date?
    public var checkedInBy: MemberID?
    public var updatedAt: Date
    public var version: Int

    public init(
        id: EventRegistrationID, communityID: CommunityID, eventID: CommunityEventID, memberID: MemberID, householdID: HouseholdID?,
        state: State, registeredBy: MemberID, createdAt: Date, promotedAt: Date? = nil, cancelledAt: Date? = nil,
        cancelledBy: MemberID? = nil, checkedInAt: Date? = nil, checkedInBy: MemberID? = nil, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.eventID = eventID
        self.memberID = memberID
        self.householdID = householdID
        self.state = state
        self.registeredBy = registeredBy
        self.createdAt = createdAt
        self.promotedAt = promotedAt
        self.cancelledAt = cancelledAt
        self.cancelledBy = cancelledBy
        self.checkedInAt = checkedInAt
        self.checkedInBy = checkedInBy
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// How many registrations of an event are in each live state.
public struct EventSeatCounts: Sendable, Equatable {
    public var registered: Int
    public var waitlisted: Int
    public var checkedIn: Int

    public init(registered: Int = 0, waitlisted: Int = 0, checkedIn: Int = 0) {
        self.registered = registered
        self.waitlisted = waitlisted
        self.checkedIn = checkedIn
    }

    /// Seats taken: everyone registered, whether or not they have arrived yet.
    public var seatsTaken: Int { registered + checkedIn }
}
