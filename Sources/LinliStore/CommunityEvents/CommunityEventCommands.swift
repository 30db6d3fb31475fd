import Foundation
import GRDB
import LinliDomain

/// Announcing, changing and cancelling community events (organizers and admins). Each change is
/// audited, announced to the chat groups through the outbox, and told to the people registered
/// when it concerns them (a new time or place, a cancellation).
public enum CommunityEventCommands {
    /// Announces an event. The household share defaults to the community's rule
    /// (`events.default_per_household_limit`); the reminder follows its `events.reminder_lead_hours`.
    public static func create(
        _ tx: Transaction, principal: Principal, input: NewCommunityEventInput, actor: AuditActor, rules: ActiveRules
    ) throws -> CommunityEventSummary {
        try principal.require(.eventManage)
        try input.validate(now: tx.now)
        let norms = try rules.current(tx, community: principal.communityID).events
        let event = CommunityEvent(
            id: tx.ids.next(), communityID: principal.communityID, kind: input.kind, title: input.title,
            description: input.description, place: input.place,
            startsAt: input.startsAt, endsAt: input.endsAt, registrationClosesAt: input.registrationClosesAt ?? input.startsAt,
            capacity: input.capacity, perHouseholdLimit: input.perHouseholdLimit ?? norms.defaultPerHouseholdLimit,
            state: .scheduled, cancelReason: nil, createdBy: principal.memberID, createdAt: tx.now, updatedAt: tx.now, version: 1
        ).trimmedTexts
        try event.insert(tx.db)
        try setReminder(tx, event, lead: norms.reminderLead)
        try tx.audit(
            event.communityID, actor: actor, action: "event.created", targetType: "event", targetID: event.id.rawValue,
            after: fields(event))
        try tx.emit(event.communityID, type: "event.published", subject: "event:\(event.id)", payload: try payload(tx, event))
        return CommunityEventSummary(event: event, counts: EventSeatCounts(), mine: nil)
    }

    /// Applies a patch (If-Match honoured). A smaller capacity must still seat everyone seated; a
    /// larger one seats people waiting, in order. A new time or place is announced and told to
    /// everyone registered or waiting.
    public static func update(
        _ tx: Transaction, principal: Principal, id: CommunityEventID, patch: CommunityEventPatch, expectedVersion: Int?,
        actor: AuditActor, rules: ActiveRules
    ) throws -> CommunityEventSummary {
        try principal.require(.eventManage)
        let event = try editable(tx, principal: principal, id: id, expectedVersion: expectedVersion)
        // Before the field checks: once under way, any new start is 409 `event.start_fixed`, even
        // one in the past, which the field checks would otherwise refuse first as a 422.
        if case .value(let start) = patch.startsAt { try EventSeatPolicy.checkStartMovable(event, to: start, now: tx.now) }
        var updated = try patch.applied(to: event, now: tx.now).trimmedTexts
        try EventSeatPolicy.checkStartMovable(event, to: updated.startsAt, now: tx.now)
        try EventSeatPolicy.checkCapacity(updated.capacity, counts: try CommunityEventQueries.counts(tx.db, event: id))
        if updated.perHouseholdLimit < event.perHouseholdLimit {
            try EventSeatPolicy.checkHouseholdLimit(updated.perHouseholdLimit, mostInOneHousehold: try CommunityEventQueries.mostInOneHousehold(tx.db, event: id))
        }
        let before = fields(event), after = fields(updated)
        let changed = after.filter { before[$0.key] != $0.value }
        guard !changed.isEmpty else { return try CommunityEventQueries.summary(tx.db, principal: principal, event: event) }
        updated = try saved(tx, updated, over: event)
        var checkInsReset: Set<String> = []
        if updated.startsAt != event.startsAt {
            try setReminder(tx, updated, lead: try rules.current(tx, community: event.communityID).events.reminderLead)
            checkInsReset = try resetCheckIns(tx, updated, actor: actor)
        }
        try tx.audit(
            event.communityID, actor: actor, action: "event.updated", targetType: "event", targetID: id.rawValue,
            before: before.filter { changed[$0.key] != nil }, after: changed)
        let moved = updated.startsAt != event.startsAt || updated.endsAt != event.endsAt || updated.place != event.place
        if moved {
            // What changed, and what it was (helper 133: a new place alone read "新时间" in the
            // group, and residents' notices did not say what was different).
            let local = try localTime(tx, event)
            let timeMoved = updated.startsAt != event.startsAt || updated.endsAt != event.endsAt
            let placeMoved = updated.place != event.place
            var data = try payload(tx, updated)
            var told = ["changed": timeMoved && placeMoved ? "time_place" : timeMoved ? "time" : "place"]
            if timeMoved {
                data["previous_starts_at"] = local(event.startsAt)
                data["previous_ends_at"] = local(event.endsAt)
                told["previous_starts_at"] = local(event.startsAt)
                told["previous_ends_at"] = local(event.endsAt)
            } else {
                data["place_only"] = "yes"
            }
            if placeMoved {
                data["place_changed"] = "yes"
                data["previous_place"] = event.place
                told["previous_place"] = event.place
            }
            try tx.emit(updated.communityID, type: "event.updated", subject: "event:\(id)", payload: data)
            try notifyLive(tx, updated, kind: .eventChanged, parameters: told, checkInsReset: checkInsReset, by: actor)
        }
        try EventRegistrationCommands.fillSeats(tx, updated, by: principal.memberID)
        return try CommunityEventQueries.summary(tx.db, principal: principal, event: updated)
    }

