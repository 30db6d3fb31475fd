import Foundation
import GRDB
import LinliDomain

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

    /// The member's open signals (how many, their combined score) and the part of that score no
    /// moderator has decided about them yet: what may still freeze their held points.
    static func current(_ db: Database, community: CommunityID, member: MemberID) throws -> (count: Int, score: Int, undecided: Int) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT COUNT(*), COALESCE(SUM(s.score), 0), COALESCE(SUM(CASE WHEN j.decided_by_case IS NULL THEN s.score END), 0)
                FROM fraud_signal_subjects j
                JOIN fraud_signals s ON s.id = j.signal_id
                WHERE j.community_id = ? AND j.member_id = ? AND s.status = 'open'
                """),
            arguments: [community.rawValue, member.rawValue])
        return (row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0)
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
    @discardableResult
    static func markDecided(_ tx: Transaction, community: CommunityID, member: MemberID, by decidingCase: CaseID) throws -> Int {
        try tx.db.execute(
            sql: """
                UPDATE fraud_signal_subjects SET decided_by_case = ?
                WHERE community_id = ? AND member_id = ? AND decided_by_case IS NULL
                    AND signal_id IN (SELECT id FROM fraud_signals WHERE community_id = ? AND status = 'open')
                """,
            arguments: [decidingCase.rawValue, community.rawValue, member.rawValue, community.rawValue])
        return tx.db.changesCount
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
