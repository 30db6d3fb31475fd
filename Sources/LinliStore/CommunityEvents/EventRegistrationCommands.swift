import Foundation
import GRDB
import LinliDomain

/// Registering for an event, giving a seat up, and checking in at the door. The seat decisions
/// are `EventSeatPolicy`'s; this type reads the counts and writes the rows, all in the caller's
/// one transaction, so two people can never take the last seat (writes go through one writer).
public enum EventRegistrationCommands {
    /// Registers the caller, or (station staff, organizers) the resident in `member_id`: a seat
    /// if one is free, else a place in line. A resident registered by staff is told in their inbox.
    public static func register(
        _ tx: Transaction, principal: Principal, event id: CommunityEventID, input: EventRegistrationInput, actor: AuditActor
    ) throws -> EventRegistrationEntry {
        try principal.require(.eventRead)
        let memberID = input.memberID ?? principal.memberID
        let forOther = memberID != principal.memberID
        if forOther { try principal.require(.eventRegisterOthers) }
        let event = try CommunityEventQueries.fetch(tx.db, community: principal.communityID, id: id)
        guard let member = try Member.fetchOne(
            tx.db, sql: "SELECT * FROM members WHERE community_id = ? AND id = ?", arguments: [principal.communityID.rawValue, memberID.rawValue])
        else { throw DomainError.validation([FieldIssue("/member_id", .notFound)]) }
        // Registering a staff member takes what registering one would, as for exchanges and tokens.
        if forOther, member.role != .resident { try principal.require(.memberCreateStaff) }
        try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: member.id)
        guard member.isActive(at: tx.now) else {
            throw DomainError(
                code: "event.member_inactive", category: .forbidden,
                parameters: ["id": member.id.rawValue, "name": member.displayName, "step": "register"])
        }
        // A cancelled or finished event says so first, even to someone registered before (session
        // 30 walk: registering again for a cancelled event said "already registered").
        try EventSeatPolicy.checkOn(event, now: tx.now)
        if let existing = try CommunityEventQueries.liveRegistration(tx.db, event: id, member: member.id) {
            throw DomainError(
                code: "event.already_registered", category: .conflict,
                parameters: ["registration_id": existing.id.rawValue, "state": existing.state.rawValue])
        }
        // Anyone in line who may take a free seat takes it first: a newcomer never passes them.
        try fillSeats(tx, event)
        let counts = try CommunityEventQueries.counts(tx.db, event: id)
        let householdLive = try member.householdID.map { try CommunityEventQueries.householdLive(tx.db, event: id, household: $0) } ?? 0
        let state = try EventSeatPolicy.admit(event, counts: counts, householdLive: householdLive, now: tx.now)
        let registration = EventRegistration(
            id: tx.ids.next(), communityID: event.communityID, eventID: id, memberID: member.id, householdID: member.householdID,
            state: state, registeredBy: principal.memberID, createdAt: tx.now, updatedAt: tx.now, version: 1)
        try registration.insert(tx.db)
        if forOther {
            try tx.audit(
                event.communityID, actor: actor.acting(for: member.id), action: "event.registered", targetType: "event",
                targetID: id.rawValue, after: ["registration_id": registration.id.rawValue, "member_id": member.id.rawValue, "state": state.rawValue])
            var parameters = try CommunityEventCommands.notificationParameters(tx, event)
            parameters["state"] = state.rawValue
            // Named, as every other step staff take in her name (helper 140).
            parameters["staff_name"] = try MemberCommands.fetch(tx.db, community: event.communityID, id: principal.memberID).displayName
            try MemberNotifications.notify(
                tx, community: event.communityID, member: member.id, kind: .eventRegisteredForYou, subject: "event:\(id)", parameters: parameters)
        }
        return try CommunityEventQueries.entry(tx.db, registration, event: nil)
    }

    /// Gives a registration up until the event ends, unless checked in: its member, or staff who
    /// register people (for a resident who phoned the desk; audited; a staff member's: admins
    /// only). A freed seat goes to the first in line (`EventSeatPolicy.checkCancellable`).
    public static func cancel(
        _ tx: Transaction, principal: Principal, registration registrationID: EventRegistrationID, input: EventReasonInput,
        expectedVersion: Int? = nil, actor: AuditActor
    ) throws -> EventRegistrationEntry {
        try principal.require(.eventRead)
        try input.validate(required: false)
        var registration = try CommunityEventQueries.fetchRegistration(tx.db, community: principal.communityID, id: registrationID)
        let event = try CommunityEventQueries.fetch(tx.db, community: principal.communityID, id: registration.eventID)
        let id = event.id
        let own = registration.memberID == principal.memberID
        // Another member's registration is not theirs to see: "not found", as for other objects.
        guard own || principal.can(.eventRegisterOthers) else { throw DomainError.notFound("registration", id: registrationID.rawValue) }
        let holder = try MemberCommands.fetch(tx.db, community: principal.communityID, id: registration.memberID)
        // Giving up a staff member's seat takes what registering one does (admin), as the docs say
        // staff cancel for a resident.
        if !own, holder.role != .resident { try principal.require(.memberCreateStaff) }
        // Nor the staff she turned away: her seat is not theirs to give up, however it was
        // registered (helper 150 #1; the withdrawal notice tells them so, and registering is
        // refused to them already).
        if !own { try ProxyConsents.checkNotTurnedAway(tx, principal: principal, member: registration.memberID) }
        try MemberCommands.checkVersion(registration.version, expectedVersion)
        try EventSeatPolicy.checkCancellable(event, registration, now: tx.now)
        let previous = registration.state
        try save(tx, &registration) {
            $0.state = .cancelled
            $0.cancelledAt = tx.now
            $0.cancelledBy = principal.memberID
        }
        if !own {
            try tx.audit(
                event.communityID, actor: actor.acting(for: registration.memberID), action: "event.registration_cancelled",
                targetType: "event", targetID: id.rawValue, reason: input.trimmedReason,
                before: ["registration_id": registration.id.rawValue, "state": previous.rawValue],
                after: ["registration_id": registration.id.rawValue, "state": registration.state.rawValue])
            var parameters = try CommunityEventCommands.notificationParameters(tx, event)
            parameters["reason"] = input.trimmedReason
            parameters["staff_name"] = try MemberCommands.fetch(tx.db, community: event.communityID, id: principal.memberID).displayName
            try MemberNotifications.notify(
                tx, community: event.communityID, member: registration.memberID, kind: .eventRegistrationCancelled, subject: "event:\(id)",
                parameters: parameters)
            parameters.removeValue(forKey: "staff_name")
            try EventRegistrarNotices.tell(tx, event, registration, news: .registrationCancelled, parameters: parameters, by: principal.memberID)
        }
        if previous.holdsSeat { try fillSeats(tx, event, by: principal.memberID) }
        return try CommunityEventQueries.entry(tx.db, registration, event: nil)
    }

    /// Records a seated registrant's arrival (organizers, station staff at the door), from the
    /// moment the community's rules open the door (`events.check_in_opens_before_minutes` of the
    /// rules in force at the start: `CommunityEventQueries.checkInOpensAt`).
    /// Checking in twice answers the registration as it is.
    public static func checkIn(
        _ tx: Transaction, principal: Principal, registration registrationID: EventRegistrationID, expectedVersion: Int? = nil,
        actor: AuditActor, rules: ActiveRules
    ) throws -> EventRegistrationEntry {
        try principal.require(.eventCheckIn)
        var registration = try CommunityEventQueries.fetchRegistration(tx.db, community: principal.communityID, id: registrationID)
        // Checking in again answers the registration unchanged, whatever version the retry names.
        if registration.state != .checkedIn { try MemberCommands.checkVersion(registration.version, expectedVersion) }
        let event = try CommunityEventQueries.fetch(tx.db, community: principal.communityID, id: registration.eventID)
        let id = event.id
        let opensAt = try CommunityEventQueries.checkInOpensAt(tx.db, rules: rules, event: event)
        if try EventSeatPolicy.checkIn(event, registration, opensBefore: event.startsAt.timeIntervalSince(opensAt), now: tx.now) {
            // The door follows the same rule as registering and the line: a suspended or banned
            // member does not take part.
            let member = try MemberCommands.fetch(tx.db, community: event.communityID, id: registration.memberID)
            guard member.isActive(at: tx.now) else {
                // Said as the door's matter, by name (helper 133: staff at the door read "cannot
                // register" and an id).
                throw DomainError(
                    code: "event.member_inactive", category: .forbidden,
                    parameters: ["id": member.id.rawValue, "name": member.displayName, "step": "check_in"])
            }
            try save(tx, &registration) {
                $0.state = .checkedIn
                $0.checkedInAt = tx.now
                $0.checkedInBy = principal.memberID
            }
            try tx.audit(
                event.communityID, actor: actor, action: "event.checked_in", targetType: "event", targetID: id.rawValue,
                after: ["registration_id": registration.id.rawValue, "member_id": registration.memberID.rawValue])
        }
        return try CommunityEventQueries.entry(tx.db, registration, event: nil)
    }

    /// Takes back a check-in (organizers, station staff at the door) until the event ends: a tap
    /// on the wrong name at the door, or someone who came early and went home before the start and
    /// now cannot come; their seat is theirs again, and they may give it up (helper 125: nothing
    /// could correct a check-in). Audited, with the check-in it took back. A registration not
    /// checked in is answered as it is (a retried tap).
    public static func undoCheckIn(
        _ tx: Transaction, principal: Principal, registration registrationID: EventRegistrationID, input: EventReasonInput,
        expectedVersion: Int? = nil, actor: AuditActor
    ) throws -> EventRegistrationEntry {
        try principal.require(.eventCheckIn)
        var registration = try CommunityEventQueries.fetchRegistration(tx.db, community: principal.communityID, id: registrationID)
        let event = try CommunityEventQueries.fetch(tx.db, community: principal.communityID, id: registration.eventID)
        try input.validate(required: true)
        guard try EventSeatPolicy.undoesCheckIn(registration) else { return try CommunityEventQueries.entry(tx.db, registration, event: nil) }
        try MemberCommands.checkVersion(registration.version, expectedVersion)
        try EventSeatPolicy.checkOn(event, now: tx.now)
        let (checkedInAt, checkedInBy) = (registration.checkedInAt, registration.checkedInBy)
        try save(tx, &registration) {
            $0.state = .registered
            $0.checkedInAt = nil
            $0.checkedInBy = nil
        }
        var before = ["registration_id": registration.id.rawValue, "state": EventRegistration.State.checkedIn.rawValue]
        before["checked_in_at"] = checkedInAt.map { $0.formatted(.iso8601) }
        before["checked_in_by"] = checkedInBy?.rawValue
        try tx.audit(
            event.communityID, actor: actor, action: "event.check_in_undone", targetType: "event", targetID: event.id.rawValue,
            reason: input.trimmedReason, before: before,
            after: ["registration_id": registration.id.rawValue, "state": registration.state.rawValue])
        return try CommunityEventQueries.entry(tx.db, registration, event: nil)
    }

    /// Moves people waiting into free seats, first come first served. A member suspended or
    /// banned meanwhile keeps their place in line but is passed over, so the seat goes to someone
    /// who may come; everyone moved up is told, and so is the desk that registered them, unless
    /// that is who freed the seat (`by`).
    static func fillSeats(_ tx: Transaction, _ event: CommunityEvent, by: MemberID? = nil) throws {
        var free = EventSeatPolicy.seatsToFill(event, counts: try CommunityEventQueries.counts(tx.db, event: event.id), now: tx.now)
        guard free > 0 else { return }
        let waiting = try EventRegistration.fetchAll(
            tx.db, sql: "SELECT * FROM event_registrations WHERE event_id = ? AND state = 'waitlisted' ORDER BY id", arguments: [event.id.rawValue])
        for var registration in waiting where free > 0 {
            let member = try MemberCommands.fetch(tx.db, community: event.communityID, id: registration.memberID)
            guard member.isActive(at: tx.now) else { continue }
            try save(tx, &registration) {
                $0.state = .registered
                $0.promotedAt = tx.now
            }
            free -= 1
            try tx.audit(
                event.communityID, actor: .system, action: "event.seat_granted", targetType: "event", targetID: event.id.rawValue,
                before: ["registration_id": registration.id.rawValue, "state": EventRegistration.State.waitlisted.rawValue],
                after: ["registration_id": registration.id.rawValue, "state": registration.state.rawValue])
            var told = try CommunityEventCommands.notificationParameters(tx, event)
            // A seat that frees at the door goes to someone who must come now (helper 142).
            if tx.now >= event.startsAt { told["under_way"] = "yes" }
            try MemberNotifications.notify(
                tx, community: event.communityID, member: registration.memberID, kind: .eventSeatGranted, subject: "event:\(event.id)",
                parameters: told)
            try EventRegistrarNotices.tell(tx, event, registration, news: .seatGranted, parameters: told, by: by)
        }
    }

    /// Seats people waiting at events that have a free seat and someone in line who may take it
    /// (`Member.isActive`, as SQL: a member reinstated after a suspension was passed over while
    /// suspended); lines that hold only suspended or banned members are not looked at, so they
    /// cannot crowd the batch. Run by the periodic task, since lifting a suspension is not an event
    /// use case. Returns how many events it looked at.
    public static func fillWaitingLines(_ tx: Transaction, batch: Int = 100) throws -> Int {
        let events = try CommunityEvent.fetchAll(
            tx.db, sql: """
                SELECT * FROM community_events e WHERE e.state = 'scheduled' AND e.ends_at > ?
                AND EXISTS (
                    SELECT 1 FROM event_registrations w JOIN members m ON m.community_id = w.community_id AND m.id = w.member_id
                    WHERE w.event_id = e.id AND w.state = 'waitlisted'
                    AND (m.status = 'active' OR (m.status = 'suspended' AND m.suspended_until IS NOT NULL AND m.suspended_until <= ?)))
                AND (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.state IN ('registered', 'checked_in')) < e.capacity
                ORDER BY e.starts_at, e.id LIMIT ?
                """,
            arguments: [tx.now, tx.now, batch])
        for event in events { try fillSeats(tx, event) }
        return events.count
    }

    /// Applies `change`, stamps the time and the next version, and writes the row.
    static func save(_ tx: Transaction, _ registration: inout EventRegistration, _ change: (inout EventRegistration) -> Void) throws {
        change(&registration)
        registration.updatedAt = tx.now
        registration.version += 1
        try registration.update(tx.db)
    }
}
