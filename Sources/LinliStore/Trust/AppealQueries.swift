import Foundation
import GRDB
import LinliDomain

/// One appeal in the moderators' queue, with what it appeals: the case and the kind of action.
public struct AppealQueueItem: Sendable, Equatable {
    public let appeal: Appeal
    public let caseID: CaseID
    public let actionKind: CaseActionKind
}

/// An action a member may still appeal, as she (or the desk writing it for her) needs it: what
/// was done, why, and until when. Who took it is left out, as on her notice.
public struct AppealableAction: Sendable, Equatable {
    public let action: CaseAction
    public let reason: String?
    public let appealUntil: Date
}

/// The appeals waiting for a moderator. Filing an appeal only reached the outbox (and the case's
/// chat group, if any), so a moderator could decide one only when the appellant passed its id
/// on; a suspended member's appeal could wait for ever. Oldest first: the queue is worked in
/// the order members asked.
public enum AppealQueries {
    /// Appeals in `status` (pending by default), oldest first, paged by id. A moderator does not
    /// see appeals of their own actions' targets when that is themselves, a housemate or a resident
    /// they act or acted for, nor appeals of actions they took themselves or filed for a resident, of cases they or a
    /// housemate reported (or filed for a resident), or of a compensation paid to their household
    /// (they may not decide those: `moderation.own_household`, `case.own`,
    /// `moderation.acts_for_member`, `appeal.same_moderator`, `appeal.filed_by_you`, `case.own_report`, `ledger.own_account`,
    /// helper 137, helper 139), so the queue is what they can act on.
    public static func list(_ db: Database, principal: Principal, status: Appeal.Status, page: PageRequest) throws -> Page<AppealQueueItem> {
        try principal.require(.caseManage)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.*, c.case_id AS queue_case_id, c.kind AS queue_action_kind FROM trust_appeals a
                JOIN trust_case_actions c ON c.community_id = a.community_id AND c.id = a.action_id
                WHERE a.community_id = ? AND a.status = ? AND a.id > ?
                  AND a.appellant_id NOT IN (\(ModerationConflict.selfAndHousematesSQL))
                  AND a.appellant_id NOT IN (\(ModerationConflict.actedForSQL))
                  AND c.taken_by <> ? AND (a.filed_by IS NULL OR a.filed_by <> ?)
                  AND NOT EXISTS (SELECT 1 FROM trust_reports r WHERE r.community_id = c.community_id AND r.case_id = c.case_id
                      AND (r.reporter_id IN (\(ModerationConflict.selfAndHousematesSQL)) OR r.filed_by = ?))
                  AND (c.victim_id IS NULL OR c.victim_id NOT IN (\(ModerationConflict.selfAndHousematesSQL)))
                ORDER BY a.id LIMIT ?
                """,
            arguments: [principal.communityID.rawValue, status.rawValue, page.after ?? ""]
                + ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID)
                + ModerationConflict.actedForArguments(principal.communityID, principal.memberID)
                + [principal.memberID.rawValue, principal.memberID.rawValue]
                + ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID) + [principal.memberID.rawValue]
                + ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID) + [page.limit + 1])
        let items = try rows.map { row in
            guard let kind = CaseActionKind(rawValue: row["queue_action_kind"]) else {
                throw StoreError.corruptRow(table: "trust_case_actions", id: row["action_id"], reason: "unknown kind")
            }
            return AppealQueueItem(appeal: try TrustCaseRows.appeal(row), caseID: CaseID(trusted: row["queue_case_id"]), actionKind: kind)
        }
        return Page.fromOverfetch(items, limit: page.limit) { $0.appeal.id.rawValue }
    }

    /// The actions taken against `member` she may still appeal: not a dismissal, not overturned,
    /// within `windowDays`, not appealed yet; oldest first. Hers to read, and the desk's (whoever
    /// may file an appeal for her, `AppealCommands.file`): an elder without the app has only her
    /// notice's action id, which she cannot read out (helper 140 #7). Moderators read the full
    /// history elsewhere. The desk reads only what it may file: not staff she turned away (403
    /// `appeal.consent_withdrawn`), and not the actions of a case their household, or a resident
    /// they act for, reported (left out; helper 176 #1).
    public static func appealable(
        _ db: Database, principal: Principal, member id: MemberID, windowDays: Int, now: Date
    ) throws -> [AppealableAction] {
        let member = try MemberCommands.fetch(db, community: principal.communityID, id: id)
        if id != principal.memberID, !principal.active { throw DomainError.memberInactive }
        guard id == principal.memberID || (principal.can(.exchangeManageOthers) && member.role == .resident) else {
            throw DomainError(code: "appeal.not_appellant", category: .forbidden)
        }
        let desk = id != principal.memberID
        if desk { try AppealCommands.checkNotTurnedAway(db, principal: principal, member: id) }
        let window = TimeInterval(windowDays) * 86_400
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.*, c.resolution_reason AS appealable_reason FROM trust_case_actions a
                JOIN trust_cases c ON c.community_id = a.community_id AND c.id = a.case_id
                WHERE a.community_id = ? AND a.target_member_id = ? AND a.kind <> 'dismiss' AND a.overturned_at IS NULL
                  AND (a.created_at >= ? OR a.appeal_until >= ?)
                  AND NOT EXISTS (SELECT 1 FROM trust_appeals p WHERE p.community_id = a.community_id AND p.action_id = a.id)
                ORDER BY a.created_at, a.id
                """,
            arguments: [principal.communityID.rawValue, id.rawValue, now.addingTimeInterval(-window), now])
        return try rows.compactMap { row in
            let action = try TrustCaseRows.action(row)
            if desk, try AppealCommands.onReportersSide(db, caseID: action.caseID, principal) { return nil }
            let reason: String? = row["appealable_reason"]
            return AppealableAction(
                action: action, reason: reason.flatMap { $0.isEmpty ? nil : $0 }, appealUntil: action.appealDeadline(windowDays: windowDays))
        }
    }

    /// `appealable`, with the desk's read of someone else's recorded in the audit log
    /// (`appeal.actions_read`, on the member), as staff reads of her points are: what moderation
    /// did to her is hers, and the desk reads it for her, not at will (helper 141).
    public static func readAppealable(
        _ tx: Transaction, principal: Principal, member id: MemberID, windowDays: Int, actor: AuditActor
    ) throws -> [AppealableAction] {
        let actions = try appealable(tx.db, principal: principal, member: id, windowDays: windowDays, now: tx.now)
        if id != principal.memberID {
            try tx.audit(principal.communityID, actor: actor, action: "appeal.actions_read", targetType: "member", targetID: id.rawValue)
        }
        return actions
    }
}
