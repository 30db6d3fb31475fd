import Foundation
import GRDB
import LinliDomain

/// An event as a list or detail shows it: the event, how full it is, and the reader's own live
/// registration if any (so a resident's phone shows "registered" or "waiting, 3rd in line").
public struct CommunityEventSummary: Sendable {
    public let event: CommunityEvent
    public let counts: EventSeatCounts
    public let mine: EventRegistrationEntry?
}

/// A registration with what a reader needs beside it: the member's name (for the list at the
/// door), the place in the waiting line, and the event itself where the list spans events.
public struct EventRegistrationEntry: Sendable {
    public let registration: EventRegistration
    public let memberName: String
    /// 1 for the first in line; nil unless waiting.
    public let waitingPosition: Int?
    public let event: CommunityEvent?
}

/// Which events a list shows: those not yet over (soonest first) or those over (latest first).
public enum EventTimeFilter: String, Sendable, CaseIterable {
    case upcoming
    case past
}

/// Reading events and registrations. Every lookup is scoped by the caller's community.
public enum CommunityEventQueries {
    /// When the door opens for `event`: its start less the door rule of the rules in force at
    /// the start (`events.check_in_opens_before_minutes`), so the time announced to residents and
    /// the door agree even when a version adopted meanwhile takes effect before the event.
    /// Not remembered as the community's current rules (helper 150 #3: reading an event made a
    /// version adopted for next month the rules every listing draft started from).
    public static func checkInOpensAt(_ db: Database, rules: ActiveRules, event: CommunityEvent) throws -> Date {
        let atStart = try rules.current(db, community: event.communityID, at: event.startsAt, remember: false)
        return event.startsAt.addingTimeInterval(-atStart.events.checkInOpensBefore)
    }

