import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// What the resale signal needs that listings do not say by themselves: which listing relists an
/// item its owner received through an exchange, and which received items neighbours reported as
/// sold on (a `resale_of_donated_goods` report about the exchange).
///
/// A relist is recognised, not declared: an item offer whose owner earlier received an item of the
/// same category through a completed exchange, with a title that says the same thing (equal once
/// spaces and punctuation are removed, one containing the other, or sharing most of its
/// character pairs — bigrams suit Chinese titles, which have no spaces). The signal then applies
/// the rule file's window; moderators see both listings in the evidence.
enum ResaleEvidence {
    /// Each listing's `relistOf`, set where a relist is recognised; `offerTitles` are the titles of
    /// the item offers among `listings` (only those can relist an item).
    static func linkRelists(
        _ db: Database, community: CommunityID, listings: [TrustListing], offerTitles: [ListingID: String]
    ) throws -> [TrustListing] {
        var received: [MemberID: [(listing: ListingID, category: String, title: String, at: Date)]] = [:]
        for row in try Row.fetchAll(
            db, sql: """
                SELECT e.payer_id, l.id, l.category_code, l.title, e.closed_at FROM exchanges e
                JOIN listings l ON l.id = e.listing_id
                WHERE e.community_id = ? AND e.state = 'completed' AND e.listing_kind = 'item' AND l.direction = 'offer'
                ORDER BY e.closed_at
                """,
            arguments: [community.rawValue])
        {
            guard let at: Date = row[4] else { continue }
            received[MemberID(trusted: row[0]), default: []].append((ListingID(trusted: row[1]), row[2], row[3], at))
        }
        guard !received.isEmpty else { return listings }
        return listings.map { listing in
            guard let title = offerTitles[listing.id], let candidates = received[listing.owner] else { return listing }
            var linked = listing
            linked.relistOf = candidates.last { item in
                item.listing != listing.id && item.category == listing.category && item.at <= listing.createdAt
                    && sameThing(item.title, title)
            }?.listing
            return linked
        }
    }

    /// Received items reported as sold on: `resale_of_donated_goods` reports about an exchange,
    /// counted against the member who received the item (the exchange's payer). Only reports whose
    /// case is still open, as report clusters (`ReportClusterFinder`): a moderator has judged the
    /// others, and a case dismissed as unfounded kept a score-50 signal on her, enough with any
    /// other to freeze her held points (helper 176 #3); an upheld one was acted on already.
    static func reportedSales(_ db: Database, community: CommunityID) throws -> [TrustItemSale] {
        try Row.fetchAll(
            db, sql: """
                SELECT e.payer_id, e.listing_id, r.created_at FROM trust_reports r
                JOIN exchanges e ON e.community_id = r.community_id AND e.id = r.target_id
                JOIN trust_cases c ON c.community_id = r.community_id AND c.id = r.case_id
                WHERE r.community_id = ? AND r.target_type = 'exchange' AND r.category = 'resale_of_donated_goods'
                    AND e.listing_kind = 'item' AND r.target_member_id = e.payer_id AND c.outcome IS NULL
                """,
            arguments: [community.rawValue]
        ).map { TrustItemSale(member: MemberID(trusted: $0[0]), listingID: ListingID(trusted: $0[1]), at: $0[2]) }
    }

    /// Whether two titles name the same thing (see the type's comment).
    static func sameThing(_ a: String, _ b: String) -> Bool {
        let x = normalized(a), y = normalized(b)
        guard x.count >= 2, y.count >= 2 else { return !x.isEmpty && x == y }
        if x == y || x.contains(y) || y.contains(x) { return true }
        let bx = bigrams(x), by = bigrams(y)
        let shared = bx.intersection(by).count
        return Double(2 * shared) >= 0.6 * Double(bx.count + by.count)
    }

    static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    static func bigrams(_ text: String) -> Set<String> {
        let characters = Array(text)
        guard characters.count >= 2 else { return [text] }
        return Set((0..<(characters.count - 1)).map { String(characters[$0...$0 + 1]) })
    }
}
