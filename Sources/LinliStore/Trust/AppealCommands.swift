import Foundation
import GRDB
import LinliDomain

/// Appeals: the member an action was taken against may appeal it once, within
/// `moderation.appeal_window_days`; a moderator other than the one who took it decides.
public enum AppealCommands {
    /// Files the one appeal of an action: the member it was taken against, or station staff
    /// writing it at the desk for a resident who cannot use the app, with `note` saying how she
    /// asked (helper 140 #7: the desk could not, so an elder suspended had no way to appeal).
    /// Filed for her, it is still hers: she is the appellant, told it was filed and what it says
    /// (`appeal_filed_for_you`), and told the outcome; while it waits, her own appeal replaces
    /// the desk's words (`appeal.rewritten`) instead of being refused as a second one.
    public static func file(
        _ tx: Transaction, principal: Principal, action id: CaseActionID, text: String, note: String? = nil, policies: TrustPolicies,
        actor: AuditActor
    ) throws -> Appeal {
        var check = FieldValidator()
        check.text(text, at: "/text", max: TrustLimits.reportText)
        check.text(note, at: "/note", required: false, min: 0, max: TrustLimits.reason)  // blank is absent: `deskFiler` names it
        try check.finish()
        let action = try fetchAction(tx.db, community: principal.communityID, id: id)
        let note = FieldValidator.nonBlank(note)
        let filedBy = try deskFiler(tx.db, principal: principal, for: action, note: note)
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard action.kind != .dismiss else { throw DomainError(code: "appeal.not_appealable", category: .conflict) }
        let window = policies.moderation.appealWindowDays
        let deadline = action.appealDeadline(windowDays: window)
        guard tx.now <= deadline else {
            throw DomainError(code: "appeal.window_closed", category: .conflict, parameters: ["days": String(window)], instants: ["appeal_until": deadline])
        }
        if let row = try Row.fetchOne(
            tx.db, sql: "SELECT * FROM trust_appeals WHERE community_id = ? AND action_id = ?",
            arguments: [principal.communityID.rawValue, id.rawValue])
        {
            var existing = try TrustCaseRows.appeal(row)
            guard filedBy == nil, existing.status == .pending, let desk = existing.filedBy else {
                throw DomainError(code: "appeal.already_filed", category: .conflict)
            }
            // Hers to word: the desk wrote it for her, and it is her one appeal.
            existing.text = text
            existing.filedBy = nil
            try tx.db.execute(
                sql: "UPDATE trust_appeals SET text = ?, filed_by = NULL WHERE community_id = ? AND id = ?",
                arguments: [text, principal.communityID.rawValue, existing.id.rawValue])
            try tx.audit(
                principal.communityID, actor: actor, action: "appeal.rewritten", targetType: "case_action", targetID: id.rawValue,
                before: ["filed_by": desk.rawValue], after: ["appeal_id": existing.id.rawValue, "case_id": action.caseID.rawValue])
            return existing
        }
        let appeal = Appeal(
            id: tx.ids.next(), actionID: id, appellantID: action.targetMemberID,
            text: text, status: .pending, decidedBy: nil, decisionReason: nil,
            decidedAt: nil, createdAt: tx.now, filedBy: filedBy)
        try tx.db.execute(
            sql: """
                INSERT INTO trust_appeals (id, community_id, action_id, appellant_id, text, status, created_at, filed_by)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                """,
            arguments: [appeal.id.rawValue, principal.communityID.rawValue, id.rawValue, action.targetMemberID.rawValue, appeal.text, tx.now,
                        filedBy?.rawValue])
        var recorded = ["status": "pending", "appeal_id": appeal.id.rawValue, "case_id": action.caseID.rawValue]
        if let filedBy { recorded["filed_by"] = filedBy.rawValue }
        try tx.audit(
            principal.communityID, actor: actor, action: "appeal.filed", targetType: "case_action",
            targetID: id.rawValue, reason: filedBy == nil ? nil : note, after: recorded)
        if let filedBy {
            var parameters = [
                "case_id": action.caseID.rawValue, "action": action.kind.rawValue, "action_id": id.rawValue, "text": appeal.text,
                "staff_name": try MemberCommands.fetch(tx.db, community: principal.communityID, id: filedBy).displayName,
            ]
            parameters["days"] = action.days.map(String.init)
            parameters["points"] = action.points.map(String.init)
            if let note { parameters["note"] = note }
            try MemberNotifications.notify(
                tx, community: principal.communityID, member: action.targetMemberID, kind: .appealFiledForYou,
                subject: "case:\(action.caseID)", parameters: parameters)
        }
        try tx.emit(
            principal.communityID, type: "appeal.filed", subject: "case:\(action.caseID)",
            payload: ["appeal_id": appeal.id.rawValue, "action_id": id.rawValue, "case_id": action.caseID.rawValue])
        // For the moderators' group: ids only (who appealed is the appeal's own business).
        try tx.emit(
            principal.communityID, type: "appeal.needs_moderator", subject: "case:\(action.caseID)",
            payload: ["appeal_id": appeal.id.rawValue, "case_id": action.caseID.rawValue])
        return appeal
    }

