import Foundation
import GRDB
import LinliDomain
import LinliTrust

/// What open fraud signals do to the rest of the service: they raise the priority of the cases
/// about a member and of the member's listings waiting for review, and once their combined score
/// reaches the rule file's `fraud.freeze_holds_at_score` they open (or mark) a case that freezes
/// the points held in the member's open exchanges until a moderator resolves it.
///
/// A member's pressure is the sum of the scores of the open (not dismissed) signals naming them.
/// It is recomputed from the stored signals whenever signals are recorded or dismissed, so the
/// priorities never drift from what a moderator sees in `GET /v1/fraud-signals`.
public enum SignalPressure {
    /// The member's open signals: how many, and their combined score.
    public static func open(_ db: Database, community: CommunityID, member: MemberID) throws -> (count: Int, score: Int) {
        let pressure = try current(db, community: community, member: member)
        return (pressure.count, pressure.score)
    }

    /// The member's open signals no moderator has decided about them yet (`markDecided`): how
    /// many, and their combined score. What holds her listings for review: a signal a resolved
    /// case decided had held every listing she posted ever after (helper 161 #3).
    static func undecided(_ db: Database, community: CommunityID, member: MemberID) throws -> (count: Int, score: Int) {
        let pressure = try current(db, community: community, member: member)
        return (pressure.undecidedCount, pressure.undecided)
    }

