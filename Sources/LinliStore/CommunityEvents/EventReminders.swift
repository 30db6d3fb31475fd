import Foundation
import GRDB
import LinliDomain

/// The reminder ahead of an event (a day before, unless the community's rules set another lead):
/// `event.reminder` to the chat groups (with how many are registered) and an inbox message to
/// everyone holding a seat. Run by a periodic service; each start of each
/// event is reminded once (`reminded_at`, cleared when the start moves).
public enum EventReminders {
    /// Reminds events starting within their community's reminder lead (`events.reminder_lead_hours`
    /// in the rules in force), at most `batch` per call; returns how many were reminded (call
    /// again while it equals `batch`).
    ///
    /// Candidates are the events not yet reminded that start within the longest lead a rule file
    /// may set (a week: a short list, read on the partial index `community_events_reminder_due`);
    /// each community's own lead then decides which are due, so one community's events not yet
    /// due never fill the batch ahead of another's that are.
    public static func remindDue(_ tx: Transaction, rules: ActiveRules, batch: Int = 100) throws -> Int {
        let horizon = tx.now.addingTimeInterval(TimeInterval(EventRules.longestReminderLeadHours) * 3_600)
        let candidates = try CommunityEvent.fetchAll(
            tx.db, sql: """
                SELECT * FROM community_events
                WHERE state = 'scheduled' AND reminded_at IS NULL AND starts_at <= ? AND starts_at > ?
                ORDER BY starts_at, id
                """,
            arguments: [horizon, tx.now])
        var leads: [CommunityID: TimeInterval] = [:]
        var events: [CommunityEvent] = []
        for event in candidates where events.count < batch {
            let lead = try leads[event.communityID] ?? reminderLead(tx, community: event.communityID, rules: rules)
            leads[event.communityID] = lead
            if event.startsAt.timeIntervalSince(tx.now) <= lead { events.append(event) }
        }
        for event in events {
            let counts = try CommunityEventQueries.counts(tx.db, event: event.id)
            var data = try CommunityEventCommands.payload(tx, event)
            data["registered"] = String(counts.seatsTaken)
            try tx.emit(event.communityID, type: "event.reminder", subject: "event:\(event.id)", payload: data)
            let seated = try EventRegistration.fetchAll(
                tx.db, sql: "SELECT * FROM event_registrations WHERE event_id = ? AND state = 'registered' ORDER BY id",
                arguments: [event.id.rawValue])
            let parameters = try CommunityEventCommands.notificationParameters(tx, event)
            for registration in seated {
                try MemberNotifications.notify(
                    tx, community: event.communityID, member: registration.memberID, kind: .eventReminder, subject: "event:\(event.id)",
                    parameters: parameters)
                // The desk that registered her is the one who can remind her (helper 143).
                try EventRegistrarNotices.tell(tx, event, registration, news: .reminder, parameters: parameters, by: nil)
            }
            try tx.db.execute(sql: "UPDATE community_events SET reminded_at = ? WHERE id = ?", arguments: [tx.now, event.id.rawValue])
        }
        return events.count
    }

    /// The community's reminder lead, or the standard one when it has no rules in force or its
    /// rules in force cannot be read (`rules.active_version_unreadable`): one community's broken
    /// file must not keep every community's reminders from going out, and a reminder at the
    /// standard time serves its residents better than none.
    static func reminderLead(_ tx: Transaction, community: CommunityID, rules: ActiveRules) throws -> TimeInterval {
        do {
            return try rules.lookup(tx.db, community: community, at: tx.now)?.events.reminderLead ?? EventRules.standard.reminderLead
        } catch let error as DomainError where error.code == "rules.active_version_unreadable" {
            return EventRules.standard.reminderLead
        }
    }
}