    /// Who files an appeal of `action` for its member, when `principal` is not that member, or
    /// nil when she files it herself (a `note` is then not hers to give: 422). The desk files for
    /// a resident only (403 `appeal.not_appellant` otherwise; a suspended staff member is 403
    /// `auth.member_inactive`), with a note (422 reason `appeal.note_required`), and not:
    /// - whoever decides appeals (`case.manage`, 403 `appeal.desk_decides`): they could not decide
    ///   the one they wrote, and in a community with one other moderator nobody could;
    /// - whoever reported the case or lives with a reporter (403 `appeal.desk_reported`): they would
    ///   spend her one appeal against their own report;
    /// - a staff member whose consent she withdrew (403 `appeal.consent_withdrawn`).
    static func deskFiler(_ db: Database, principal: Principal, for action: CaseAction, note: String?) throws -> MemberID? {
        guard action.targetMemberID != principal.memberID else {
            if note != nil { throw DomainError.validation([FieldIssue("/note", .notApplicable, ["reason": "appeal.note_only_for_desk"])]) }
            return nil
        }
        let member = try MemberCommands.fetch(db, community: principal.communityID, id: action.targetMemberID)
        guard principal.active else { throw DomainError.memberInactive }
        guard principal.can(.exchangeManageOthers), member.role == .resident else {
            throw DomainError(code: "appeal.not_appellant", category: .forbidden)
        }
        if principal.can(.caseManage) { throw DomainError(code: "appeal.desk_decides", category: .forbidden) }
        if try onReportersSide(db, caseID: action.caseID, principal) {
            throw DomainError(code: "appeal.desk_reported", category: .forbidden, parameters: ["case_id": action.caseID.rawValue])
        }
        try checkNotTurnedAway(db, principal: principal, member: member.id)
        guard note != nil else { throw DomainError.validation([FieldIssue("/note", .required, ["reason": "appeal.note_required"])]) }
        return principal.memberID
    }

    /// Whether `principal` is on the accuser's side of the case: their household reported it, or
    /// a resident they act for did (helper 159 #2). They do not write the accused's appeal, nor
    /// read what the case did to her (helper 176 #1: the reporter's household read the penalty
    /// and the moderator's words, where the reporter herself hears only "upheld").
    static func onReportersSide(_ db: Database, caseID: CaseID, _ principal: Principal) throws -> Bool {
        try CaseCommands.reportedFromHome(db, caseID: caseID, principal)
            || CaseCommands.reportedBySomeoneActedFor(db, caseID: caseID, principal)
    }

    /// Not staff she turned away (403 `appeal.consent_withdrawn`), unless she has trusted them
    /// again since (helper 157 #2: the agent who gave a consent up, or one she gave again after
    /// withdrawing, was refused). They neither write her appeal nor read her record for it.
    static func checkNotTurnedAway(_ db: Database, principal: Principal, member: MemberID) throws {
        if let withdrawn = try ProxyConsents.lastWithdrawal(db, community: principal.communityID, member: member, agent: principal.memberID),
           try !ProxyConsents.grantedSince(db, community: principal.communityID, member: member, agent: principal.memberID, since: withdrawn)
        {
            throw DomainError(code: "appeal.consent_withdrawn", category: .forbidden)
        }
    }

