import Foundation
import GRDB
import LinliDomain

/// Organizer tools: rewards for community work, and donations converted into the donations pool.
/// Both are staff actions, so both are audited, and both announce themselves on the outbox.
public enum LedgerRewardCommands {
    /// Pays a reward from the rewards account to a member, within the organizer's and the
    /// member's per-day caps (local days of the community). An organizer grants only the rewards
    /// the rule file names (`ledger.rewards`: the kind, its points, its grants per member per
    /// day). A nil principal is the service itself or the operator's command line, which is not
    /// capped by organizer limits nor held to the named rewards.
    ///
    /// - Throws: `forbidden`, `validation_failed` (including an unknown member, a kind the rule
    ///   file does not name or points other than its own), `ledger.own_account` (the organizer
    ///   themselves), `ledger.reward_daily_limit` (the kind's `per_member_per_day`),
    ///   `ledger.organizer_daily_cap_exceeded`, `ledger.member_daily_reward_cap_exceeded`.
    /// - Parameter announce: whether `ledger.reward_granted` goes on the outbox (webhooks, group
    ///   chats). The service's upheld-report reward is not announced: it would name the reporter.
    /// - Parameter auditDetails: more fields for the audit entry's `after` (the case an
    ///   upheld-report reward is for, which the transfer itself does not name).
    /// - Parameter mayFillADayAlone: a reward larger than the member's daily reward cap is paid on
    ///   a day when the member has received no other reward, instead of never (the service's
    ///   upheld-report reward, whose points the rule file fixed at the decision).
    ///
    /// The `upheld_report` category is the service's alone (`actor` `.system`): a grant of it by
    /// anyone else would look exactly like a report reward, which `ledger verify` checks against
    /// the cases that owe them.
    /// An organizer's reward to a banned member (someone the community removed for good) is a
    /// mistake or a way round the ban: 409 `ledger.recipient_banned`. A suspension is temporary
    /// and the work rewarded real, so suspended members still receive; the service's own
    /// upheld-report reward, earned before any ban, is paid; admin adjustments (corrections) stay
    /// possible for everyone.
    static func checkNotBanned(_ db: Database, community: CommunityID, member: MemberID) throws {
        let status = try String.fetchOne(
            db, sql: "SELECT status FROM members WHERE community_id = ? AND id = ?", arguments: [community.rawValue, member.rawValue])
        if status == MemberStatus.banned.rawValue {
            throw DomainError(code: "ledger.recipient_banned", category: .conflict, parameters: ["member_id": member.rawValue])
        }
    }

