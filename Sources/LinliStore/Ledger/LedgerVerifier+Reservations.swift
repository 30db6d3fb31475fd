import Foundation
import GRDB
import LinliDomain

extension LedgerVerifier {
    /// Every reserved listing is held by exactly one open exchange (accepted or disputed), and
    /// every open exchange on a one-off listing finds it reserved (or taken down by a moderator).
    ///
    /// Why here: a reservation is the listing's side of a hold. One left behind by an exchange
    /// that ended balances in every ledger check, yet nobody can request the listing again and
    /// nothing will ever release it; a one-off published while its exchange runs can be exchanged
    /// twice, and its owner paid twice. Repeatable offers (`RepeatableListingSQL`) are never
    /// reserved, so they are checked only the first way.
    func verifyReservations(_ db: Database, community: String, sink: inout ViolationSink) throws {
        let reserved = try Row.fetchCursor(
            db,
            sql: """
                SELECT l.id, (SELECT COUNT(*) FROM exchanges e
                              WHERE e.community_id = l.community_id AND e.listing_id = l.id AND e.state IN ('accepted', 'disputed'))
                FROM listings l
                WHERE l.community_id = ? AND l.status = 'reserved'
                ORDER BY l.id
                """,
            arguments: [community])
        while let row = try reserved.next() {
            let open: Int = row[1]
            guard open != 1 else { continue }
            sink.add(
                community, .listingReservation, "listing \(row[0] as String)",
                open == 0
                    ? "reserved, but no exchange on it is open: nobody can request it and nothing will release it"
                    : "reserved by \(open) open exchanges at once")
        }
        let unreserved = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.state, l.id, l.status
                FROM exchanges e
                JOIN listings l ON l.community_id = e.community_id AND l.id = e.listing_id
                WHERE e.community_id = ? AND e.state IN ('accepted', 'disputed')
                    AND l.status NOT IN ('reserved', 'removed') AND NOT \(RepeatableListingSQL.condition("l"))
                ORDER BY e.id
                """,
            arguments: [community])
        while let row = try unreserved.next() {
            sink.add(
                community, .listingReservation, "exchange \(row[0] as String)",
                "\(row[1] as String) on the one-off listing \(row[2] as String), which is \(row[3] as String), not reserved")
        }
    }
}