    /// Writes a changed event as the next version of `event`, stamped now: every change of an
    /// event is one row update that moves its version on (so a stale `If-Match` is refused).
    private static func saved(_ tx: Transaction, _ changed: CommunityEvent, over event: CommunityEvent) throws -> CommunityEvent {
        var changed = changed
        changed.updatedAt = tx.now
        changed.version = event.version + 1
        try changed.update(tx.db)
        return changed
    }

    /// Closes registration now (the reason, if given, is kept in the audit log). Helper 142: a
    /// deadline could only be moved to some future minute (a past one is 422
    /// `event.registration_close_passed`, so that a mistyped date cannot close it unasked), and an
    /// organizer whose market filled up at the door had no way to say "no more". Seats and the
    /// waiting line stay as they are; a seat given up still goes to the first in line. Registration
    /// already closed is answered as it is.
    ///
    /// Announced to the chat groups (`event.registration_closed`, with the seats taken and the
    /// line), where the deadline was announced, so neighbours stop trying; and told to everyone in
    /// the waiting line with their place (`event_registration_closed_waiting`, and the staff member
    /// who put them there): the line stands, but nobody joins it behind them any more. The reason
    /// stays in the audit log: it was written for the record, not for the group.
    public static func closeRegistration(
        _ tx: Transaction, principal: Principal, id: CommunityEventID, input: EventReasonInput, expectedVersion: Int?, actor: AuditActor
    ) throws -> CommunityEventSummary {
        try principal.require(.eventManage)
        try input.validate(required: false)
        let event = try editable(tx, principal: principal, id: id, expectedVersion: expectedVersion)
        guard tx.now < event.registrationClosesAt else { return try CommunityEventQueries.summary(tx.db, principal: principal, event: event) }
        var closed = event
        closed.registrationClosesAt = tx.now
        closed = try saved(tx, closed, over: event)
        try tx.audit(
            event.communityID, actor: actor, action: "event.registration_closed", targetType: "event", targetID: id.rawValue,
            reason: input.trimmedReason, before: ["registration_closes_at": event.registrationClosesAt.formatted(.iso8601)],
            after: ["registration_closes_at": closed.registrationClosesAt.formatted(.iso8601)])
        let counts = try CommunityEventQueries.counts(tx.db, event: id)
        var data = try payload(tx, closed)
        data["registered"] = String(counts.seatsTaken)
        data["waitlisted"] = String(counts.waitlisted)
        if counts.waitlisted > 0 { data["line_waiting"] = "yes" }
        try tx.emit(event.communityID, type: "event.registration_closed", subject: "event:\(id)", payload: data)
        try notifyWaiting(tx, closed, by: actor)
        return try CommunityEventQueries.summary(tx.db, principal: principal, event: closed)
    }

