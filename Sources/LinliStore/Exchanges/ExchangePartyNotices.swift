import Foundation
import GRDB
import LinliDomain

/// What the other side of an exchange hears when it is asked for, accepted and confirmed done
/// (helpers 127, 131): the owner was not told that a neighbour asked for her listing, and the requester
/// was not told that her request was accepted and her points held. Residents, many elderly, read
/// the inbox, not a list of exchanges; station staff acting for either side hear what they do
/// through `exchange_step_for_you` and `exchange_requested_for_you`.
enum ExchangePartyNotices {
    /// To the listing's owner: a neighbour asked (`exchange_requested`).
    static func requested(_ tx: Transaction, _ exchange: Exchange, title: String, requesterName: String) throws {
        var parameters = try common(tx, exchange, title: title, payer: exchange.owner)
        parameters["requester_name"] = requesterName
        parameters["listing_id"] = exchange.listingID.rawValue
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: exchange.owner, kind: .exchangeRequested, subject: "exchange:\(exchange.id)",
            parameters: parameters)
    }

    /// To the requester: the owner accepted (`exchange_accepted`), the points held by now.
    static func accepted(_ tx: Transaction, _ exchange: Exchange, title: String) throws {
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: exchange.requester, kind: .exchangeAccepted, subject: "exchange:\(exchange.id)",
            parameters: try common(tx, exchange, title: title, payer: exchange.requester))
    }

    /// To the others waiting on a one-off listing just promised to someone else
    /// (`exchange_listing_promised`): their requests stay open in case that exchange falls
    /// through, and they may cancel them (helper 131: they were told nothing until it completed).
    static func promisedToAnother(_ tx: Transaction, _ accepted: Exchange, title: String) throws {
        let waiting = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: """
                SELECT * FROM exchanges WHERE community_id = ? AND listing_id = ? AND state = 'requested' AND id <> ? ORDER BY id
                """),
            arguments: [accepted.communityID.rawValue, accepted.listingID.rawValue, accepted.id.rawValue])
        for exchange in waiting {
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: exchange.requester, kind: .exchangeListingPromised,
                subject: "exchange:\(exchange.id)", parameters: ["exchange_id": exchange.id.rawValue, "title": title])
        }
    }

    /// To the provider: the payer confirmed it done and the points are hers (`exchange_completed`:
    /// `points` paid, `held` when fewer were paid than held, `minutes` confirmed for time).
    /// Helper 131: points arrived on her statement without a word.
    static func completed(_ tx: Transaction, _ exchange: Exchange, title: String) throws {
        let paid = exchange.settledPoints ?? exchange.points
        var parameters = ["exchange_id": exchange.id.rawValue, "title": title, "points": String(paid)]
        if paid < exchange.points { parameters["held"] = String(exchange.points) }
        if let minutes = exchange.actualMinutes { parameters["minutes"] = String(minutes) }
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: exchange.provider, kind: .exchangeCompleted, subject: "exchange:\(exchange.id)",
            parameters: parameters)
    }

    /// To the payer: the provider reported the time a time exchange took
    /// (`exchange_minutes_reported`), so she confirms what was done, not the whole booking.
    /// `floor`: the fewest minutes she may confirm now (`ExchangeMinutes.automatic`: a report
    /// longer than the booking does not raise it; helper 190 #3).
    static func minutesReported(_ tx: Transaction, _ exchange: Exchange, title: String, minutes: Int, floor: Int) throws {
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: exchange.payer, kind: .exchangeMinutesReported, subject: "exchange:\(exchange.id)",
            parameters: ["exchange_id": exchange.id.rawValue, "title": title, "minutes": String(minutes), "floor": String(floor)])
    }

    /// The exchange, its listing's title, its points and start in the community's wall-clock time,
    /// and whether `member` pays.
    private static func common(_ tx: Transaction, _ exchange: Exchange, title: String, payer member: MemberID) throws -> [String: String] {
        [
            "exchange_id": exchange.id.rawValue, "title": title, "points": String(exchange.points),
            "starts_at": try localStart(tx, exchange), "pays": exchange.payer == member ? "yes" : "no",
        ]
    }

    /// The exchange's start in its community's wall-clock time, as every notice about it names it.
    static func localStart(_ tx: Transaction, _ exchange: Exchange) throws -> String {
        EventLocalTime.text(exchange.scheduledStart, timeZoneID: try CommunityCommands.fetch(tx.db, id: exchange.communityID).timezone)
    }
}
