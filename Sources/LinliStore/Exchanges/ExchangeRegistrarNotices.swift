import Foundation
import GRDB
import LinliDomain

/// Forwards to the staff member who registered a resident's side of an exchange (her request, or
/// the listing it answers) what her inbox was just told about it: a cancellation, a decline, a
/// no-show, a dispute's outcome (`exchange_news_for_registrar`, the notice as she reads it).
///
/// Why: the desk registers exactly the residents who do not use the app (helper 144 #4: the
/// helper cancelled Thursday's walk to the clinic, only 王秀英's inbox heard, and an elder who
/// rarely opens it would wait downstairs for nobody). Events already do this
/// (`EventRegistrarNotices`); the same limits hold: not a notice of a step staff took in her name
/// (`exchange_step_for_you`, which they know), nor of any step the registrar took in the same
/// transaction, not a registrar who may no longer act for others or is inactive, not one she has
/// since withdrawn a consent from, not one whose housemate is the other side, and only while she
/// is an active resident.
enum ExchangeRegistrarNotices {
    /// Kinds the desk is not forwarded: its own steps in her name, and what is not hers to pass on.
    static let notForwarded: Set<MemberNotification.Kind> = [.exchangeStepForYou, .exchangeRequestedForYou, .exchangeNewsForRegistrar]

    /// An exchange's listing title, its sides' names and who registered each side (one indexed join), which
    /// `MemberNotifications.notify` reads once per exchange notice for its title and the forward.
    struct Sides {
        let id: String
        let title: String
        let row: Row

        /// When a time or skill exchange is to take place, on the community's wall clock
        /// ("2026-12-09 09:00"): what tells two bookings of one repeatable offer apart in a notice
        /// that no longer shows ids. Nil for an item, whose requested window's start is no
        /// appointment (helper 148 #1).
        var startsAt: String? {
            guard row["listing_kind"] != ListingKind.item.rawValue else { return nil }
            return EventLocalTime.text(row["scheduled_start"], timeZoneID: row["timezone"])
        }

        /// The other side's display name, for a notice to one side (nil for anyone else: a
        /// moderator, the desk).
        func otherName(of member: MemberID) -> String? {
            if row["requester_id"] == member.rawValue { return row["owner_name"] }
            if row["owner_id"] == member.rawValue { return row["requester_name"] }
            return nil
        }
    }

    static func sides(_ db: Database, community: CommunityID, exchange: String) throws -> Sides? {
        try Row.fetchOne(db.cachedStatement(sql: sidesSQL + " = ?"), arguments: [community.rawValue, exchange])
            .map { Sides(id: exchange, title: $0["title"], row: $0) }
    }

    /// `sides` for many exchanges of one community in one read (a page of the exchange list),
    /// keyed by exchange id; an id with no such exchange is absent.
    static func sides(_ db: Database, community: CommunityID, exchanges: [String]) throws -> [String: Sides] {
        guard !exchanges.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db, sql: sidesSQL + " IN (\(exchanges.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments([community.rawValue] + exchanges))
        return Dictionary(rows.map { row in (row["id"], Sides(id: row["id"], title: row["title"], row: row)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The one join both `sides` reads make, ending in `e.id` for the caller to compare.
    private static let sidesSQL = """
        SELECT e.id, l.title, e.requester_id, e.created_by AS requested_by, e.created_at AS requested_at,
               l.owner_id, l.created_by AS listed_by, l.created_at AS listed_at,
               r.display_name AS requester_name, o.display_name AS owner_name, e.scheduled_start, e.listing_kind, c.timezone
        FROM exchanges e JOIN listings l ON l.id = e.listing_id
        JOIN communities c ON c.id = e.community_id
        JOIN members r ON r.community_id = e.community_id AND r.id = e.requester_id
        JOIN members o ON o.community_id = e.community_id AND o.id = l.owner_id
        WHERE e.community_id = ? AND e.id
        """

    static func forward(
        _ tx: Transaction, community: CommunityID, member: MemberID, kind: MemberNotification.Kind, exchange sides: Sides,
        parameters: [String: String]
    ) throws {
        guard !notForwarded.contains(kind) else { return }
        let row = sides.row, exchange = sides.id
        let registrar: String?, registeredAt: Date, counterpart: String
        if row["requester_id"] == member.rawValue {
            (registrar, registeredAt, counterpart) = (row["requested_by"], row["requested_at"], row["owner_id"])
        } else if row["owner_id"] == member.rawValue {
            (registrar, registeredAt, counterpart) = (row["listed_by"], row["listed_at"], row["requester_id"])
        } else {
            return
        }
        guard let registrar else { return }
        let staffID = MemberID(trusted: registrar)
        // News of a step they took themselves (a cancellation in her name, a request they made
        // on a listing they posted for someone else) is theirs already (helper 146 #1).
        guard !tx.memo.actors.contains(staffID) else { return }
        // Not when the other side is their own home (themselves or a housemate): registered work
        // is not theirs to carry on against it (`ExchangeAccess.againstOwnHome`), nor its news
        // (helper 146 #2). The household query is the moderators' own (`ModerationConflict`).
        let ownHome = try Bool.fetchOne(
            tx.db.cachedStatement(sql: "SELECT ? IN (\(ModerationConflict.selfAndHousematesSQL))"),
            arguments: [counterpart] + ModerationConflict.selfAndHousematesArguments(community, staffID)) ?? false
        guard !ownHome else { return }
        guard let resident = try RegistrarStanding.resident(
            tx, community: community, registrar: staffID, resident: member, registeredAt: registeredAt, permission: .exchangeManageOthers)
        else { return }
        var values = parameters
        values["forwarded_kind"] = kind.rawValue
        values["resident_name"] = resident.displayName
        values["resident_id"] = resident.id.rawValue
        try MemberNotifications.notify(
            tx, community: community, member: staffID, kind: .exchangeNewsForRegistrar, subject: "exchange:\(exchange)", parameters: values)
    }
}