    /// Decides an appeal. Overturning stops the action's strike from counting, lifts a suspension
    /// or ban it imposed (only that one: see `restoreStatus`) and returns a compensation it ordered
    /// (a reversal of the compensation transfer, imposed on the member who received it, who is
    /// told), and brings back a listing it removed (`ListingCommands.reinstate`).
    ///
    /// Who may decide: a moderator other than the one who took the action, not its target, not
    /// whoever filed it for her, and not the member a compensation was paid to (`ledger.own_account`: they would be deciding
    /// whether they keep the points).
    public static func decide(
        _ tx: Transaction, principal: Principal, id: AppealID, overturn: Bool, reason: String, limits: LedgerLimits,
        listings: ListingServices, actor: AuditActor
    ) throws -> Appeal {
        try principal.require(.caseManage)
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: TrustLimits.reason)
        try check.finish()
        guard let row = try Row.fetchOne(
            tx.db, sql: "SELECT * FROM trust_appeals WHERE community_id = ? AND id = ?", arguments: [principal.communityID.rawValue, id.rawValue])
        else { throw DomainError.notFound("appeal", id: id.rawValue) }
        var appeal = try TrustCaseRows.appeal(row)
        guard appeal.status == .pending else { throw DomainError(code: "appeal.already_decided", category: .conflict) }
        let action = try fetchAction(tx.db, community: principal.communityID, id: appeal.actionID)
        guard action.takenBy != principal.memberID else { throw DomainError(code: "appeal.same_moderator", category: .forbidden) }
        // Whoever wrote it for her at the desk does not judge it either.
        guard appeal.filedBy != principal.memberID else { throw DomainError(code: "appeal.filed_by_you", category: .forbidden) }
        try ModerationConflict.check(tx.db, principal, about: [action.targetMemberID], decision: "appeal")
        let decided = try TrustCaseRows.fetchCase(tx.db, community: principal.communityID, id: action.caseID)
        try ModerationConflict.checkNotRegistrar(tx.db, principal, target: decided.targetType, id: decided.targetID, decision: "appeal")
        // Whoever reported the case (or lives with a reporter) does not judge the appeal either:
        // upholding keeps the reporters' reward, overturning takes it back.
        try CaseCommands.checkNotReporter(tx.db, caseID: action.caseID, principal)
        if action.kind == .compensate, let victim = action.victimID {
            try LedgerOwnAccountGuard.check(tx.db, principal, members: [victim], action: "appeal of a compensation")
            try ModerationConflict.checkNotAgent(tx.db, principal, of: [victim], decision: "appeal")
        }
        appeal.status = overturn ? .overturned : .upheld
        appeal.decidedBy = principal.memberID
        appeal.decisionReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        appeal.decidedAt = tx.now
        try tx.db.execute(
            sql: "UPDATE trust_appeals SET status = ?, decided_by = ?, decision_reason = ?, decided_at = ? WHERE community_id = ? AND id = ?",
            arguments: [appeal.status.rawValue, principal.memberID.rawValue, appeal.decisionReason, tx.now,
                        principal.communityID.rawValue, id.rawValue])
        if overturn {
            try tx.db.execute(
                sql: "UPDATE trust_case_actions SET overturned_at = ? WHERE community_id = ? AND id = ?",
                arguments: [tx.now, principal.communityID.rawValue, action.id.rawValue])
            switch action.kind {
            case .suspend, .ban:
                try restoreStatus(
                    tx, principal: principal, overturned: action, appeal: id, reason: appeal.decisionReason ?? "", actor: actor)
            case .compensate:
                try returnCompensation(tx, community: principal.communityID, action, appeal: appeal, limits: limits, actor: actor)
            case .removeListing:
                if let listing = try String.fetchOne(
                    tx.db, sql: "SELECT target_id FROM trust_cases WHERE community_id = ? AND id = ? AND target_type = 'listing'",
                    arguments: [principal.communityID.rawValue, action.caseID.rawValue])
                {
                    try ListingCommands.reinstate(
                        tx, community: principal.communityID, id: ListingID(trusted: listing), services: listings,
                        reason: appeal.decisionReason ?? "", actor: actor)
                }
            case .dismiss, .warn, .deductCredit:
                break
            }
        }
        try tx.audit(
            principal.communityID, actor: actor, action: "appeal.decided", targetType: "case_action", targetID: action.id.rawValue,
            reason: appeal.decisionReason, before: ["status": "pending"], after: ["status": appeal.status.rawValue, "appeal_id": id.rawValue])
        // After the decision's own entry: a status change an appeal wrote is followed at once by
        // `appeal.decided` (how `MemberStatusReplay` recognises entries written before causes).
        if overturn { try ReportRewards.withdrawIfNothingStands(tx, community: principal.communityID, case: action.caseID, actor: actor) }
        try tx.emit(
            principal.communityID, type: "appeal.decided", subject: "member:\(action.targetMemberID)",
            payload: ["appeal_id": id.rawValue, "action_id": action.id.rawValue, "status": appeal.status.rawValue])
        // The decider's reason goes with the outcome: the appellant reads no appeal herself.
        var told = ["appeal_id": id.rawValue, "action": action.kind.rawValue, "status": appeal.status.rawValue]
        if let reason = appeal.decisionReason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty { told["reason"] = reason }
        if overturn, action.kind == .suspend || action.kind == .ban {
            // Overturned, yet still restricted by another decision: said with it, or "撤销原处理"
            // reads as restored while she is still suspended (helper 137).
            let member = try MemberCommands.fetch(tx.db, community: principal.communityID, id: action.targetMemberID)
            if !member.isActive(at: tx.now) {
                told["still"] = member.status.rawValue
                if member.status == .suspended, let until = member.suspendedUntil {
                    told["still_until"] = EventLocalTime.text(
                        until, timeZoneID: try CommunityCommands.fetch(tx.db, id: principal.communityID).timezone)
                }
                if let reason = member.statusReason, !reason.isEmpty { told["still_reason"] = reason }
            }
        }
        try MemberNotifications.notify(
            tx, community: principal.communityID, member: appeal.appellantID, kind: .appealDecided, subject: "appeal:\(id)",
            parameters: told)
        return appeal
    }

    /// Lifts what an overturned suspension or ban imposed, and only that: the member's status
    /// becomes what it would be had the overturned action never been taken (`MemberStatusReplay`:
    /// the changes made by hand and the case actions still standing, in order). Another case's
    /// ban stays, an admin's own suspension stays, and a suspension an admin lifted by hand is
    /// not brought back.
    static func restoreStatus(
        _ tx: Transaction, principal: Principal, overturned action: CaseAction, appeal: AppealID, reason: String, actor: AuditActor
    ) throws {
        let member = try MemberCommands.fetch(tx.db, community: principal.communityID, id: action.targetMemberID)
        let (target, standingReason) = try MemberStatusReplay.standingWithReason(
            tx.db, community: principal.communityID, member: member.id, now: tx.now)
        let current = MemberStatusReplay.State(status: member.status, until: member.status == .suspended ? member.suspendedUntil : nil)
        guard !current.sameStanding(as: target, now: tx.now) else { return }
        // Back to active: the appeal's reason says why. Back to an earlier suspension or ban:
        // that decision's own reason, which the member reads as why she is still restricted.
        _ = try MemberCommands.changeStatus(
            tx, principal: principal, id: member.id,
            input: StatusChangeInput(status: target.status, reason: target.status == .active ? reason : standingReason ?? reason, until: target.until),
            expectedVersion: nil, actor: actor, cause: "appeal:\(appeal)")
    }

    /// Returns the points an overturned compensation moved: the reversal of the case's compensation
    /// transfer (or the one an admin already made), imposed on the member who received them (their
    /// credit limit is no reason to keep what an overturned decision gave them), who is told.
    static func returnCompensation(
        _ tx: Transaction, community: CommunityID, _ action: CaseAction, appeal: Appeal, limits: LedgerLimits, actor: AuditActor
    ) throws {
        guard let paid = try LedgerTransfers.fetch(tx.db, community: community, idempotencyKey: CaseCommands.compensationKey(action.caseID))
        else { return }
        // An admin who reversed it already told her then (`transfer_reversed`); a second notice
        // would read as a second return (helper 109).
        guard try LedgerTransfers.reversal(tx.db, community: community, of: paid.id) == nil else { return }
        _ = try LedgerCorrectionCommands.reverse(
            tx, community: community, principal: nil, transfer: paid.id, input: ReversalInput(reason: "申诉成立，退回案件补偿"),
            idempotencyKey: "appeal-\(appeal.id):compensation-reversal", actor: actor, limits: limits, tellMembers: false)
        if let victim = action.victimID {
            try MemberNotifications.notify(
                tx, community: community, member: victim, kind: .compensationReturned, subject: "case:\(action.caseID)",
                parameters: ["case_id": action.caseID.rawValue, "points": String(paid.amount)])
        }
    }

    static func fetchAction(_ db: Database, community: CommunityID, id: CaseActionID) throws -> CaseAction {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT * FROM trust_case_actions WHERE community_id = ? AND id = ?", arguments: [community.rawValue, id.rawValue])
        else { throw DomainError.notFound("case_action", id: id.rawValue) }
        return try TrustCaseRows.action(row)
    }
}
