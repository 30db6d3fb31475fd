import Foundation
import GRDB
import LinliDomain

/// What a person reads an exchange by: its listing's title and both sides' names, given next to
/// the ids in the answers of the exchange routes.
///
/// Why: an exchange answered with `listing_id` and two `mem_…` ids, so a station's screen or a
/// resident's mini-program had to make three more requests to show "帮我取药, with 王秀英"
/// (helper 144 #9). The names are the members' display names, which every member of the
/// community already sees in the directory.
public struct ExchangeNames: Sendable, Equatable {
    public let listingTitle: String
    public let requesterName: String
    public let ownerName: String

    /// Names for each of `exchanges`, from the join every exchange notice reads
    /// (`ExchangeRegistrarNotices.sides`): one read per community on the page (a page is one
    /// community's, at most 500 exchanges), not one per exchange.
    public static func fetch(_ db: Database, _ exchanges: [Exchange]) throws -> [ExchangeID: ExchangeNames] {
        var names: [ExchangeID: ExchangeNames] = [:]
        for (community, ofCommunity) in Dictionary(grouping: exchanges, by: \.communityID) {
            let sides = try ExchangeRegistrarNotices.sides(db, community: community, exchanges: ofCommunity.map(\.id.rawValue))
            for exchange in ofCommunity {
                guard let side = sides[exchange.id.rawValue] else { continue }
                names[exchange.id] = ExchangeNames(listingTitle: side.title, requesterName: side.row["requester_name"], ownerName: side.row["owner_name"])
            }
        }
        return names
    }

    /// For a member's statement lines that name an exchange (`reference` "exchange:exc_…"), the
    /// other side of each: a passbook says whom she paid or was paid by, where the ledger says
    /// only "held for the exchange" (helper 144 #13). One read for the lines of a page.
    public static func otherSides(_ db: Database, community: CommunityID, member: MemberID, references: Set<String>) throws -> [String: MemberID] {
        let ids = references.filter { $0.hasPrefix("exchange:") }.map { String($0.dropFirst("exchange:".count)) }.sorted()
        guard !ids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, requester_id, owner_id FROM exchanges WHERE community_id = ? AND id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments([community.rawValue] + ids))
        var others: [String: MemberID] = [:]
        for row in rows {
            let requester: String = row["requester_id"], owner: String = row["owner_id"]
            guard requester == member.rawValue || owner == member.rawValue else { continue }
            others["exchange:" + (row["id"] as String)] = MemberID(trusted: requester == member.rawValue ? owner : requester)
        }
        return others
    }
}
