import Foundation
import GRDB
import LinliDomain
import LinliRules
import LinliTrust

/// Reads what trust computations need from the store, as a `TrustSnapshot`.
///
/// The exchange graph is the ledger's settled member-to-member transfers: kinds `exchange` (direct
/// payment) and `release` (a completed exchange's hold released to the provider), with the payer
/// and payee the ledger records, minus any transfer that was reversed. Points that actually moved
/// are what rings and concentration are about, whichever path moved them. No-shows and lost
/// disputes come from the exchanges' `member_exchange_marks`, as non-completed outcomes (the
/// credit score counts them; the graph signals ignore them). Ratings come from `exchange_ratings`. Reports come from `trust_reports`: one is upheld when its case was resolved as upheld
/// and not every action of that case was overturned on appeal. Standing `deduct_credit` case actions
/// come from `trust_case_actions`. Members carry their device
/// fingerprints (and network ones when the rule file's `fraud.self_dealing.use_ip_fingerprints`
/// says so), as keyed hashes from `member_fingerprints`.
public enum TrustSnapshotQueries {
    /// Members, listings, reports and settled exchanges at or after `exchangesSince` (all of them
    /// when nil) of one community.
    /// - Parameter now: when the snapshot is judged; the devices members share count from
    ///   `fraud.self_dealing.fingerprint_days` before it (nil: every device ever recorded).
    public static func snapshot(
        _ db: Database, community: CommunityID, exchangesSince: Date?, policy: FraudPolicy = FraudPolicy(), now: Date? = nil
    ) throws -> TrustSnapshot {
        let id = community.rawValue
        let members = try members(db, community: community, policy: policy, now: now)
        // Item offers' titles too: the resale evidence recognises relists by them.
        var offerTitles: [ListingID: String] = [:]
        let listings = try Row.fetchAll(
            db, sql: """
                SELECT id, owner_id, category_code, created_at, declared_cost_cents, kind, direction, title FROM listings
                WHERE community_id = ? AND status NOT IN ('draft')
                """,
            arguments: [id]
        ).map { row in
            let listing = ListingID(trusted: row["id"])
            if row["kind"] == "item", row["direction"] == "offer" { offerTitles[listing] = row["title"] }
            return TrustListing(
                id: listing, owner: MemberID(trusted: row["owner_id"]), category: row["category_code"],
                createdAt: row["created_at"], declaredCostCents: row["declared_cost_cents"])
        }
        let exchanges = try settledExchanges(db, community: community, since: exchangesSince).map(\.exchange)
        let ratings = try RatingQueries.all(db, community: community).map { rating in
            TrustRating(
                id: rating.id.rawValue, rater: rating.rater, ratee: rating.ratee, stars: rating.stars, at: rating.createdAt,
                exchangeID: rating.exchangeID.rawValue)
        }
        return TrustSnapshot(
            members: members, exchanges: exchanges + (try marks(db, community: community, since: exchangesSince)),
            ratings: ratings, reports: try reports(db, community: community),
            listings: try ResaleEvidence.linkRelists(db, community: community, listings: listings, offerTitles: offerTitles),
            itemSales: try ResaleEvidence.reportedSales(db, community: community),
            creditDeductions: try creditDeductions(db, community: community))
    }