    public static func grant(
        _ tx: Transaction, community: CommunityID, principal: Principal?, input: RewardInput, idempotencyKey: String,
        actor: AuditActor, limits: LedgerLimits, announce: Bool = true, auditDetails: [String: String?] = [:],
        mayFillADayAlone: Bool = false
    ) throws -> LedgerPoster.Result {
        try principal?.requireCommunity(community)
        try principal?.require(.ledgerGrantReward)
        try input.validate(limits: limits)
        var legs = PostingBuilder()
        legs.move(input.points, from: .rewards, to: .member(input.memberID))
        let draft = try TransferDraft(
            kind: .reward, legs: legs.legs, reason: input.reason, category: input.category, memo: input.memo,
            idempotencyKey: idempotencyKey, maxAmount: limits.maxTransferAmount)
        // A retry answers the transfer its key already posted before anything that may have
        // changed since is checked (the member banned, or moved into the organizer's household,
        // since the grant): it was right when it was posted, and the client must learn that it was.
        if let existing = try LedgerPoster.replay(tx.db, community: community, draft: draft) {
            return LedgerPoster.Result(transfer: existing, replayed: true, warnings: [])
        }
        try LedgerMembers.require(tx.db, community: community, member: input.memberID, at: "/member_id")
        try LedgerOwnAccountGuard.check(tx.db, principal, members: [input.memberID], action: "reward")
        if principal != nil { try checkNotBanned(tx.db, community: community, member: input.memberID) }
        // Checked after the replay: a retry of a grant posted before the category was reserved
        // answers the transfer that exists.
        if input.category == CaseCommands.upheldReportCategory, actor != .system {
            throw DomainError.validation([FieldIssue(
                "/category", .invalidValue, ["reason": "ledger.category_reserved", "category": CaseCommands.upheldReportCategory])])
        }
        // Organizers grant the rewards the rule file names; the service's own (the upheld-report
        // reward of `moderation:`) and the operator's command line are not organizer grants.
        let kind = principal == nil ? nil : try namedReward(input, limits: limits)
        let timezone = try CommunityCommands.fetch(tx.db, id: community).timezone
        let day = LocalDayWindow(containing: tx.now, timeZoneID: timezone)
        if let organizer = actor.memberID, principal != nil {
            let granted = try rewardsToday(tx.db, community: community, day: day, grantedBy: organizer, receivedBy: nil)
            if granted + input.points > limits.organizerDailyRewardCap {
                throw DomainError.ledgerOrganizerCapExceeded(cap: limits.organizerDailyRewardCap, grantedToday: granted, amount: input.points)
            }
        }
        let received = try rewardsToday(tx.db, community: community, day: day, grantedBy: nil, receivedBy: input.memberID)
        let memberCap = mayFillADayAlone ? max(limits.memberDailyRewardCap, input.points) : limits.memberDailyRewardCap
        if received + input.points > memberCap {
            throw DomainError.ledgerMemberRewardCapExceeded(cap: memberCap, receivedToday: received, amount: input.points)
        }
        if let kind, try grantsToday(tx.db, community: community, day: day, member: input.memberID, category: input.category)
            >= kind.perMemberPerDay
        {
            // Named as the rule file names it, in each language (helper 112: the slug was shown).
            throw DomainError(
                code: "ledger.reward_daily_limit", category: .conflict,
                parameters: [
                    "category": input.category, "per_day": String(kind.perMemberPerDay),
                    "category_name_zh": kind.nameZH ?? input.category, "category_name_en": kind.nameEN ?? input.category,
                ])
        }
        let posted = try LedgerPoster.post(
            tx, community: community, draft: draft, actor: actor, limits: limits, keyAlreadyChecked: true)
        try tx.audit(
            community, actor: actor, action: "ledger.reward_granted", targetType: "transfer",
            targetID: posted.transfer.id.rawValue, reason: input.reason,
            after: ["member_id": input.memberID.rawValue, "points": String(input.points), "category": input.category]
                .merging(auditDetails) { stated, _ in stated })
        if announce {
            try tx.emit(
                community, type: "ledger.reward_granted", subject: "member:\(input.memberID)",
                payload: LedgerTransferPayload(posted.transfer))
            // The upheld-report reward (not announced) is told in the report's outcome instead.
            let named = limits.rewards[input.category]
            var parameters = [
                "transfer_id": posted.transfer.id.rawValue, "points": String(input.points), "category": input.category,
                "reason": input.reason.trimmingCharacters(in: .whitespacesAndNewlines),
            ]
            parameters["reward_name_zh"] = named?.nameZH
            parameters["reward_name_en"] = named?.nameEN
            try MemberNotifications.notify(
                tx, community: community, member: input.memberID, kind: .pointsRewarded,
                subject: "transfer:\(posted.transfer.id)", parameters: parameters)
        }
        return posted
    }

    /// Credits the donations pool with the points agreed for a business or institution donation.
    public static func convertDonation(
        _ tx: Transaction, community: CommunityID, principal: Principal?, input: DonationInput, idempotencyKey: String,
        actor: AuditActor, limits: LedgerLimits
    ) throws -> LedgerPoster.Result {
        try principal?.requireCommunity(community)
        try principal?.require(.ledgerConvertDonation)
        if let replayed = try replayedDonation(tx.db, community: community, input: input, idempotencyKey: idempotencyKey) {
            return LedgerPoster.Result(transfer: replayed, replayed: true, warnings: [])
        }
        let points = try input.validatedPoints(limits: limits)
        var legs = PostingBuilder()
        legs.move(points, from: .issuance, to: .donations)
        let draft = try TransferDraft(
            kind: .donationConversion, legs: legs.legs, reason: input.reason, memo: input.memo,
            reference: input.donor.trimmingCharacters(in: .whitespacesAndNewlines), idempotencyKey: idempotencyKey,
            maxAmount: limits.maxTransferAmount)
        let posted = try LedgerPoster.post(tx, community: community, draft: draft, actor: actor, limits: limits)
        if posted.replayed { return posted }
        try tx.audit(
            community, actor: actor, action: "ledger.donation_converted", targetType: "transfer",
            targetID: posted.transfer.id.rawValue, reason: input.reason,
            after: [
                "donor": draft.reference, "points": String(points), "value_yuan": input.valueYuan,
                "points_per_yuan": DonationInput.rateText(limits),
            ])
        try tx.emit(
            community, type: "ledger.donation_converted", subject: "ledger:donations", payload: LedgerTransferPayload(posted.transfer))
        return posted
    }

