import Foundation
import GRDB
import LinliDomain

/// The day-before reminder: `event.reminder` to the chat groups (with how many are registered)
/// and an inbox message to everyone holding a seat. Run by a periodic service; each start of each
/// event is reminded once (`reminded_at`, cleared when the start moves).
public enum EventReminders {
    /// Reminds events starting within `EventSeatPolicy.reminderLead`, at most `batch` per call;
    /// returns how many were reminded (call again while it equals `batch`).
    public static func remindDue(_ tx: Transaction, batch: Int = 100) throws -> Int {
        let events = try CommunityEvent.fetchAll(
            tx.db, sql: """
                SELECT * FROM community_events WHERE state = 'scheduled' AND reminded_at IS NULL AND starts_at <= ? AND starts_at > ?
                ORDER BY starts_at, id LIMIT ?
                """,
            arguments: [tx.now.addingTimeInterval(EventSeatPolicy.reminderLead), tx.now, batch])
        for event in events {
            let counts = try CommunityEventQueries.counts(tx.db, event: event.id)
            var data = try CommunityEventCommands.payload(tx, event)
            data["registered"] = String(counts.seatsTaken)
            try tx.emit(event.communityID, type: "event.reminder", subject: "event:\(event.id)", payload: data)
            let seated = try String.fetchAll(
                tx.db, sql: "SELECT member_id FROM event_registrations WHERE event_id = ? AND state = 'registered' ORDER BY id",
                arguments: [event.id.rawValue])
            let parameters = try CommunityEventCommands.notificationParameters(tx, event)
            for member in seated {
                try MemberNotifications.notify(
                    tx, community: event.communityID, member: MemberID(trusted: member), kind: .eventReminder, subject: "event:\(event.id)",
                    parameters: parameters)
            }
            try tx.db.execute(sql: "UPDATE community_events SET reminded_at = ? WHERE id = ?", arguments: [tx.now, event.id.rawValue])
        }
        return events.count
    }
}