    /// Just what one member's credit score reads, through indexes: the member and everyone who
    /// rated them (a rating is weighted by its rater's standing, computed from the rater's own
    /// record), their settled exchanges and exchange marks, the upheld reports about them, and the
    /// ratings the member received. `CreditScorer` gives the same score on this as on the whole
    /// community's snapshot (tested), at the cost of the member's neighbourhood instead of the
    /// community's history.
    static func neighbourhood(
        _ db: Database, community: CommunityID, member: MemberID, policy: FraudPolicy, now: Date? = nil
    ) throws -> TrustSnapshot {
        let ratings = try RatingQueries.receivedAll(db, community: community, member: member).map { rating in
            TrustRating(
                id: rating.id.rawValue, rater: rating.rater, ratee: rating.ratee, stars: rating.stars, at: rating.createdAt,
                exchangeID: rating.exchangeID.rawValue)
        }
        let ids = Array(Set([member] + ratings.map(\.rater))).sorted()
        let members = try members(db, community: community, policy: policy, only: ids, now: now)
        var seen = Set<String>()
        var exchanges: [TrustExchange] = []
        for side in ["t.payer_member_id", "t.payee_member_id"] {
            let filter = only(side, ids)
            for row in try Row.fetchAll(db, sql: Self.settledSelect + filter.sql, arguments: [community.rawValue] + filter.arguments)
            where seen.insert(row["id"]).inserted {
                if let exchange = settled(row) { exchanges.append(exchange) }
            }
        }
        let marks = try marks(db, community: community, since: nil, only: ids)
        let reports = try reports(db, community: community, members: ids)
        // Their counterparties and the reporters too, with households and fingerprints: an
        // exchange with an account on one's own phone, or three housemates reporting one incident,
        // counts as on the whole community only when the scorer can see that they are related
        // (session 28 review: without them, such exchanges raised the live score and such reports
        // cost three times).
        // (Marks need no relatedness: a no-show counts whoever the other side was.) In chunks, so
        // a member rated by busy neighbours never passes SQLite's limit of bound variables.
        let others = Set(exchanges.flatMap { [$0.payer, $0.provider] } + reports.map(\.reporter)).subtracting(ids).sorted()
        var related: [TrustMember] = []
        for start in stride(from: 0, to: others.count, by: 500) {
            related += try Self.members(
                db, community: community, policy: policy, only: Array(others[start..<min(start + 500, others.count)]), now: now)
        }
        return TrustSnapshot(
            members: members + related, exchanges: exchanges + marks, ratings: ratings, reports: reports, listings: [],
            creditDeductions: try creditDeductions(db, community: community, only: ids))
    }

    /// ` AND column IN (?, …)` with its arguments, or nothing for the whole community (nil).
    static func only(_ column: String, _ members: [MemberID]?) -> (sql: String, arguments: StatementArguments) {
        guard let members else { return ("", []) }
        return (" AND \(column) IN (\(members.map { _ in "?" }.joined(separator: ", ")))", StatementArguments(members.map(\.rawValue)))
    }

    /// The community's members (or only `members`), with the fingerprints the policy counts: those
    /// used within `fingerprint_days` before `now` (nil: all).
    static func members(
        _ db: Database, community: CommunityID, policy: FraudPolicy, only ids: [MemberID]? = nil, now: Date? = nil
    ) throws -> [TrustMember] {
        let fingerprints = try MemberFingerprints.all(
            db, community: community, kinds: policy.selfDealing.useIPFingerprints ? [.device, .ip] : [.device], only: ids,
            seenSince: now.map { $0.addingTimeInterval(-Double(policy.selfDealing.fingerprintDays) * 86_400) })
        let filter = only("id", ids)
        return try Row.fetchAll(
            db, sql: "SELECT id, household_id, verified, created_at FROM members WHERE community_id = ?" + filter.sql,
            arguments: [community.rawValue] + filter.arguments
        ).map { row in
            let member = MemberID(trusted: row["id"])
            return TrustMember(
                id: member, householdID: (row["household_id"] as String?).map(HouseholdID.init(trusted:)),
                createdAt: row["created_at"], verified: row["verified"], fingerprints: fingerprints[member] ?? [])
        }
    }

    /// Settled member-to-member transfers (the exchange graph's edges) in ledger order, created at
    /// or after `since` and with a ledger sequence number in `seqs`, minus reversed ones.
    static func settledExchanges(
        _ db: Database, community: CommunityID, since: Date?, seqs: ClosedRange<Int64> = 1...Int64.max, limit: Int = Int.max
    ) throws -> [(seq: Int64, exchange: TrustExchange)] {
        try Row.fetchAll(
            db, sql: Self.settledSelect + " AND t.seq BETWEEN ? AND ? AND t.created_at >= ? ORDER BY t.seq LIMIT ?",
            arguments: [community.rawValue, seqs.lowerBound, seqs.upperBound, StoredTime.text(since) ?? "",
                        Int64(clamping: limit)]
        ).compactMap { row -> (Int64, TrustExchange)? in settled(row).map { (row["seq"], $0) } }
    }

    /// Settled member-to-member transfers of a community (bound: the community id), not reversed,
    /// with the exchange they settled when there is one: a release through its hold's reference, a
    /// direct payment through its own (`exchange:exc_…`). The listing and its kind are what the
    /// resale signal follows.
    static let settledSelect = """
        SELECT t.seq, t.id, t.payer_member_id, t.payee_member_id, t.settled_points, t.created_at, t.category,
            e.listing_id, e.listing_kind
        FROM ledger_transfers t
        \(TransferSQL.settledExchangeJoin)
        WHERE t.community_id = ? AND t.kind IN ('exchange', 'release')
            AND t.payer_member_id IS NOT NULL AND t.payee_member_id IS NOT NULL
            AND NOT \(TransferSQL.reversed)
        """

