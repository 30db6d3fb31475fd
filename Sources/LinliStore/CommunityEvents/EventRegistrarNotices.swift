import Foundation
import GRDB
import LinliDomain

/// Tells the staff member who registered a resident for an event at the desk what her own inbox
/// was just told: the event moved, was called off, gave her a seat from the waiting line, is
/// tomorrow, someone else gave her registration up, or registration closed while she waits in line
/// (`event_news_for_registrar`).
///
/// Why: the desk registers exactly the residents who do not use the app, and a notice in an inbox
/// she never opens reaches nobody (helper 142: a cancelled market told only her inbox, and staff
/// cannot read it). The staff member who registered her is the one who can phone her.
///
/// Not told: whoever made the change themselves (they know), anyone who registered themselves,
/// and, as for registered work (`ExchangeAccess.mayActAsRegistered`), a registrar who may no
/// longer register others or is suspended (helper 143: a staff member since made a resident kept
/// following another resident's doings), a resident who is no longer an active resident, and staff
/// whose consent she has withdrawn since the registration.
enum EventRegistrarNotices {
    enum News: String {
        case changed, cancelled, reminder
        case seatGranted = "seat_granted"
        /// Someone else gave her registration up: she may still come.
        case registrationCancelled = "registration_cancelled"
        /// Registration closed while she waits in line (`waiting_position`).
        case registrationClosed = "registration_closed"
    }

    /// - Parameter by: who made the change (nil: the service itself, as when a seat frees up).
    static func tell(
        _ tx: Transaction, _ event: CommunityEvent, _ registration: EventRegistration, news: News, parameters: [String: String],
        by: MemberID?
    ) throws {
        let registrar = registration.registeredBy
        guard registrar != by,
            let resident = try RegistrarStanding.resident(
                tx, community: event.communityID, registrar: registrar, resident: registration.memberID,
                registeredAt: registration.createdAt, permission: .eventRegisterOthers)
        else { return }
        var values = parameters
        values["news"] = news.rawValue
        values["resident_name"] = resident.displayName
        values["member_id"] = resident.id.rawValue
        try MemberNotifications.notify(
            tx, community: event.communityID, member: registrar, kind: .eventNewsForRegistrar, subject: "event:\(event.id)",
            parameters: values)
    }
}
