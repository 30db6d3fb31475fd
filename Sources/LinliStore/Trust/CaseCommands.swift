import Foundation
import GRDB
import LinliDomain
import LinliRules

/// What moderators do with a case: claim it (a lease, like review claims), add private notes,
/// and resolve it with one or more actions (including compensation of the victim from the
/// offender's points, through the ledger's compensation transfer). Each step is audited; resolutions are announced on
/// the outbox, and the reporters of an upheld case are rewarded once (privately: never on the outbox).
public enum CaseCommands {
    /// Claims a case for `leaseSeconds` (re-claiming one's own extends the lease).
    public static func claim(
        _ tx: Transaction, principal: Principal, id: CaseID, leaseSeconds: Int, expectedVersion: Int? = nil, actor: AuditActor
    ) throws -> ModerationCase {
        try principal.require(.caseManage)
        var value = try TrustCaseRows.fetchCase(tx.db, community: principal.communityID, id: id)
        try checkWorkable(tx.db, value, principal)
        try MemberCommands.checkVersion(value.version, expectedVersion)
        try checkNotClaimedByOther(tx, value, principal)
        value.claimedBy = principal.memberID
        value.claimExpiresAt = tx.now.addingTimeInterval(TimeInterval(leaseSeconds))
        let saved = try TrustCaseRows.save(tx, value)
        // What the moderator looks at from now (`SignalPressure.markDecided`).
        try tx.db.execute(
            sql: "UPDATE trust_cases SET claimed_at = ? WHERE community_id = ? AND id = ?",
            arguments: [tx.now, principal.communityID.rawValue, id.rawValue])
        try tx.audit(
            principal.communityID, actor: actor, action: "case.claimed", targetType: "case", targetID: id.rawValue,
            after: ["claim_expires_at": AuditTimestamp.iso(saved.claimExpiresAt)])
        return saved
    }