    static func settled(_ row: Row) -> TrustExchange? {
        guard let at = LedgerTimestamp(text: row["created_at"]) else { return nil }
        return TrustExchange(
            id: row["id"], payer: MemberID(trusted: row["payer_member_id"]), provider: MemberID(trusted: row["payee_member_id"]),
            points: row["settled_points"], at: at.date, category: row["category"],
            listingID: (row["listing_id"] as String?).map(ListingID.init(trusted:)), isItem: (row["listing_kind"] as String?) == "item")
    }

    /// No-shows and lost disputes, one non-completed outcome per mark; a voided mark (a no-show
    /// overturned on contest) is no outcome at all.
    static func marks(_ db: Database, community: CommunityID, since: Date?, only ids: [MemberID]? = nil) throws -> [TrustExchange] {
        let filter = only("m.member_id", ids)
        return try Row.fetchAll(
            db, sql: """
                SELECT m.member_id, m.exchange_id, m.kind, m.created_at, e.payer_id, e.provider_id, e.points, e.listing_id
                FROM member_exchange_marks m JOIN exchanges e ON e.community_id = m.community_id AND e.id = m.exchange_id
                WHERE m.community_id = ? AND m.created_at >= ? AND m.voided_at IS NULL\(filter.sql)
                ORDER BY m.created_at, m.exchange_id
                """,
            arguments: [community.rawValue, since ?? Date.distantPast] + filter.arguments
        ).map { row in
            let member = MemberID(trusted: row["member_id"])
            let kind: String = row["kind"]
            return TrustExchange(
                id: "\(row["exchange_id"] as String):\(kind)", payer: MemberID(trusted: row["payer_id"]),
                provider: MemberID(trusted: row["provider_id"]), points: row["points"], at: row["created_at"],
                listingID: ListingID(trusted: row["listing_id"]), outcome: kind == "no_show" ? .noShow(member) : .disputeLost(member))
        }
    }

    /// Standing `deduct_credit` case actions (not overturned on appeal) of the community, or only
    /// those against `members` when given; the credit score counts those within its window.
    static func creditDeductions(_ db: Database, community: CommunityID, only ids: [MemberID]? = nil) throws -> [MemberID: [Date]] {
        let filter = only("target_member_id", ids)
        return try Row.fetchAll(
            db, sql: """
                SELECT target_member_id, created_at FROM trust_case_actions
                WHERE community_id = ? AND kind = 'deduct_credit' AND overturned_at IS NULL\(filter.sql)
                """,
            arguments: [community.rawValue] + filter.arguments
        ).reduce(into: [:]) { found, row in found[MemberID(trusted: row["target_member_id"]), default: []].append(row["created_at"]) }
    }

    /// Reports of the community, or only those about `members` when given.
    static func reports(_ db: Database, community: CommunityID, members: [MemberID]? = nil) throws -> [TrustReport] {
        let filter = only("r.target_member_id", members)
        return try Row.fetchAll(
            db, sql: """
                SELECT r.id, r.reporter_id, r.target_type, r.target_id, r.target_member_id, r.created_at, c.outcome, r.case_id,
                    EXISTS (SELECT 1 FROM trust_case_actions a
                            WHERE a.community_id = c.community_id AND a.case_id = c.id AND a.overturned_at IS NULL) AS standing
                FROM trust_reports r JOIN trust_cases c ON c.community_id = r.community_id AND c.id = r.case_id
                WHERE r.community_id = ?\(filter.sql)
                ORDER BY r.created_at, r.id
                """,
            arguments: [community.rawValue] + filter.arguments
        ).map { row -> TrustReport in
            let targetID: String = row["target_id"]
            let targetType: String = row["target_type"]
            let target: TrustReportTarget = switch targetType {
            case "listing": .listing(ListingID(trusted: targetID))
            case "exchange": .exchange(targetID)
            default: .member(MemberID(trusted: targetID))
            }
            let outcome: String? = row["outcome"]
            let standing: Bool = row["standing"]
            return TrustReport(
                id: row["id"], reporter: MemberID(trusted: row["reporter_id"]), target: target,
                targetMember: MemberID(trusted: row["target_member_id"]), at: row["created_at"],
                upheld: outcome.map { $0 == "upheld" && standing }, caseID: row["case_id"])
        }
    }
}