    /// Calls the event off (reason mandatory): announced to the chat groups and told to everyone
    /// registered or waiting. Registrations are kept as they were, as a record of who was told.
    public static func cancel(
        _ tx: Transaction, principal: Principal, id: CommunityEventID, input: EventReasonInput, expectedVersion: Int?, actor: AuditActor
    ) throws -> CommunityEventSummary {
        try principal.require(.eventManage)
        try input.validate(required: true)
        let event = try editable(tx, principal: principal, id: id, expectedVersion: expectedVersion)
        let reason = input.trimmedReason ?? ""
        var cancelled = event
        cancelled.state = .cancelled
        cancelled.cancelReason = reason
        cancelled = try saved(tx, cancelled, over: event)
        try tx.audit(
            event.communityID, actor: actor, action: "event.cancelled", targetType: "event", targetID: id.rawValue, reason: reason,
            before: ["state": event.state.rawValue], after: ["state": cancelled.state.rawValue])
        var data = try payload(tx, cancelled)
        data["reason"] = reason
        try tx.emit(event.communityID, type: "event.cancelled", subject: "event:\(id)", payload: data)
        try notifyLive(tx, cancelled, kind: .eventCancelled, parameters: ["reason": reason], by: actor)
        return try CommunityEventQueries.summary(tx.db, principal: principal, event: cancelled)
    }

    /// A new start: check-ins made at the door for the old one no longer hold (the door opens again
    /// before the new start). Those registrations are seated again, kept in their place, so they
    /// can be given up or checked in anew (helper 104: they stayed `checked_in` for a day that
    /// was no longer the event's, and could not be cancelled).
    /// Returns the members whose check-in was undone: their notice of the change says to check in
    /// again (helper 125: it did not, and people who had shown their face at the door went home
    /// believing they were recorded).
    @discardableResult
    static func resetCheckIns(_ tx: Transaction, _ event: CommunityEvent, actor: AuditActor) throws -> Set<String> {
        let rows = try Row.fetchAll(
            tx.db, sql: "SELECT id, member_id FROM event_registrations WHERE event_id = ? AND state = 'checked_in' ORDER BY id",
            arguments: [event.id.rawValue])
        let registrations: [String] = rows.map { $0["id"] }
        guard !registrations.isEmpty else { return [] }
        try tx.db.execute(
            sql: """
                UPDATE event_registrations SET state = 'registered', checked_in_at = NULL, checked_in_by = NULL,
                    updated_at = ?, version = version + 1
                WHERE event_id = ? AND state = 'checked_in'
                """,
            arguments: [tx.now, event.id.rawValue])
        try tx.audit(
            event.communityID, actor: actor, action: "event.check_ins_reset", targetType: "event", targetID: event.id.rawValue,
            reason: "the event's start moved",
            before: ["checked_in": String(registrations.count), "registrations": registrations.joined(separator: ",")],
            after: ["checked_in": "0"])
        return Set(rows.map { $0["member_id"] as String })
    }

    /// Tells every member with a live registration (`kind`), with the event's title and times;
    /// someone already checked in at the door is told too (an event called off mid-way, or moved).
    /// The staff member who registered someone at the desk hears it too (`EventRegistrarNotices`).
    static func notifyLive(
        _ tx: Transaction, _ event: CommunityEvent, kind: MemberNotification.Kind, parameters: [String: String] = [:],
        checkInsReset: Set<String> = [], by actor: AuditActor
    ) throws {
        let registrations = try EventRegistration.fetchAll(
            tx.db,
            sql: """
                SELECT * FROM event_registrations WHERE event_id = ? AND state IN ('registered', 'waitlisted', 'checked_in')
                ORDER BY id
                """,
            arguments: [event.id.rawValue])
        let base = try notificationParameters(tx, event)
        for registration in registrations {
            var values = base.merging(parameters) { _, new in new }
            if checkInsReset.contains(registration.memberID.rawValue) { values["check_in_again"] = "yes" }
            try MemberNotifications.notify(
                tx, community: event.communityID, member: registration.memberID, kind: kind, subject: "event:\(event.id)",
                parameters: values)
            // The desk that registered her hears it too: she may not read her phone (helper 177 #2).
            try EventRegistrarNotices.tell(
                tx, event, registration, news: kind == .eventCancelled ? .cancelled : .changed, parameters: values, by: actor.memberID)
        }
    }