    /// Adds a private note (moderators only ever see notes).
    public static func addNote(
        _ tx: Transaction, principal: Principal, id: CaseID, text: String, actor: AuditActor
    ) throws -> CaseNoteID {
        try principal.require(.caseManage)
        var check = FieldValidator()
        check.text(text, at: "/text", max: TrustLimits.noteText)
        try check.finish()
        let value = try TrustCaseRows.fetchCase(tx.db, community: principal.communityID, id: id)
        try ModerationConflict.check(tx.db, principal, about: [value.targetMemberID], decision: "case")
        let note: CaseNoteID = tx.ids.next()
        try tx.db.execute(
            sql: "INSERT INTO trust_case_notes (id, community_id, case_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [note.rawValue, principal.communityID.rawValue, id.rawValue, principal.memberID.rawValue,
                        text.trimmingCharacters(in: .whitespacesAndNewlines), tx.now])
        // A note is evidence too: the case's ETag moves on (helper 128), unless the moderator
        // holding the claim wrote it, who has read it (helper 130: claim, note, resolve with the
        // claim's ETag was refused as stale).
        if value.activeClaimant(at: tx.now) != principal.memberID { try TrustCaseRows.touch(tx, community: principal.communityID, id: id) }
        try tx.audit(
            principal.communityID, actor: actor, action: "case.note_added", targetType: "case", targetID: id.rawValue,
            after: ["note_id": note.rawValue])
        return note
    }

    /// Resolves a claimed case with its actions, applying each one (listing removal, suspension,
    /// ban through the existing member and listing use cases), and queues a reward for the
    /// reporters of an upheld case (`ledger.upheld_report_reward`): one `report_rewards` row per
    /// case and reporter, paid by the system at the start of the next local day (`ReportRewards`).
    /// Reporters of the deciding moderator's household or of the target's are not rewarded
    /// (`ReportRewards.queue`).
    public static func resolve(
        _ tx: Transaction, principal: Principal, id: CaseID, input: CaseResolutionInput, policies: TrustPolicies,
        services: ListingServices, limits: LedgerLimits, expectedVersion: Int? = nil, actor: AuditActor
    ) throws -> (moderationCase: ModerationCase, actions: [CaseAction]) {
        try principal.require(.caseManage)
        let maxDays = principal.role == .admin ? 3650 : policies.moderation.maxSuspensionDays
        try input.validate(maxSuspensionDays: maxDays)
        // A ban has no end: beyond the rule file's bound on a moderator's suspension, as by hand.
        if principal.role != .admin, input.actions.contains(where: { $0.kind == .ban }) {
            throw DomainError(code: "member.ban_needs_admin", category: .forbidden, parameters: ["days": String(maxDays)])
        }
        // Nor does one moderator move more points than a member may owe (the rule file's credit
        // limit): a compensation takes them from the target below any limit, to a reporter or a
        // past counterparty, and a larger one is an admin's (helper 108: 10,000 points by one
        // moderator left the target at -9,946).
        if principal.role != .admin,
           let index = input.actions.firstIndex(where: { $0.kind == .compensate && ($0.points ?? 0) > limits.creditLimit })
        {
            throw DomainError(
                code: "case.compensation_needs_admin", category: .forbidden,
                parameters: ["max": String(limits.creditLimit), "points": String(input.actions[index].points ?? 0)])
        }
        var value = try TrustCaseRows.fetchCase(tx.db, community: principal.communityID, id: id)
        try checkWorkable(tx.db, value, principal)
        if principal.role != .admin { try checkCompensationHeadroom(tx.db, value, input, limits: limits) }
        // Someone else's live claim is named, with its end, as when claiming (helper 118: "needs a
        // live claim of your own" left the moderator to guess who had it).
        try checkNotClaimedByOther(tx, value, principal)
        guard value.activeClaimant(at: tx.now) == principal.memberID else {
            throw DomainError(code: "case.not_claimed", category: .conflict)
        }
        try MemberCommands.checkVersion(value.version, expectedVersion)
        if input.actions.contains(where: { $0.kind == .removeListing }), value.targetType != .listing {
            throw DomainError.validation([FieldIssue("/actions", .notApplicable, ["reason": "case.remove_listing_not_listing"])])
        }
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var actions: [CaseAction] = []
        for (index, requested) in input.actions.enumerated() {
            try apply(requested, at: index, to: value, reason: reason, tx, principal: principal, services: services, limits: limits, actor: actor)
            let action = CaseAction(
                id: tx.ids.next(), caseID: id, kind: requested.kind, targetMemberID: value.targetMemberID, days: requested.days,
                points: requested.points, victimID: requested.victimID, strike: requested.kind.isStrike,
                takenBy: principal.memberID, createdAt: tx.now, overturnedAt: nil,
                appealUntil: requested.kind == .dismiss ? nil : tx.now.addingTimeInterval(TimeInterval(policies.moderation.appealWindowDays) * 86_400))
            try tx.db.execute(
                sql: """
                    INSERT INTO trust_case_actions (id, community_id, case_id, kind, target_member_id, days, points, victim_id, strike,
                        taken_by, created_at, appeal_until)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [action.id.rawValue, principal.communityID.rawValue, id.rawValue, action.kind.rawValue,
                            action.targetMemberID.rawValue, action.days, action.points, action.victimID?.rawValue, action.strike,
                            action.takenBy.rawValue, tx.now, action.appealUntil])
            actions.append(action)
        }
        value.status = .resolved
        value.outcome = input.upheld ? .upheld : .dismissed
        value.resolutionReason = reason
        value.resolvedBy = principal.memberID
        value.resolvedAt = tx.now
        value.claimedBy = nil
        value.claimExpiresAt = nil
        let saved = try TrustCaseRows.save(tx, value)
        var after: [String: String?] = [
            "status": "resolved", "outcome": saved.outcome?.rawValue, "actions": actions.map(\.kind.rawValue).joined(separator: ","),
        ]
        let proposedAtStrikes = try suspensionProposal(tx, saved, actions: actions, policy: policies.moderation)
        if let strikes = proposedAtStrikes {
            after["suspension_proposed"] = "true"
            after["strikes_in_window"] = String(strikes)
        }
        if saved.holdsFrozen {
            // Whatever the outcome, the evidence that froze the member's points has been looked at:
            // it no longer counts toward freezing them again (new evidence does).
            let decided = try SignalPressure.markDecided(
                tx, community: principal.communityID, member: saved.targetMemberID, by: saved.id, moderator: principal.memberID)
            if decided > 0 { after["signals_decided"] = String(decided) }
        }
        try tx.audit(
            principal.communityID, actor: actor, action: "case.resolved", targetType: "case", targetID: id.rawValue, reason: reason,
            before: ["status": "open"], after: after)
        try tx.emit(principal.communityID, type: "case.resolved", subject: "member:\(saved.targetMemberID)", payload: CaseEventPayload(saved))
        var cleared: Set<MemberID> = []
        if saved.holdsFrozen {
            // The moderator has decided: held points move again. Cleared signals are dismissed with
            // the decision, so the same evidence does not fire again; upheld ones stay open (they
            // rank the member's cases and reviews) but were marked decided above.
            if saved.outcome == .dismissed {
                cleared = try FraudSignalCommands.dismissAll(
                    tx, community: principal.communityID, member: saved.targetMemberID, by: principal.memberID, deciding: saved.id,
                    reason: "case \(saved.id) dismissed: \(reason)", actor: actor)
            }
            try ExchangeFreezes.lift(
                tx, community: principal.communityID, case: saved.id, by: principal.memberID, services: ExchangeServices(listings: services),
                actor: actor)
        }
        try SignalPressure.refresh(
            tx, community: principal.communityID, members: cleared.union([saved.targetMemberID]), freezeAtScore: nil)
        // Queued, not paid here: paid now by the deciding moderator, the reward would point from
        // the resolution to the reporter (`ReportRewards`).
        let rewarded = input.upheld
            ? try ReportRewards.queue(tx, case: saved, points: policies.upheldReportReward, decidedBy: actor.memberID) : []
        try notifyPeopleInvolved(
            tx, saved, actions: actions, reward: policies.upheldReportReward, rewarded: Set(rewarded),
            appealWindowDays: policies.moderation.appealWindowDays)
        if let strikes = proposedAtStrikes { try notifyWhoMayDecideSuspension(tx, saved, strikes: strikes) }
        return (saved, actions)
    }

    /// Reports, cases, actions (strikes), stored signals and recent exchanges of one member: what a
    /// moderator sees before deciding. Not their own (`case.own`): it names who reported them; nor
    /// a housemate's (`moderation.own_household`), for the same reason.
    public static func history(_ db: Database, principal: Principal, member: MemberID) throws -> TargetHistory {
        try principal.require(.caseManage)
        try ModerationConflict.check(db, principal, about: [member], decision: "trust history")
        _ = try MemberCommands.fetch(db, community: principal.communityID, id: member)
        let arguments: StatementArguments = [principal.communityID.rawValue, member.rawValue]
        return TargetHistory(
            member: member,
            reports: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_reports WHERE community_id = ? AND target_member_id = ? ORDER BY id", arguments: arguments
            ).map(TrustCaseRows.report),
            cases: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_cases WHERE community_id = ? AND target_member_id = ? ORDER BY id", arguments: arguments
            ).map(TrustCaseRows.moderationCase),
            actions: try Row.fetchAll(
                db, sql: "SELECT * FROM trust_case_actions WHERE community_id = ? AND target_member_id = ? ORDER BY id",
                arguments: arguments
            ).map(TrustCaseRows.action),
            signals: try FraudSignalCommands.about(db, community: principal.communityID, member: member, reader: principal),
            exchanges: try Exchange.fetchAll(
                db.cachedStatement(sql: """
                    SELECT * FROM exchanges WHERE community_id = ? AND requester_id = ?
                    UNION SELECT * FROM exchanges WHERE community_id = ? AND owner_id = ?
                    ORDER BY id DESC LIMIT 50
                    """),
                arguments: [principal.communityID.rawValue, member.rawValue, principal.communityID.rawValue, member.rawValue]))
    }

    /// 409 `case.claimed_by_other`, naming the holder and until when, while another moderator's
    /// claim on the case is live.
    static func checkNotClaimedByOther(_ tx: Transaction, _ value: ModerationCase, _ principal: Principal) throws {
        guard let holder = value.activeClaimant(at: tx.now), holder != principal.memberID else { return }
        throw ClaimHolderName.adding(
            to: DomainError(
                code: "case.claimed_by_other", category: .conflict,
                parameters: ["claimed_by": holder.rawValue], instants: value.claimExpiresAt.map { ["until": $0] } ?? [:]),
            tx.db, community: principal.communityID)
    }

    /// The member's standing strikes (cases with an action not overturned that is a strike) within
    /// `moderation.strike_window_days`, when
    /// this resolution added a strike that brings them to `strikes_before_suspension` or more and
    /// neither suspends nor bans: the resolution's audit entry then proposes a suspension (a
    /// moderator decides it, within `max_suspension_days`). Nil when nothing is proposed.
    static func suspensionProposal(
        _ tx: Transaction, _ value: ModerationCase, actions: [CaseAction], policy: ModerationPolicy
    ) throws -> Int? {
        guard actions.contains(where: \.strike), !actions.contains(where: { $0.kind == .suspend || $0.kind == .ban }) else { return nil }
        // Nothing to propose when the member's standing already outweighs the longest suspension a
        // moderator could decide (a ban, or a suspension without an end or ending later):
        // following the proposal would turn it into a suspension that ends sooner.
        let member = try MemberCommands.fetch(tx.db, community: value.communityID, id: value.targetMemberID)
        let current = MemberStatusReplay.State(status: member.status, until: member.status == .suspended ? member.suspendedUntil : nil)
        let longest = MemberStatusReplay.State(
            status: .suspended, until: tx.now.addingTimeInterval(Double(policy.maxSuspensionDays) * 86_400))
        guard !current.outweighs(longest, at: tx.now) else { return nil }
        // Strikes are counted by case: one case resolved with a takedown, a credit deduction and
        // a compensation is one offence, not three (helper 118: a first offence proposed a
        // suspension to every moderator).
        let strikes = try Int.fetchOne(
            tx.db, sql: """
                SELECT COUNT(DISTINCT case_id) FROM trust_case_actions
                WHERE community_id = ? AND target_member_id = ? AND strike = 1 AND overturned_at IS NULL AND created_at > ?
                """,
            arguments: [value.communityID.rawValue, value.targetMemberID.rawValue,
                        tx.now.addingTimeInterval(-Double(policy.strikeWindowDays) * 86_400)]) ?? 0
        return strikes >= policy.strikesBeforeSuspension ? strikes : nil
    }

    /// A proposed suspension is a decision still to take, and an audit entry alone reaches nobody:
    /// every active member whose role may change this member's status (moderators and admins; for
    /// a moderator or an admin, admins only) hears of it
    /// in their inbox, in the resolution's transaction. Not the member concerned (a moderator can
    /// reach the threshold too), nor anyone of their household: deciding about a housemate is the
    /// conflict `ledger.own_household` refuses, matched the same way (the same `household_id`).
    /// The message names the member, the case and the strikes, never a reporter.
    private static func notifyWhoMayDecideSuspension(_ tx: Transaction, _ value: ModerationCase, strikes: Int) throws {
        // Whoever may decide it: a moderator's or an admin's status is an admin's decision
        // (`MemberCommands.changeStatus`), so a proposal about one of them goes to admins only.
        let target = try MemberCommands.fetch(tx.db, community: value.communityID, id: value.targetMemberID)
        let staffTarget = target.role == .moderator || target.role == .admin
        let roles = Role.allCases.filter {
            AccessPolicy.allows($0, .memberChangeStatus) && (!staffTarget || AccessPolicy.allows($0, .memberCreateStaff))
        }.map(\.rawValue)
        let candidates = try Member.fetchAll(
            tx.db, sql: """
                SELECT * FROM members
                WHERE community_id = ? AND id <> ? AND role IN (\(roles.map { _ in "?" }.joined(separator: ", ")))
                    AND (household_id IS NULL
                        OR household_id IS NOT (SELECT household_id FROM members WHERE community_id = ? AND id = ?))
                ORDER BY id
                """,
            arguments: StatementArguments(
                [value.communityID.rawValue, value.targetMemberID.rawValue] + roles
                    + [value.communityID.rawValue, value.targetMemberID.rawValue]))
        let parameters = [
            "member_id": value.targetMemberID.rawValue, "member_name": target.displayName, "case_id": value.id.rawValue, "strikes": String(strikes),
        ]
        for member in candidates where member.isActive(at: tx.now) {
            try MemberNotifications.notify(
                tx, community: value.communityID, member: member.id, kind: .suspensionProposed, subject: "case:\(value.id)",
                parameters: parameters)
        }
    }

    /// A moderator's compensations together take the target down to the credit limit at most:
    /// 100 points from someone already at -100 left them at -200, and three cases about them
    /// at -400, without an admin (helper 152 #3; the per-action cap alone let it). Beyond that,
    /// 403 `case.compensation_past_credit_limit`, naming the most they may order; an admin decides.
    static func checkCompensationHeadroom(_ db: Database, _ value: ModerationCase, _ input: CaseResolutionInput, limits: LedgerLimits) throws {
        let points = input.actions.filter { $0.kind == .compensate }.compactMap(\.points).reduce(0, +)
        guard points > 0 else { return }
        let balance = try LedgerAccounts.member(db, community: value.communityID, member: value.targetMemberID).balance
        let headroom = max(0, balance + limits.creditLimit)
        guard points > headroom else { return }
        throw DomainError(
            code: "case.compensation_past_credit_limit", category: .forbidden,
            parameters: [
                "member_id": value.targetMemberID.rawValue, "balance": String(balance), "limit": String(limits.creditLimit),
                "max": String(headroom), "points": String(points),
            ])
    }

    /// Moderators do not handle resolved cases, nor cases about themselves, a housemate or a
    /// resident they act or acted for (`ModerationConflict`), nor one about a listing or exchange
    /// they registered in someone's name (`checkNotRegistrar`), nor a case that holds frozen an
    /// exchange they or a housemate are a side of (403 `case.frozen_exchange_party`; a side they
    /// act for: `moderation.acts_for_member`): deciding it releases those points, nor a case
    /// they, a housemate or a resident they act for reported (403 `case.own_report`): the
    /// accuser does not judge, and an upheld case pays its reporters a reward.
    static func checkWorkable(_ db: Database, _ value: ModerationCase, _ principal: Principal) throws {
        guard value.status == .open else { throw DomainError(code: "case.already_resolved", category: .conflict) }
        try ModerationConflict.check(db, principal, about: [value.targetMemberID], decision: "case")
        try ModerationConflict.checkNotRegistrar(db, principal, target: value.targetType, id: value.targetID, decision: "case")
        try checkNotReporter(db, caseID: value.id, principal)
        let sides = try ModerationConflict.frozenExchangeSides(db, community: principal.communityID, case: value.id)
        let involved = sides.contains(principal.memberID)
            ? principal.memberID : try ModerationConflict.housemate(db, of: principal, among: sides)?.member
        if let involved {
            throw DomainError(code: "case.frozen_exchange_party", category: .forbidden, parameters: ["member_id": involved.rawValue])
        }
        try ModerationConflict.checkNotAgent(db, principal, of: sides, decision: "case")
    }

    /// Whether the principal or anyone of their household filed one of the case's reports, or the
    /// principal filed one in a resident's name (`filed_by`).
    static func reportedFromHome(_ db: Database, caseID: CaseID, _ principal: Principal) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM trust_reports WHERE community_id = ? AND case_id = ?
                    AND (reporter_id IN (\(ModerationConflict.selfAndHousematesSQL)) OR filed_by = ?))
                """,
            arguments: [principal.communityID.rawValue, caseID.rawValue]
                + ModerationConflict.selfAndHousematesArguments(principal.communityID, principal.memberID) + [principal.memberID.rawValue]) ?? false
    }

    /// The accuser does not judge: 403 `case.own_report` when the principal or a housemate
    /// reported (or the principal filed a report in someone's name), and 403
    /// `case.reported_by_someone_you_act_for` when a resident whose consent named them reported
    /// (helper 152 #2b: an admin holding the reporter's consent upheld the case and paid her
    /// compensation they could then spend for her). Which of them reported stays unsaid:
    /// reporters are not named to moderators who have a stake in the case.
    static func checkNotReporter(_ db: Database, caseID: CaseID, _ principal: Principal) throws {
        if try reportedFromHome(db, caseID: caseID, principal) { throw DomainError(code: "case.own_report", category: .forbidden) }
        if try reportedBySomeoneActedFor(db, caseID: caseID, principal) {
            throw DomainError(code: "case.reported_by_someone_you_act_for", category: .forbidden)
        }
    }

    /// Whether a resident whose consent ever named the principal reported the case.
    static func reportedBySomeoneActedFor(_ db: Database, caseID: CaseID, _ principal: Principal) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM trust_reports WHERE community_id = ? AND case_id = ?
                    AND reporter_id IN (\(ModerationConflict.actedForSQL)))
                """,
            arguments: [principal.communityID.rawValue, caseID.rawValue] + ModerationConflict.actedForArguments(principal.communityID, principal.memberID)) ?? false
    }

    /// - Parameter index: the action's place in the request, for the pointer of an error about it.
    private static func apply(
        _ action: CaseResolutionInput.Action, at index: Int, to value: ModerationCase, reason: String, _ tx: Transaction, principal: Principal,
        services: ListingServices, limits: LedgerLimits, actor: AuditActor
    ) throws {
        switch action.kind {
        case .dismiss, .warn, .deductCredit:
            // Recorded as an action; deduct_credit is a strike the credit score counts
            // (`CreditScorer`, within `moderation.strike_window_days`).
            return
        case .removeListing:
            _ = try ListingCommands.remove(
                tx, principal: principal, id: ListingID(trusted: value.targetID),
                input: ListingRemoval(reasonCode: try removalReason(tx.db, value), message: reason), expectedVersion: nil,
                services: services, actor: actor, tellOwner: false)
        case .suspend:
            let until = tx.now.addingTimeInterval(TimeInterval(action.days ?? 1) * 86_400)
            // A suspension never replaces a ban nor shortens a longer suspension still in force:
            // the action is recorded (a strike) and the heavier standing stays.
            let member = try MemberCommands.fetch(tx.db, community: value.communityID, id: value.targetMemberID)
            // Before anything else: a suspension recorded now applies if the heavier standing is
            // overturned, so only who may suspend this member records one (session 27 review).
            try MemberCommands.checkStatusAuthority(principal, over: member)
            let current = MemberStatusReplay.State(status: member.status, until: member.status == .suspended ? member.suspendedUntil : nil)
            guard !current.outweighs(MemberStatusReplay.State(status: .suspended, until: until), at: tx.now) else { return }
            _ = try MemberCommands.changeStatus(
                tx, principal: principal, id: value.targetMemberID,
                input: StatusChangeInput(status: .suspended, reason: reason, until: until), expectedVersion: nil, actor: actor,
                cause: "case:\(value.id)")
        case .ban:
            _ = try MemberCommands.changeStatus(
                tx, principal: principal, id: value.targetMemberID,
                input: StatusChangeInput(status: .banned, reason: reason, until: nil), expectedVersion: nil, actor: actor,
                cause: "case:\(value.id)")
        case .compensate:
            guard let victim = action.victimID, let points = action.points else { return }  // validated before
            guard victim != value.targetMemberID else {
                throw DomainError.validation([FieldIssue("/actions/\(index)/victim_id", .invalidValue, ["reason": "case.victim_is_offender"])])
            }
            _ = try FieldReference.resolve("/actions/\(index)/victim_id") { try MemberCommands.fetch(tx.db, community: value.communityID, id: victim) }
            try checkVictimConcerned(tx.db, value, victim: victim, pointer: "/actions/\(index)/victim_id")
            // The moderator deciding is not the one compensated (`ledger.own_account`), nor acts for her.
            try LedgerOwnAccountGuard.check(tx.db, principal, members: [victim], action: "compensation")
            try ModerationConflict.checkNotAgent(tx.db, principal, of: [victim], decision: "compensation")
            // The transfer's reason is on both statements: the resolution's reason is written to
            // the offender (helper 137: the victim read "…，暂停30天", another member's suspension).
            // The audit entry keeps it; the offender is told it in his notice.
            _ = try LedgerSettlementCommands.compensate(
                tx, community: value.communityID, from: value.targetMemberID, to: victim, points: points,
                reason: TransferKind.caseCompensationReason(value.id.rawValue), auditReason: reason,
                reference: value.id.rawValue, idempotencyKey: compensationKey(value.id), actor: actor, limits: limits)
        }
    }

    /// A compensation goes to someone the case concerns: a reporter of this case, or a member who
    /// has had an exchange with the offender. Any member could be named before, so a moderator
    /// could move the offender's points to anyone (a friend, a housemate of theirs) under the
    /// name of compensation. The exchange must have been accepted (points held, the two met or
    /// were to meet): a request declined or withdrawn before that costs nothing to make, so anyone
    /// could have qualified by requesting one of the offender's listings (helper 128).
    static func checkVictimConcerned(_ db: Database, _ value: ModerationCase, victim: MemberID, pointer: String) throws {
        let concerned = try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM trust_reports WHERE case_id = ? AND reporter_id = ?)
                    OR EXISTS (SELECT 1 FROM exchanges WHERE community_id = ? AND accepted_at IS NOT NULL
                        AND ((payer_id = ? AND provider_id = ?) OR (payer_id = ? AND provider_id = ?)))
                """,
            arguments: [
                value.id.rawValue, victim.rawValue, value.communityID.rawValue,
                victim.rawValue, value.targetMemberID.rawValue, value.targetMemberID.rawValue, victim.rawValue,
            ]) ?? false
        guard concerned else {
            throw DomainError.validation([FieldIssue(pointer, .invalidValue, ["reason": "case.victim_unrelated"])])
        }
    }

    /// The ledger category of the reward paid to the reporters of an upheld case. Its transfer
    /// carries no memo: which case it was for is kept in `report_rewards` and the payment's audit
    /// entry. Rewards paid before migration 0019 carried the case id as memo, which
    /// `UpheldReportRewardPrivacy` withholds from readers who may not read the case.
    public static let upheldReportCategory = "upheld_report"

    /// The idempotency key of a case's compensation transfer (one per case), by which an overturned
    /// appeal finds the transfer to reverse.
    static func compensationKey(_ id: CaseID) -> String { compensationKeyPrefix + id.rawValue }
    static let compensationKeyPrefix = "case-compensation-"

    /// The listing removal reason that matches the case's most recent report.
    private static func removalReason(_ db: Database, _ value: ModerationCase) throws -> RejectReason {
        let category = try String.fetchOne(
            db, sql: "SELECT category FROM trust_reports WHERE community_id = ? AND case_id = ? ORDER BY id DESC LIMIT 1",
            arguments: [value.communityID.rawValue, value.id.rawValue]).flatMap(ReportCategory.init(rawValue:))
        switch category {
        case .fakeListing, .notAsDescribed: return .misleading
        case .resaleOfDonatedGoods: return .commercial
        case .safetyConcern: return .unsafe
        case .harassment: return .offensive
        case .noShow, .other, nil: return .other
        }
    }

    /// Until when the case's suspension of `days` holds her (`until`), or, when a heavier standing
    /// already in force kept it from applying (`apply`), that standing (`still`, `still_until`):
    /// "suspension for 7 days" alone sent a member suspended by an admin until 30 June back on
    /// 8 June (helper 152 #5).
    private static func suspensionStanding(
        _ tx: Transaction, community: CommunityID, member id: MemberID, days: Int, zone: String
    ) throws -> [String: String] {
        let member = try MemberCommands.fetch(tx.db, community: community, id: id)
        let caseEnd = tx.now.addingTimeInterval(TimeInterval(days) * 86_400)
        switch (member.status, member.suspendedUntil) {
        case (.banned, _):
            return ["still": MemberStatus.banned.rawValue]
        case (.suspended, let until?) where abs(until.timeIntervalSince(caseEnd)) > 1:
            return ["still": MemberStatus.suspended.rawValue, "still_until": EventLocalTime.text(until, timeZoneID: zone)]
        case (.suspended, nil):
            // Suspended with no end (an admin's open suspension, the heavier one): she is told
            // that, not a date she would come back on in vain (helper 162 #2).
            return ["still": MemberStatus.suspended.rawValue]
        default:
            return ["until": EventLocalTime.text(caseEnd, timeZoneID: zone)]
        }
    }

    /// Tells each person concerned, in their own inbox: the member an action was taken against
    /// (one message per action but a dismissal), a compensated victim, and every reporter how
    /// their report ended (never who else reported, nor the private notes). A reporter in
    /// `rewarded` is told the reward `reward` and that it arrives the next day (`ReportRewards`);
    /// the deciding moderator and their household, not rewarded, are not told so.
    private static func notifyPeopleInvolved(
        _ tx: Transaction, _ value: ModerationCase, actions: [CaseAction], reward: Int, rewarded: Set<MemberID>, appealWindowDays: Int
    ) throws {
        let subject = "case:\(value.id)"
        // The member acted against reads why (the resolution's reason, as a suspension's status
        // reason already showed it) and until when she may appeal: "within the appeal window" gave
        // neither (helper 118).
        let zone = try CommunityCommands.fetch(tx.db, id: value.communityID).timezone
        for action in actions where action.kind != .dismiss {
            let appealUntil = EventLocalTime.text(action.appealDeadline(windowDays: appealWindowDays), timeZoneID: zone)
            var parameters = ["case_id": value.id.rawValue, "action": action.kind.rawValue, "action_id": action.id.rawValue]
            parameters["days"] = action.days.map(String.init)
            parameters["points"] = action.points.map(String.init)
            parameters["appeal_until"] = appealUntil
            if let reason = value.resolutionReason, !reason.isEmpty { parameters["reason"] = reason }
            // A ban in the same resolution says it all; "closed by another decision" would be wrong.
            if action.kind == .suspend, let days = action.days, !actions.contains(where: { $0.kind == .ban }) {
                parameters.merge(try suspensionStanding(tx, community: value.communityID, member: action.targetMemberID, days: days, zone: zone)) { _, new in new }
            }
            if action.kind == .removeListing, value.targetType == .listing {
                // Which listing went: a hand removal names it, and an owner of several could not
                // tell from the case id alone (helper 137).
                parameters["listing_title"] = try ListingPersistence.fetch(tx.db, community: value.communityID, id: ListingID(trusted: value.targetID))
                    .content.title
            }
            try MemberNotifications.notify(
                tx, community: value.communityID, member: action.targetMemberID, kind: .actionTaken, subject: subject, parameters: parameters)
            if action.kind == .compensate, let victim = action.victimID, let points = action.points {
                try MemberNotifications.notify(
                    tx, community: value.communityID, member: victim, kind: .compensationReceived, subject: subject,
                    parameters: ["case_id": value.id.rawValue, "points": String(points)])
            }
        }
        let reporters = try String.fetchAll(
            tx.db, sql: "SELECT DISTINCT reporter_id FROM trust_reports WHERE community_id = ? AND case_id = ? ORDER BY reporter_id",
            arguments: [value.communityID.rawValue, value.id.rawValue])
        for reporter in reporters {
            var parameters = ["case_id": value.id.rawValue, "outcome": value.outcome?.rawValue ?? "dismissed"]
            if rewarded.contains(MemberID(trusted: reporter)) { parameters["reward"] = String(reward) }
            try MemberNotifications.notify(
                tx, community: value.communityID, member: MemberID(trusted: reporter), kind: .reportResolved, subject: subject,
                parameters: parameters)
        }
    }
}

/// What a moderator sees about a member before deciding.
public struct TargetHistory: Sendable {
    public var member: MemberID
    public var reports: [FiledReport]
    public var cases: [ModerationCase]
    public var actions: [CaseAction]
    public var signals: [StoredFraudSignal]
    /// The member's most recent exchanges on either side (at most 50), newest first.
    public var exchanges: [Exchange]

    /// Cases with a strike that still counts (not overturned on appeal), at any time: several
    /// strike actions of one case are one strike, as the suspension proposal counts them (which
    /// looks only within `moderation.strike_window_days`; helper 123: this said 2 for one case).
    public var strikes: Int { Set(actions.filter { $0.strike && $0.overturnedAt == nil }.map(\.caseID)).count }
}