    public static func fetch(_ db: Database, community: CommunityID, id: CommunityEventID) throws -> CommunityEvent {
        guard let event = try CommunityEvent.fetchOne(
            db, sql: "SELECT * FROM community_events WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("event", id: id.rawValue) }
        return event
    }

    public static func summary(_ db: Database, principal: Principal, id: CommunityEventID) throws -> CommunityEventSummary {
        try principal.require(.eventRead)
        return try summary(db, principal: principal, event: fetch(db, community: principal.communityID, id: id))
    }

    static func summary(_ db: Database, principal: Principal, event: CommunityEvent) throws -> CommunityEventSummary {
        let mine = try liveRegistration(db, event: event.id, member: principal.memberID).map { try entry(db, $0, event: nil) }
        return CommunityEventSummary(event: event, counts: try counts(db, event: event.id), mine: mine)
    }

    /// The community's events, paged by (start, id): upcoming ones from the soonest, past ones
    /// from the latest. Cancelled events stay in the list so nobody walks to a market that is off.
    public static func list(
        _ db: Database, principal: Principal, when: EventTimeFilter, kind: CommunityEvent.Kind?, now: Date, page: PageRequest
    ) throws -> Page<CommunityEventSummary> {
        try principal.require(.eventRead)
        let upcoming = when == .upcoming
        var sql = "SELECT * FROM community_events WHERE community_id = ? AND ends_at \(upcoming ? ">" : "<=") ?"
        var arguments: StatementArguments = [principal.communityID.rawValue, now]
        if let kind { sql += " AND kind = ?"; arguments += [kind.rawValue] }
        if let after = page.after {
            let key = try NumberedPageKey.parse(after, idIsWellFormed: CommunityEventID.isWellFormed)
            let start = Date(timeIntervalSince1970: Double(key.number) / 1000)
            let order = upcoming ? ">" : "<"
            sql += " AND (starts_at \(order) ? OR (starts_at = ? AND id \(order) ?))"
            arguments += [start, start, key.id]
        }
        sql += upcoming ? " ORDER BY starts_at, id LIMIT ?" : " ORDER BY starts_at DESC, id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let events = try CommunityEvent.fetchAll(db, sql: sql, arguments: arguments)
        let summaries = try events.map { try summary(db, principal: principal, event: $0) }
        return Page.fromOverfetch(summaries, limit: page.limit) { pageKey($0.event) }
    }

    static func pageKey(_ event: CommunityEvent) -> String {
        NumberedPageKey.text(Int((event.startsAt.timeIntervalSince1970 * 1000).rounded()), event.id.rawValue)
    }

    /// An event's registrations in registration order, for organizers and the door.
    public static func registrations(
        _ db: Database, principal: Principal, event id: CommunityEventID, state: EventRegistration.State?, page: PageRequest
    ) throws -> Page<EventRegistrationEntry> {
        try principal.require(.eventCheckIn)
        let event = try fetch(db, community: principal.communityID, id: id)
        var sql = "SELECT * FROM event_registrations WHERE event_id = ?"
        var arguments: StatementArguments = [event.id.rawValue]
        if let state { sql += " AND state = ?"; arguments += [state.rawValue] }
        return try registrationPage(db, sql, arguments, page: page, newestFirst: false) { try entry(db, $0, event: nil) }
    }

    /// Every live registration of the event for the printed sheet at the door: seated people in
    /// registration order, then the waiting line in order (`EventSignInSheet`), each marked when
    /// the member cannot be checked in at `now`, and how many did not fit on the sheet.
    public static func signInSheet(
        _ db: Database, principal: Principal, event id: CommunityEventID, now: Date
    ) throws -> (timeZoneID: String, rows: [EventSignInSheet.Row], omitted: Int, cancellation: String?) {
        try principal.require(.eventCheckIn)
        let event = try fetch(db, community: principal.communityID, id: id)
        let rows = try Row.fetchAll(
            db, sql: """
                SELECT r.state, r.created_at, r.checked_in_at, m.display_name, m.status, m.suspended_until, h.name AS household
                FROM event_registrations r
                JOIN members m ON m.community_id = r.community_id AND m.id = r.member_id
                LEFT JOIN households h ON h.id = r.household_id
                WHERE r.event_id = ? AND r.state <> 'cancelled'
                ORDER BY CASE r.state WHEN 'waitlisted' THEN 1 ELSE 0 END, r.id LIMIT ?
                """,
            arguments: [event.id.rawValue, EventSignInSheet.maxRows])
        var waiting = 0
        let sheet = try rows.map { row -> EventSignInSheet.Row in
            let state: EventRegistration.State = try row.enumeration("state", table: EventRegistration.databaseTableName)
            if state == .waitlisted { waiting += 1 }
            let status: MemberStatus = try row.enumeration("status", table: "members")
            return EventSignInSheet.Row(
                name: row["display_name"], state: state, waitingPosition: state == .waitlisted ? waiting : nil, household: row["household"],
                registeredAt: row["created_at"], checkedInAt: row["checked_in_at"],
                memberActive: Member.isActive(status: status, suspendedUntil: row["suspended_until"], at: now))
        }
        let total = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND state <> 'cancelled'", arguments: [event.id.rawValue]) ?? 0
        let zone = try CommunityCommands.fetch(db, id: principal.communityID).timezone
        return (zone, sheet, max(0, total - sheet.count), event.state == .cancelled ? (event.cancelReason ?? "") : nil)
    }

    /// A member's registrations, newest first, each with its event: the member's own, or any
    /// member's for staff who register and check people in.
    public static func memberRegistrations(
        _ db: Database, principal: Principal, member: MemberID, page: PageRequest
    ) throws -> Page<EventRegistrationEntry> {
        try principal.require(.eventRead)
        if member != principal.memberID { try principal.require(.eventRegisterOthers) }
        _ = try MemberCommands.fetch(db, community: principal.communityID, id: member)
        let sql = "SELECT * FROM event_registrations WHERE community_id = ? AND member_id = ?"
        return try registrationPage(db, sql, [principal.communityID.rawValue, member.rawValue], page: page, newestFirst: true) {
            try entry(db, $0, event: try fetch(db, community: principal.communityID, id: $0.eventID))
        }
    }

    /// One page of registrations keyed by id (creation order), after the cursor's id.
    static func registrationPage(
        _ db: Database, _ sql: String, _ arguments: StatementArguments, page: PageRequest, newestFirst: Bool,
        _ describe: (EventRegistration) throws -> EventRegistrationEntry
    ) throws -> Page<EventRegistrationEntry> {
        var sql = sql, arguments = arguments
        if let after = page.after {
            guard EventRegistrationID.isWellFormed(after) else { throw DomainError(code: "cursor.malformed", category: .invalidInput) }
            sql += newestFirst ? " AND id < ?" : " AND id > ?"
            arguments += [after]
        }
        sql += newestFirst ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id LIMIT ?"
        arguments += [page.limit + 1]
        let rows = try EventRegistration.fetchAll(db, sql: sql, arguments: arguments).map(describe)
        return Page.fromOverfetch(rows, limit: page.limit) { $0.registration.id.rawValue }
    }

    static func entry(_ db: Database, _ registration: EventRegistration, event: CommunityEvent?) throws -> EventRegistrationEntry {
        let name = try String.fetchOne(
            db.cachedStatement(sql: "SELECT display_name FROM members WHERE community_id = ? AND id = ?"),
            arguments: [registration.communityID.rawValue, registration.memberID.rawValue]) ?? ""
        return EventRegistrationEntry(
            registration: registration, memberName: name, waitingPosition: try waitingPosition(db, registration), event: event)
    }

    /// 1 + the waiting registrations ahead in line (ids grow in creation order, so an earlier
    /// registration has a smaller id); nil when not waiting.
    static func waitingPosition(_ db: Database, _ registration: EventRegistration) throws -> Int? {
        guard registration.state == .waitlisted else { return nil }
        let ahead = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND state = 'waitlisted' AND id < ?"),
            arguments: [registration.eventID.rawValue, registration.id.rawValue]) ?? 0
        return ahead + 1
    }

