import Foundation
import GRDB
import LinliDomain

/// The case that stands between fraud signals and a member's held points: signals alone never
/// take points from anyone, they only stop them moving until a moderator has looked.
///
/// A member with an open case of their own (from neighbours' reports) gets that case marked as
/// holding points frozen; otherwise a case is opened by the signals. Either way the moderators'
/// group hears `case.needs_moderator`, and resolving the case lifts the freeze. What reaches the
/// threshold is the score of the signals no moderator has decided about the member yet
/// (`SignalPressure`).
enum SignalCases {
    static func holdFrozen(
        _ tx: Transaction, community: CommunityID, member: MemberID, pressure: (count: Int, score: Int, undecided: Int, undecidedCount: Int)
    ) throws -> ModerationCase {
        if let row = try Row.fetchOne(
            tx.db, sql: """
                SELECT * FROM trust_cases WHERE community_id = ? AND target_type = 'member' AND target_id = ? AND status = 'open'
                """,
            arguments: [community.rawValue, member.rawValue])
        {
            var existing = try TrustCaseRows.moderationCase(row)
            guard !existing.holdsFrozen else { return existing }
            try tx.db.execute(
                sql: "UPDATE trust_cases SET holds_frozen = 1, updated_at = ?, version = version + 1 WHERE community_id = ? AND id = ?",
                arguments: [tx.now, community.rawValue, existing.id.rawValue])
            try tx.audit(
                community, actor: .system, action: "case.holds_frozen", targetType: "case", targetID: existing.id.rawValue,
                after: [
                "member_id": member.rawValue, "signal_score": String(pressure.score), "signals": String(pressure.count),
                "undecided_score": String(pressure.undecided),
            ])
            existing.holdsFrozen = true
            existing.version += 1
            return existing
        }
        let id: CaseID = tx.ids.next()
        try tx.db.execute(
            sql: """
                INSERT INTO trust_cases (id, community_id, target_type, target_id, target_member_id, status, created_at, updated_at,
                    priority, opened_by, holds_frozen)
                VALUES (?, ?, 'member', ?, ?, 'open', ?, ?, ?, 'signal', 1)
                """,
            arguments: [id.rawValue, community.rawValue, member.rawValue, member.rawValue, tx.now, tx.now, pressure.score])
        try tx.audit(
            community, actor: .system, action: "case.opened_by_signals", targetType: "case", targetID: id.rawValue,
            after: [
                "member_id": member.rawValue, "signal_score": String(pressure.score), "signals": String(pressure.count),
                "undecided_score": String(pressure.undecided),
            ])
        try tx.emit(
            community, type: "case.needs_moderator", subject: "case:\(id)",
            payload: [
                "case_id": id.rawValue, "reason": "fraud_signals", "reason_name_zh": "风险信号", "reason_name_en": "fraud signals",
                "target_type": "member", "target_id": member.rawValue,
            ])
        return try TrustCaseRows.fetchCase(tx.db, community: community, id: id)
    }

    /// The open case, if any, that freezes the points of exchanges involving either member (new
    /// exchanges of a member under such a case are frozen as they are accepted).
    static func freezing(_ db: Database, community: CommunityID, members: [MemberID]) throws -> CaseID? {
        try String.fetchOne(
            db.cachedStatement(sql: """
                SELECT id FROM trust_cases
                WHERE community_id = ? AND target_member_id IN (?, ?) AND status = 'open' AND holds_frozen = 1
                ORDER BY id LIMIT 1
                """),
            arguments: [community.rawValue, members.first?.rawValue, members.last?.rawValue]
        ).map(CaseID.init(trusted:))
    }
}
