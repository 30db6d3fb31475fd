import Foundation
import GRDB
import LinliDomain

/// The rewards owed to the reporters of upheld cases (`ledger.upheld_report_reward`), and their
/// payment.
///
/// Why not pay at once: a reward posted by the deciding moderator at the moment of the decision
/// sat next to the resolution in time and actor. Anyone who may read other members' statements
/// (station staff, organizers, a reported moderator) and knew when their case was decided could
/// find the reporter by looking for a reward posted then. So a resolution only queues the reward
/// (`queue`), and the service pays every reward due in one batch at the start of the community's
/// next local day (`payDue`, run by the `report-rewards` periodic task): the day's rewards arrive
/// together, posted by the system, none at the moment or by the person that decided its case.
///
/// The points are fixed when the case is decided. A reward that would take the reporter past the
/// member's daily reward cap (`LedgerLimits.memberDailyRewardCap`) waits for the next day instead
/// of failing the resolution, as it did when it was paid inside it.
public enum ReportRewards {
    /// Rewards paid per transaction (call again while it pays or defers this many).
    public static let batchSize = 200

    /// What one call of `payDue` did.
    public struct Round: Sendable, Equatable {
        /// Rewards posted to reporters.
        public var paid = 0
        /// Rewards moved to the next local day, each with the code that refused it (usually the
        /// reporter's daily reward cap).
        public var deferred: [String] = []
        /// Rewards looked at: when it equals the batch size, more may be due.
        public var handled: Int { paid + deferred.count }
    }