    /// The donation its key already converted, when the retry states the same donation (donor,
    /// yuan, reason, memo); 409 `ledger.idempotency_conflict` when it states another. Compared on
    /// what was stated, not on points converted again: a retry after the rule file's
    /// `donation_points_per_yuan` changed is the same donation, and the points it was worth when
    /// posted stand.
    static func replayedDonation(_ db: Database, community: CommunityID, input: DonationInput, idempotencyKey: String) throws -> Transfer? {
        guard let existing = try LedgerTransfers.fetch(db, community: community, idempotencyKey: idempotencyKey) else { return nil }
        let statedYuan = try String.fetchOne(
            db,
            sql: """
                SELECT json_extract(after_json, '$.value_yuan') FROM audit_entries
                WHERE community_id = ? AND action = 'ledger.donation_converted' AND target_type = 'transfer' AND target_id = ?
                """,
            arguments: [community.rawValue, existing.id.rawValue])
        func stated(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        // The same amount however it is written ("250", "250.00", "0250"; helper 177 #4: a
        // retry that spelled it otherwise was a conflict). An amount that is not one is no retry.
        let storedFen = statedYuan.flatMap(DonationInput.fen)
        let sameYuan = statedYuan == input.valueYuan || (storedFen != nil && storedFen == input.valueYuan.flatMap(DonationInput.fen))
        guard existing.kind == .donationConversion, sameYuan, existing.reference == stated(input.donor),
            stated(existing.reason) == stated(input.reason), stated(existing.memo) == stated(input.memo)
        else { throw DomainError.ledgerIdempotencyConflict(key: idempotencyKey, transfer: existing.id) }
        return existing
    }

    /// The rule file's reward of this kind, checked against the grant: a kind the file does not
    /// name is refused, and so are points other than the file's. Nil when the file names no
    /// rewards at all (any kind, within the daily caps).
    static func namedReward(_ input: RewardInput, limits: LedgerLimits) throws -> RewardKind? {
        guard !limits.rewards.isEmpty else { return nil }
        guard let kind = limits.rewards[input.category] else {
            throw DomainError.validation([
                FieldIssue("/category", .invalidValue, ["allowed": limits.rewards.keys.sorted().joined(separator: ", ")])
            ])
        }
        guard input.points == kind.points else {
            throw DomainError.validation([FieldIssue("/points", .invalidValue, ["allowed": String(kind.points)])])
        }
        return kind
    }

    /// Leaves out rewards that were reversed: a reward granted to the wrong neighbour and
    /// reversed by an admin never counted, so it must not use up the day's caps and stop the
    /// right neighbour being granted it.
    static let notReversed = " AND NOT " + TransferSQL.reversed

    /// Grants of one reward kind a member received during a local day, reversed ones left out.
    static func grantsToday(_ db: Database, community: CommunityID, day: LocalDayWindow, member: MemberID, category: String) throws -> Int {
        try Int.fetchOne(
            db,
            sql: """
                SELECT COUNT(DISTINCT t.seq) FROM ledger_transfers t
                JOIN ledger_postings p ON p.community_id = t.community_id AND p.transfer_seq = t.seq
                WHERE t.community_id = ? AND t.kind = 'reward' AND t.category = ? AND t.created_at >= ? AND t.created_at < ?
                    AND p.account_id = ? AND p.amount > 0 \(notReversed)
                """,
            arguments: [community.rawValue, category, day.start.text, day.end.text, AccountRef.member(member).rawValue]) ?? 0
    }

    /// Reward points granted by one organizer, or received by one member, during a local day,
    /// reversed ones left out.
    static func rewardsToday(_ db: Database, community: CommunityID, day: LocalDayWindow, grantedBy: MemberID?, receivedBy: MemberID?) throws -> Int {
        var sql = """
            SELECT COALESCE(SUM(p.amount), 0) FROM ledger_transfers t
            JOIN ledger_postings p ON p.community_id = t.community_id AND p.transfer_seq = t.seq
            WHERE t.community_id = ? AND t.kind = 'reward' AND t.created_at >= ? AND t.created_at < ? AND p.amount > 0 \(notReversed)
            """
        var arguments: StatementArguments = [community.rawValue, day.start.text, day.end.text]
        if let grantedBy { sql += " AND t.actor_id = ?"; arguments += [grantedBy.rawValue] }
        if let receivedBy { sql += " AND p.account_id = ?"; arguments += [AccountRef.member(receivedBy).rawValue] }
        return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }
}