    /// One registration, for its member or for staff who register and check people in; anyone
    /// else is answered "not found", as for other members' objects.
    public static func registration(_ db: Database, principal: Principal, id: EventRegistrationID) throws -> EventRegistrationEntry {
        try principal.require(.eventRead)
        let registration = try fetchRegistration(db, community: principal.communityID, id: id)
        guard registration.memberID == principal.memberID || principal.can(.eventRegisterOthers) || principal.can(.eventCheckIn) else {
            throw DomainError.notFound("registration", id: id.rawValue)
        }
        return try entry(db, registration, event: try fetch(db, community: principal.communityID, id: registration.eventID))
    }

    public static func fetchRegistration(_ db: Database, community: CommunityID, id: EventRegistrationID) throws -> EventRegistration {
        guard let registration = try EventRegistration.fetchOne(
            db, sql: "SELECT * FROM event_registrations WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("registration", id: id.rawValue) }
        return registration
    }

    static func liveRegistration(_ db: Database, event: CommunityEventID, member: MemberID) throws -> EventRegistration? {
        try EventRegistration.fetchOne(
            db, sql: "SELECT * FROM event_registrations WHERE event_id = ? AND member_id = ? AND state <> 'cancelled'",
            arguments: [event.rawValue, member.rawValue])
    }

    static func counts(_ db: Database, event: CommunityEventID) throws -> EventSeatCounts {
        var counts = EventSeatCounts()
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT state, COUNT(*) AS n FROM event_registrations WHERE event_id = ? GROUP BY state"),
            arguments: [event.rawValue])
        for row in rows {
            let n: Int = row["n"]
            switch EventRegistration.State(rawValue: row["state"]) {
            case .registered: counts.registered = n
            case .waitlisted: counts.waitlisted = n
            case .checkedIn: counts.checkedIn = n
            case .cancelled, nil: break
            }
        }
        return counts
    }

    /// The most live registrations any one household holds for the event.
    static func mostInOneHousehold(_ db: Database, event: CommunityEventID) throws -> EventSeatPolicy.HouseholdShare? {
        guard let row = try Row.fetchOne(
            db,
            sql: """
                SELECT r.household_id, h.name, COUNT(*) AS n FROM event_registrations r
                JOIN households h ON h.id = r.household_id
                WHERE r.event_id = ? AND r.household_id IS NOT NULL AND r.state <> 'cancelled'
                GROUP BY r.household_id, h.name ORDER BY n DESC, r.household_id LIMIT 1
                """,
            arguments: [event.rawValue])
        else { return nil }
        return EventSeatPolicy.HouseholdShare(household: try row.identifier("household_id", table: "households"), name: row["name"], count: row["n"])
    }

    /// Live registrations of one household for the event (the household limit counts them).
    static func householdLive(_ db: Database, event: CommunityEventID, household: HouseholdID) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND household_id = ? AND state <> 'cancelled'"),
            arguments: [event.rawValue, household.rawValue]) ?? 0
    }
}