    /// Tells everyone in the waiting line, in order, that registration closed and where they stand
    /// (`waiting_position`), and the staff member who put them there.
    static func notifyWaiting(_ tx: Transaction, _ event: CommunityEvent, by actor: AuditActor) throws {
        let waiting = try EventRegistration.fetchAll(
            tx.db, sql: "SELECT * FROM event_registrations WHERE event_id = ? AND state = 'waitlisted' ORDER BY id",
            arguments: [event.id.rawValue])
        let base = try notificationParameters(tx, event)
        for (index, registration) in waiting.enumerated() {
            var values = base
            values["waiting_position"] = String(index + 1)
            try MemberNotifications.notify(
                tx, community: event.communityID, member: registration.memberID, kind: .eventRegistrationClosedWaiting,
                subject: "event:\(event.id)", parameters: values)
            try EventRegistrarNotices.tell(tx, event, registration, news: .registrationClosed, parameters: values, by: actor.memberID)
        }
    }

    /// The event an organizer changes: at the version they read (If-Match), and still open to
    /// change (`EventSeatPolicy.checkEditable`).
    static func editable(_ tx: Transaction, principal: Principal, id: CommunityEventID, expectedVersion: Int?) throws -> CommunityEvent {
        let event = try CommunityEventQueries.fetch(tx.db, community: principal.communityID, id: id)
        try MemberCommands.checkVersion(event.version, expectedVersion)
        try EventSeatPolicy.checkEditable(event, now: tx.now)
        return event
    }

    /// `event_id`, `title`, the local start and the place: what every inbox message about an event names.
    static func notificationParameters(_ tx: Transaction, _ event: CommunityEvent) throws -> [String: String] {
        let local = try localTime(tx, event)
        return [
            "event_id": event.id.rawValue, "title": event.title, "starts_at": local(event.startsAt), "ends_at": local(event.endsAt),
            "place": event.place,
        ]
    }

    /// What chat groups and HTTP consumers receive about an event: local times as the notice board
    /// writes them (`starts_at`), the same instants in ISO 8601 UTC (`starts_at_utc`), and the seats.
    static func payload(_ tx: Transaction, _ event: CommunityEvent) throws -> [String: String] {
        let local = try localTime(tx, event)
        var data = [
            "event_id": event.id.rawValue, "kind": event.kind.rawValue, "title": event.title, "place": event.place,
            "location": event.place, "starts_at": local(event.startsAt), "ends_at": local(event.endsAt),
            "registration_closes_at": local(event.registrationClosesAt), "starts_at_utc": event.startsAt.formatted(.iso8601),
            "ends_at_utc": event.endsAt.formatted(.iso8601), "capacity": String(event.capacity),
            "per_household_limit": String(event.perHouseholdLimit),
        ]
        if let description = event.description { data["description"] = description }
        return data
    }

    /// The community's wall clock, looked up once per transaction (`TransactionMemo`): a change
    /// that tells everyone registered formats times for each message.
    static func localTime(_ tx: Transaction, _ event: CommunityEvent) throws -> (Date) -> String {
        let zone = try tx.memo.timeZones[event.communityID] ?? CommunityCommands.fetch(tx.db, id: event.communityID).timezone
        tx.memo.timeZones[event.communityID] = zone
        return { EventLocalTime.text($0, timeZoneID: zone) }
    }

    /// Schedules the reminder of the event's (new) start: due when the start comes within `lead`
    /// (the community's `EventRules.reminderLead`); an event announced or moved inside that window
    /// is marked reminded already, since the announcement or change notice just went out.
    static func setReminder(_ tx: Transaction, _ event: CommunityEvent, lead: TimeInterval) throws {
        let inside = event.startsAt.timeIntervalSince(tx.now) <= lead
        try tx.db.execute(
            sql: "UPDATE community_events SET reminded_at = ? WHERE id = ?", arguments: [inside ? tx.now : nil, event.id.rawValue])
    }

    /// The audited fields (stored as text, times in ISO 8601 UTC).
    static func fields(_ event: CommunityEvent) -> [String: String?] {
        [
            "kind": event.kind.rawValue, "title": event.title, "description": event.description, "place": event.place,
            "starts_at": event.startsAt.formatted(.iso8601), "ends_at": event.endsAt.formatted(.iso8601),
            "registration_closes_at": event.registrationClosesAt.formatted(.iso8601), "capacity": String(event.capacity),
            "per_household_limit": String(event.perHouseholdLimit),
        ]
    }
}