    /// Queues the reward of each reporter of an upheld case, due at the start of the next local
    /// day of the community. The moderator who decided does not collect the reward of a report
    /// they filed themselves, nor does anyone of their household (staff never reward their own
    /// household: `ledger.own_household`). Nor does anyone of the reported member's own household:
    /// reporting a housemate would otherwise bring the household new points for every upheld
    /// report, a loop a household could run on itself. Returns the reporters queued.
    @discardableResult
    static func queue(_ tx: Transaction, case value: ModerationCase, points: Int, decidedBy: MemberID?) throws -> [MemberID] {
        guard points > 0 else { return [] }
        let reporters = try String.fetchAll(
            tx.db,
            sql: """
                SELECT DISTINCT r.reporter_id FROM trust_reports r
                JOIN members m ON m.community_id = r.community_id AND m.id = r.reporter_id
                LEFT JOIN members d ON d.community_id = r.community_id AND d.id = ?
                LEFT JOIN members t ON t.community_id = r.community_id AND t.id = ?
                WHERE r.community_id = ? AND r.case_id = ? AND (d.id IS NULL OR (r.reporter_id <> d.id
                    AND (m.household_id IS NULL OR d.household_id IS NULL OR m.household_id <> d.household_id)))
                  AND (t.id IS NULL OR (r.reporter_id <> t.id
                    AND (m.household_id IS NULL OR t.household_id IS NULL OR m.household_id <> t.household_id)))
                ORDER BY r.reporter_id
                """,
            arguments: [decidedBy?.rawValue, value.targetMemberID.rawValue, value.communityID.rawValue, value.id.rawValue])
        guard !reporters.isEmpty else { return [] }
        let due = try nextLocalDay(tx.db, community: value.communityID, after: tx.now)
        for reporter in reporters {
            try tx.db.execute(
                sql: """
                    INSERT INTO report_rewards (community_id, case_id, reporter_id, points, queued_at, due_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [value.communityID.rawValue, value.id.rawValue, reporter, points, tx.nowText, StoredTime.text(due)])
        }
        return reporters.map { MemberID(trusted: $0) }
    }

    /// Withdraws the rewards not yet paid for a case whose every action has been overturned on
    /// appeal: the report no longer stands (the credit score stops counting it too), so paying
    /// would create points for nothing. Rewards already paid stay paid. One audit entry on the
    /// case records how many were withdrawn (not who: the reporters stay unnamed).
    static func withdrawIfNothingStands(_ tx: Transaction, community: CommunityID, case id: CaseID, actor: AuditActor) throws {
        let standing = try Int.fetchOne(
            tx.db, sql: "SELECT COUNT(*) FROM trust_case_actions WHERE community_id = ? AND case_id = ? AND overturned_at IS NULL",
            arguments: [community.rawValue, id.rawValue]) ?? 0
        guard standing == 0 else { return }
        let unpaid = try Row.fetchAll(
            tx.db, sql: "SELECT reporter_id, points FROM report_rewards WHERE community_id = ? AND case_id = ? AND paid_at IS NULL ORDER BY reporter_id",
            arguments: [community.rawValue, id.rawValue])
        guard !unpaid.isEmpty else { return }
        try tx.db.execute(
            sql: "DELETE FROM report_rewards WHERE community_id = ? AND case_id = ? AND paid_at IS NULL",
            arguments: [community.rawValue, id.rawValue])
        try tx.audit(
            community, actor: actor, action: "report_rewards.withdrawn", targetType: "case", targetID: id.rawValue,
            reason: "every action overturned on appeal", after: ["withdrawn": String(unpaid.count)])
        // Each reporter was told of the reward when the case was decided (`report_resolved`): she
        // hears that it will not come (helper 118: it was withdrawn without a word).
        for row in unpaid {
            try MemberNotifications.notify(
                tx, community: community, member: MemberID(trusted: row[0] as String), kind: .reportRewardWithdrawn,
                subject: "case:\(id)", parameters: ["case_id": id.rawValue, "reward": String(row[1] as Int)])
        }
    }

    /// Pays up to `batch` rewards that are due, oldest due first, within the ledger limits of the
    /// community's rules in force (`rules`), each in its own savepoint: one
    /// refused (the reporter's daily cap is full, or the community's rules in force cannot be read:
    /// `rules.active_version_unreadable`) is moved to the reporter's next local day and the
    /// others are still paid. A reward larger than the daily cap is paid on a day of its own. A
    /// reporter suspended or banned when it falls due is not paid: the reward waits, a day at a
    /// time, until they are active again (a ban lifted on appeal), and is never paid otherwise.
    /// Each reward is posted by the system from the rewards account and not announced on the
    /// outbox (it would name the reporter to the chat groups).
    ///
    /// Nothing in the transfer names the case: no memo, and an idempotency key of random bits
    /// (`secretKey`; the row's `paid_at`, set in the same savepoint, makes the payment happen once).
    /// The transfer's hash covers its memo and key, so a case id in either would let a reader
    /// who sees the hashes confirm a guessed case. The case is in this table and in the audit
    /// entry (`case_id`), which moderators and admins read, except the member the case was about
    /// (`AuditQueries`).
    public static func payDue(_ tx: Transaction, rules: ActiveRules, batch: Int = batchSize) throws -> Round {
        let rows = try Row.fetchAll(
            tx.db,
            sql: """
                SELECT community_id, case_id, reporter_id, points FROM report_rewards
                WHERE paid_at IS NULL AND due_at <= ? ORDER BY due_at, community_id, reporter_id, case_id LIMIT ?
                """,
            arguments: [tx.nowText, batch])
        var round = Round()
        for row in rows {
            let community = CommunityID(trusted: row[0] as String)
            let caseID: String = row[1], reporter: String = row[2], points: Int = row[3]
            let key = [community.rawValue, caseID, reporter]
            do {
                try tx.db.inSavepoint {
                    guard try MemberCommands.fetch(tx.db, community: community, id: MemberID(trusted: reporter)).isActive(at: tx.now) else {
                        throw DomainError.memberInactive
                    }
                    let posted = try LedgerRewardCommands.grant(
                        tx, community: community, principal: nil,
                        input: RewardInput(
                            memberID: MemberID(trusted: reporter), points: points, category: CaseCommands.upheldReportCategory,
                            reason: "举报查实 / upheld report", memo: nil),
                        idempotencyKey: secretKey(), actor: .system,
                        limits: try rules.current(tx, community: community).ledger, announce: false,
                        auditDetails: ["case_id": caseID], mayFillADayAlone: true)
                    try tx.db.execute(
                        sql: """
                            UPDATE report_rewards SET transfer_id = ?, paid_at = ?
                            WHERE community_id = ? AND case_id = ? AND reporter_id = ?
                            """,
                        arguments: [posted.transfer.id.rawValue, tx.nowText] + StatementArguments(key))
                    return .commit
                }
                round.paid += 1
            } catch let error as DomainError {
                let next = try nextLocalDay(tx.db, community: community, after: tx.now)
                try tx.db.execute(
                    sql: "UPDATE report_rewards SET due_at = ? WHERE community_id = ? AND case_id = ? AND reporter_id = ?",
                    arguments: [StoredTime.text(next)] + StatementArguments(key))
                round.deferred.append(error.code)
            }
        }
        return round
    }

    /// A payment's idempotency key: 128 random bits, not from the id generator, whose ids
    /// within one millisecond are consecutive (the key would follow from the transfer's own id).
    static func secretKey() -> String {
        var random = SystemRandomNumberGenerator()
        return "report-reward-" + [random.next(), random.next()].map { (word: UInt64) in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The start of the community's local day after the one containing `instant`.
    static func nextLocalDay(_ db: Database, community: CommunityID, after instant: Date) throws -> Date {
        let timezone = try CommunityCommands.fetch(db, id: community).timezone
        return LocalDayWindow(containing: instant, timeZoneID: timezone).end.date
    }
}
