import Foundation
import LinliDomain

/// Inbox messages telling a resident of work station staff registered in her name: a listing
/// shown as hers, a request that will hold or earn her points. Consents recorded for her, event
/// registrations and sign-in tokens already tell her; without these two, a listing or a trade in
/// her name could run its course without her ever hearing of it (the research found that trust,
/// not convenience, decides whether elderly residents keep using the service).
enum RegisteredForYouNotices {
    /// A listing created for its owner by someone else: told once, as it is created.
    static func listingRegistered(_ tx: Transaction, _ listing: Listing, note: String? = nil) throws {
        guard listing.createdBy != listing.ownerID else { return }
        var parameters = [
            "listing_id": listing.id.rawValue, "title": listing.content.title, "listing_status": listing.status.rawValue,
            "registered_by_name": try MemberCommands.fetch(tx.db, community: listing.communityID, id: listing.createdBy).displayName,
        ]
        if let note { parameters["note"] = note }
        // An offer commits her to turn up; a need spends her points (helper 144 #10: an offer
        // registered for a man read "its exchanges use your points", not that he must help).
        parameters["direction"] = listing.content.direction.rawValue
        try MemberNotifications.notify(
            tx, community: listing.communityID, member: listing.ownerID, kind: .listingRegisteredForYou, subject: "listing:\(listing.id)",
            parameters: parameters)
    }

    /// A step someone else took on the owner's listing in her name (`listing_step_for_you`:
    /// edited, submitted, withdrawn): helper 140, staff rewrote, submitted and withdrew a
    /// resident's listing and she was told only that it had passed review, two seconds before it
    /// was withdrawn.
    /// - Parameter raised: a need of hers edited to cost more (`ListingCommands.deskEditNote`): the
    ///   points before and after, and the desk's note when there is one.
    static func listingStep(
        _ tx: Transaction, _ listing: Listing, by principal: Principal, step: String, raised: (from: Int, to: Int)? = nil, note: String? = nil
    ) throws {
        guard principal.memberID != listing.ownerID else { return }
        var parameters = [
            "listing_id": listing.id.rawValue, "title": listing.content.title, "step": step, "listing_status": listing.status.rawValue,
            "staff_name": try MemberCommands.fetch(tx.db, community: listing.communityID, id: principal.memberID).displayName,
        ]
        if let raised {
            parameters["previous_points"] = String(raised.from)
            parameters["raised_points"] = String(raised.to)
        }
        if let note { parameters["note"] = note }
        try MemberNotifications.notify(
            tx, community: listing.communityID, member: listing.ownerID, kind: .listingStepForYou, subject: "listing:\(listing.id)",
            parameters: parameters)
    }

    /// An exchange requested for its requester by someone else, with the time the other side
    /// will expect her and whether she pays or earns the points.
    static func exchangeRequested(_ tx: Transaction, _ exchange: Exchange, title: String, note: String? = nil) throws {
        guard exchange.createdBy != exchange.requester else { return }
        var parameters = [
            "exchange_id": exchange.id.rawValue, "listing_id": exchange.listingID.rawValue, "title": title,
            "points": String(exchange.points), "pays": exchange.payer == exchange.requester ? "yes" : "no",
            "starts_at": try ExchangePartyNotices.localStart(tx, exchange),
            "requested_by_name": try MemberCommands.fetch(tx.db, community: exchange.communityID, id: exchange.createdBy).displayName,
        ]
        if let note { parameters["note"] = note }
        try MemberNotifications.notify(
            tx, community: exchange.communityID, member: exchange.requester, kind: .exchangeRequestedForYou,
            subject: "exchange:\(exchange.id)", parameters: parameters)
    }
}
