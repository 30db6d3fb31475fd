import Foundation

public enum CommunityEventIDKind: IdentifierKind { public static let prefix = "cev" }
public typealias CommunityEventID = Identifier<CommunityEventIDKind>

/// A swap market or community activity: a time and place, a number of seats, how many of them one
/// household may take, and until when residents may register.
///
/// Why seats and household limits live here and not in the client: a swap market with forty
/// tables is fair only if one family cannot book ten of them, and residents trust it only if the
/// same rule holds for a registration made by station staff at the service desk as for one made
/// on a phone. The event is announced to the community's chat groups when created, changed or
/// cancelled, and reminded ahead of its start (`event.reminder`; a day before unless the
/// community's rule file sets `events.reminder_lead_hours`).
public struct CommunityEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 换物集市: residents bring idle goods to swap or give away.
        case swapMarket = "swap_market"
        /// Any other gathering: a repair day, a calligraphy class, a cleaning morning.
        case activity
    }

    /// Only two stored states: whether the event is on is not a matter of the clock. Where it is
    /// in time (`phase(at:)`) is derived, so no scheduler has to move it.
    public enum State: String, Sendable, Codable, CaseIterable {
        case scheduled
        case cancelled
    }

    /// Where the event stands at an instant, as residents see it.
    public enum Phase: String, Sendable, Codable, CaseIterable {
        case upcoming
        case inProgress = "in_progress"
        case ended
        case cancelled
    }

    public var id: CommunityEventID
    public var communityID: CommunityID
    public var kind: Kind
    public var title: String
    public var description: String?
    public var place: String
    public var startsAt: Date
    public var endsAt: Date
    /// Registrations are accepted before this instant (at most the end of the event: walk-ins).
    public var registrationClosesAt: Date
    /// Seats: registrations beyond this wait in line and move up when a seat frees.
    public var capacity: Int
    /// Live registrations (seated or waiting) one household may hold.
    public var perHouseholdLimit: Int
    public var state: State
    public var cancelReason: String?
    public var createdBy: MemberID
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: CommunityEventID, communityID: CommunityID, kind: Kind, title: String, description: String?, place: String,
        startsAt: Date, endsAt: Date, registrationClosesAt: Date, capacity: Int, perHouseholdLimit: Int, state: State,
        cancelReason: String?, createdBy: MemberID, createdAt: Date, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.communityID = communityID
        self.kind = kind
        self.title = title
        self.description = description
        self.place = place
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.registrationClosesAt = registrationClosesAt
        self.capacity = capacity
        self.perHouseholdLimit = perHouseholdLimit
        self.state = state
        self.cancelReason = cancelReason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The event with its texts as stored: title and place trimmed, a blank description none.
    public var trimmedTexts: CommunityEvent {
        var event = self
        event.title = FieldValidator.trimmed(title)
        event.place = FieldValidator.trimmed(place)
        event.description = FieldValidator.nonBlank(description)
        return event
    }

    public func phase(at now: Date) -> Phase {
        if state == .cancelled { return .cancelled }
        if now < startsAt { return .upcoming }
        return now < endsAt ? .inProgress : .ended
    }
}
