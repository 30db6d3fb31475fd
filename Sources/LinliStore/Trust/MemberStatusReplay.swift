import Foundation
import GRDB
import LinliDomain

/// A member's status as the decisions still standing make it: every status change made by hand
/// (an admin or moderator through `PUT /v1/members/{id}/status`, the command line) and every
/// suspension or ban of a case action that was not overturned, replayed in order, the last one
/// winning as it did when it was made — except that a case's suspension never replaced a ban nor
/// a longer suspension in force (`CaseCommands`), so it wins only over a lighter standing; a
/// suspension whose end has passed counts as active.
///
/// Why a replay: an overturned appeal must undo its own action and nothing else. Rebuilding the
/// status from case actions alone brought back a suspension an admin had lifted and dropped one
/// an admin had imposed; setting it to active lifted another case's ban.
///
/// Changes made by a case action or an appeal carry a `cause` in their audit entry and are not
/// replayed as changes by hand (the case action itself is, while it stands). Entries written
/// before causes were recorded are told apart by their instant: a case action's status change is
/// written in the same transaction as the action, at the same instant; an appeal's was followed
/// at once by the appeal's own `appeal.decided` entry.
enum MemberStatusReplay {
    struct State: Equatable {
        var status: MemberStatus
        var until: Date?

        static let active = State(status: .active, until: nil)

        /// The same standing at `now`: an ended suspension is active, and ends are compared to
        /// the second (the audit log keeps them to the second).
        func sameStanding(as other: State, now: Date) -> Bool {
            let a = effective(now), b = other.effective(now)
            guard a.status == b.status else { return false }
            switch (a.until, b.until) {
            case (nil, nil): return true
            case let (x?, y?): return abs(x.timeIntervalSince(y)) < 1
            default: return false
            }
        }

        /// Whether this standing at `now` is at least as heavy as `other`: a ban outweighs every
        /// suspension, a suspension without an end one with an end, a later end an earlier one,
        /// and anything outweighs being active.
        func outweighs(_ other: State, at now: Date) -> Bool {
            let a = effective(now), b = other.effective(now)
            switch (a.status, b.status) {
            case (_, .active), (.banned, _): return true
            case (.suspended, .suspended):
                guard let mine = a.until else { return true }
                guard let theirs = b.until else { return false }
                return mine >= theirs
            default: return false
            }
        }

        func effective(_ now: Date) -> State {
            if status == .suspended, let until, until <= now { return .active }
            return self
        }
    }

    static func standing(_ db: Database, community: CommunityID, member: MemberID, now: Date) throws -> State {
        try standingWithReason(db, community: community, member: member, now: now).state
    }

    /// The standing and the reason given for the decision that made it (the change by hand's, or
    /// the case's resolution): an overturned appeal that brings back an earlier suspension shows
    /// that suspension's own reason, not the appeal's "insufficient evidence" (helper 137). Nil
    /// when active.
    static func standingWithReason(
        _ db: Database, community: CommunityID, member: MemberID, now: Date
    ) throws -> (state: State, reason: String?) {
        let arguments: StatementArguments = [community.rawValue, member.rawValue]
        var events: [(at: Date, byCase: Bool, state: State, reason: String?)] = []
        var caseInstants: Set<Date> = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.kind, a.days, a.created_at, a.overturned_at, c.resolution_reason
                FROM trust_case_actions a LEFT JOIN trust_cases c ON c.id = a.case_id
                WHERE a.community_id = ? AND a.target_member_id = ? AND a.kind IN ('suspend', 'ban')
                """,
            arguments: arguments)
        {
            let at: Date = row["created_at"]
            caseInstants.insert(at)
            guard (row["overturned_at"] as Date?) == nil else { continue }
            let kind: String = row["kind"]
            let state = kind == CaseActionKind.ban.rawValue
                ? State(status: .banned, until: nil)
                : State(status: .suspended, until: at.addingTimeInterval(TimeInterval((row["days"] as Int?) ?? 1) * 86_400))
            events.append((at, true, state, row["resolution_reason"]))
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT id, created_at, after_json, reason FROM audit_entries
                WHERE community_id = ? AND target_type = 'member' AND target_id = ? AND action = 'member.status_changed' ORDER BY id
                """,
            arguments: arguments)
        {
            let at: Date = row["created_at"]
            guard !caseInstants.contains(at), let text: String = row["after_json"],
                let after = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], after["cause"] == nil,
                let raw = after["status"] as? String, let status = MemberStatus(rawValue: raw),
                try !writtenByAppeal(db, community: community, member: member, entry: row["id"], at: at)
            else { continue }
            let until = (after["suspended_until"] as? String).flatMap { try? Date($0, strategy: .iso8601) }
            events.append((at, false, State(status: status, until: status == .suspended ? until : nil), row["reason"]))
        }
        // In time order; at one instant the case action after the change by hand.
        events.sort { $0.at != $1.at ? $0.at < $1.at : (!$0.byCase && $1.byCase) }
        var state = State.active
        var reason: String?
        for event in events where !(event.byCase && event.state.status == .suspended && state.outweighs(event.state, at: event.at)) {
            state = event.state
            reason = event.reason
        }
        let effective = state.effective(now)
        return (effective, effective.status == .active ? nil : reason)
    }

    /// Whether a status change without a cause was an appeal's, written before causes were
    /// recorded: the appeal then audited its own decision next, in the same transaction (the same
    /// instant), about an action taken against this member. Another appeal decided next, about
    /// someone else or later, says nothing about this change.
    private static func writtenByAppeal(
        _ db: Database, community: CommunityID, member: MemberID, entry: String, at instant: Date
    ) throws -> Bool {
        guard let next = try Row.fetchOne(
            db, sql: "SELECT action, target_type, target_id, created_at FROM audit_entries WHERE community_id = ? AND id > ? ORDER BY id LIMIT 1",
            arguments: [community.rawValue, entry]),
            (next["action"] as String) == "appeal.decided", (next["target_type"] as String) == "case_action",
            (next["created_at"] as Date) == instant
        else { return false }
        return try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM trust_case_actions WHERE community_id = ? AND id = ? AND target_member_id = ?)",
            arguments: [community.rawValue, next["target_id"] as String, member.rawValue]) ?? false
    }
}