    /// The member's open signals (how many, their combined score) and the part of that score no
    /// moderator has decided about them yet: what may still freeze their held points.
    static func current(
        _ db: Database, community: CommunityID, member: MemberID
    ) throws -> (count: Int, score: Int, undecided: Int, undecidedCount: Int) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*), COALESCE(SUM(s.score), 0), COALESCE(SUM(CASE WHEN j.decided_by_case IS NULL THEN s.score END), 0),
                    COUNT(CASE WHEN j.decided_by_case IS NULL THEN 1 END)
                FROM fraud_signal_subjects j
                JOIN fraud_signals s ON s.id = j.signal_id
                WHERE j.community_id = ? AND j.member_id = ? AND s.status = 'open'
                """),
            arguments: [community.rawValue, member.rawValue])
        return (row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0, row?[3] ?? 0)
    }

    /// Applies the members' current pressure: case and review priorities, and — when the score of
    /// a member's signals no moderator has decided about them yet reaches `freezeAtScore` (the
    /// rule file's `fraud.freeze_holds_at_score`; nil or ≤ 0: never) — a case that freezes their
    /// held points. Callers pass nil after a dismissal or a resolution: lowering the pressure
    /// never freezes anything.
    ///
    /// Signals a resolved freezing case decided about the member (`markDecided`) still rank their
    /// cases and reviews, but no longer count toward the freeze: a moderator has looked at that
    /// evidence, and a small new signal must not freeze again, on top of it, the exchanges the
    /// decision just released.
    ///
    /// Returns the cases that now hold points frozen because of this call.
    @discardableResult
    public static func refresh(
        _ tx: Transaction, community: CommunityID, members: Set<MemberID>, freezeAtScore: Int?
    ) throws -> [ModerationCase] {
        var freezing: [ModerationCase] = []
        for member in members.sorted(by: { $0.rawValue < $1.rawValue }) {
            let pressure = try current(tx.db, community: community, member: member)
            try tx.db.execute(
                sql: "UPDATE trust_cases SET priority = ? WHERE community_id = ? AND target_member_id = ? AND status = 'open'",
                arguments: [pressure.score, community.rawValue, member.rawValue])
            try raiseReviews(tx.db, community: community, owner: member, score: pressure.score)
            guard let freezeAtScore, freezeAtScore > 0, pressure.undecided >= freezeAtScore else { continue }
            let held = try SignalCases.holdFrozen(tx, community: community, member: member, pressure: pressure)
            try ExchangeFreezes.freezeOpenExchanges(tx, community: community, member: member, by: held)
            freezing.append(held)
        }
        return freezing
    }

    /// Records that the resolution of `decidingCase` (a case that held the member's points
    /// frozen) decided the member's open signals: they stop counting toward the freeze threshold
    /// for this member (other members a signal names are not decided by it). Returns how many.
    ///
    /// Signals that also name the deciding moderator, a housemate of theirs or a resident they act
    /// or acted for are left undecided, as `FraudSignalCommands.dismissAll` leaves them open: a
    /// moderator does not take the weight out of evidence they have a stake in (session 27
    /// review; helper 152 #2c). Nor signals recorded, or grown with evidence, after the moderator
    /// claimed the case (`seenWhenClaimed`).
    @discardableResult
    static func markDecided(
        _ tx: Transaction, community: CommunityID, member: MemberID, by decidingCase: CaseID, moderator: MemberID
    ) throws -> Int {
        let seen = try seenWhenClaimed(tx.db, community: community, case: decidingCase)
        try tx.db.execute(
            sql: """
                UPDATE fraud_signal_subjects SET decided_by_case = ?
                WHERE community_id = ? AND member_id = ? AND decided_by_case IS NULL
                    AND signal_id IN (SELECT id FROM fraud_signals WHERE community_id = ? AND status = 'open'\(seen.sql)
                                      AND NOT \(ModerationConflict.evidenceNamesStakeSQL("fraud_signals.signal_json")))
                    AND NOT EXISTS (
                        SELECT 1 FROM fraud_signal_subjects m
                        WHERE m.community_id = fraud_signal_subjects.community_id AND m.signal_id = fraud_signal_subjects.signal_id
                            AND m.member_id IN (\(ModerationConflict.stakeSQL)))
                """,
            arguments: [decidingCase.rawValue, community.rawValue, member.rawValue, community.rawValue]
                + seen.arguments + ModerationConflict.stakeArguments(community, moderator) + ModerationConflict.stakeArguments(community, moderator))
        return tx.db.changesCount
    }

    /// A condition on `fraud_signals` (appended after its other conditions) keeping the signals
    /// that were in front of the moderator of `decidingCase` when they claimed it: recorded, and
    /// last grown, by `trust_cases.claimed_at`. A signal recorded or grown later was not seen, so
    /// the decision does not settle it (session 27 note; helper 152 #1: a ring recorded five
    /// minutes after the claim was dismissed, and remembered as dismissed, with the case).
    /// `alias`: the name `fraud_signals` goes by in the caller's query, if not its own.
    static func seenWhenClaimed(
        _ db: Database, community: CommunityID, case decidingCase: CaseID, alias: String = "fraud_signals"
    ) throws -> (sql: String, arguments: StatementArguments) {
        let claimedAt = try Date.fetchOne(
            db, sql: "SELECT claimed_at FROM trust_cases WHERE community_id = ? AND id = ?",
            arguments: [community.rawValue, decidingCase.rawValue])
        guard let claimedAt else { return ("", []) }
        return (" AND \(alias).created_at <= ? AND \(alias).occurred_at <= ?", [claimedAt, claimedAt])
    }

    /// A decided signal whose pattern went on counts again for a member when the evidence just
    /// added to it happened after the case that decided it about them was resolved: an exchange
    /// accepted since (a transfer without an exchange: made since), a listing posted, a report
    /// filed or a rating given since. Evidence older than the decision does not: the exchanges a
    /// freeze held settle only once the decision released them, and counting their settlement
    /// as the pattern going on froze again what the decision had just released (session 27
    /// review). Returns whether any member's mark was cleared.
    static func reopenDecided(
        _ tx: Transaction, community: CommunityID, signal: String, added: SignalEvidence, known: SignalEvidence
    ) throws -> Bool {
        func new<T: Hashable>(_ items: [T], _ old: [T]) -> [T] { Array(Set(items).subtracting(old)) }
        let exchanges = new(added.exchanges, known.exchanges)
        let listings = new(added.listings.map(\.rawValue), known.listings.map(\.rawValue))
        let reports = new(added.reports, known.reports), ratings = new(added.ratings, known.ratings)
        guard !(exchanges.isEmpty && listings.isEmpty && reports.isEmpty && ratings.isEmpty) else { return false }
        // Numbered placeholders throughout: a plain `?` after `?2` would take number 2 again.
        var arguments: StatementArguments = [community.rawValue, signal]
        var next = 3
        func list(_ items: [String]) -> String {
            guard !items.isEmpty else { return "NULL" }
            arguments += StatementArguments(items)
            defer { next += items.count }
            return (next..<(next + items.count)).map { "?\($0)" }.joined(separator: ", ")
        }
        let (exchangeList, listingList, reportList, ratingList) = (list(exchanges), list(listings), list(reports), list(ratings))
        // The members whose decision the new evidence outdates, each with the case that decided.
        let reopened = try Row.fetchAll(
            tx.db,
            sql: """
                WITH newest(at) AS (
                    SELECT MAX(at) FROM (
                        SELECT COALESCE(e.accepted_at, t.created_at) AS at FROM ledger_transfers t
                        LEFT JOIN ledger_holds h ON h.id = t.hold_id
                        LEFT JOIN exchanges e ON e.community_id = t.community_id
                            AND 'exchange:' || e.id = COALESCE(t.reference, h.reference)
                        WHERE t.community_id = ?1 AND t.id IN (\(exchangeList))
                        UNION ALL SELECT created_at FROM listings WHERE community_id = ?1 AND id IN (\(listingList))
                        UNION ALL SELECT created_at FROM trust_reports WHERE community_id = ?1 AND id IN (\(reportList))
                        UNION ALL SELECT created_at FROM exchange_ratings WHERE community_id = ?1 AND id IN (\(ratingList))))
                SELECT j.member_id, j.decided_by_case FROM fraud_signal_subjects j
                JOIN trust_cases c ON c.community_id = j.community_id AND c.id = j.decided_by_case
                WHERE j.community_id = ?1 AND j.signal_id = ?2 AND c.resolved_at < (SELECT at FROM newest)
                ORDER BY j.member_id
                """,
            arguments: arguments)
        for row in reopened {
            let member: String = row[0], decidedBy: String = row[1]
            try tx.db.execute(
                sql: "UPDATE fraud_signal_subjects SET decided_by_case = NULL WHERE community_id = ? AND signal_id = ? AND member_id = ?",
                arguments: [community.rawValue, signal, member])
            // The service's doing, as the mark was the case's: the member's freeze may follow from it.
            try tx.audit(
                community, actor: .system, action: "fraud_signal.decision_reopened", targetType: "fraud_signal", targetID: signal,
                before: ["decided_by_case": decidedBy], after: ["member_id": member, "decided_by_case": nil])
        }
        return !reopened.isEmpty
    }

    /// Pending reviews of the owner's listings: priority = pre-screen priority + current score.
    static func raiseReviews(_ db: Database, community: CommunityID, owner: MemberID, score: Int) throws {
        let pending = try Row.fetchAll(
            db, sql: """
                SELECT r.id, r.prescreen_priority, r.priority FROM reviews r JOIN listings l ON l.id = r.listing_id
                WHERE l.community_id = ? AND l.owner_id = ? AND r.status = 'pending'
                """,
            arguments: [community.rawValue, owner.rawValue])
        for row in pending {
            let id = ReviewID(trusted: row["id"])
            let priority = (row["prescreen_priority"] as Int) + score
            guard priority != row["priority"] as Int else { continue }
            try db.execute(
                sql: "UPDATE reviews SET priority = ?, queue_key = ? WHERE community_id = ? AND id = ?",
                arguments: [priority, ReviewItem.queueKey(priority: priority, id: id), community.rawValue, id.rawValue])
        }
    }
}
