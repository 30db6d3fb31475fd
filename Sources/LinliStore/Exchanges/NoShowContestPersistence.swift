import Foundation
import GRDB
import LinliDomain

/// Reading and writing `exchange_no_show_contests` rows (0011). One row per no-show exchange.
enum NoShowContestPersistence {
    static func fetch(_ db: Database, community: CommunityID, exchange: ExchangeID) throws -> NoShowContest? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM exchange_no_show_contests WHERE community_id = ? AND exchange_id = ?"),
            arguments: [community.rawValue, exchange.rawValue]
        ).map(decode)
    }

    static func insert(_ db: Database, _ contest: NoShowContest) throws {
        try db.cachedStatement(sql: """
            INSERT INTO exchange_no_show_contests (exchange_id, community_id, absent_member_id, created_by, reason, state,
                penalty_transfer_id, created_at, updated_at, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).execute(arguments: [
            contest.exchangeID.rawValue, contest.communityID.rawValue, contest.absentMember.rawValue, contest.createdBy.rawValue,
            contest.reason, contest.state.rawValue, contest.penaltyTransferID?.rawValue, StoredTime.text(contest.createdAt),
            StoredTime.text(contest.updatedAt), contest.version,
        ])
    }

    /// Writes the decision, bumping the version; 409 `version_conflict` if another moderator
    /// decided first.
    static func saveDecision(_ tx: Transaction, _ contest: NoShowContest) throws -> NoShowContest {
        var updated = contest
        updated.version += 1
        updated.updatedAt = tx.now
        try tx.db.cachedStatement(sql: """
            UPDATE exchange_no_show_contests
            SET state = ?, reversal_transfer_id = ?, settlement_transfer_id = ?, decided_by = ?, decision_note = ?, decided_at = ?, updated_at = ?, version = ?
            WHERE community_id = ? AND exchange_id = ? AND version = ?
            """
        ).execute(arguments: [
            updated.state.rawValue, updated.reversalTransferID?.rawValue, updated.settlementTransferID?.rawValue, updated.decidedBy?.rawValue, updated.decisionNote,
            StoredTime.text(updated.decidedAt), StoredTime.text(updated.updatedAt), updated.version,
            contest.communityID.rawValue, contest.exchangeID.rawValue, contest.version,
        ])
        guard tx.db.changesCount == 1 else { throw DomainError.versionConflict(current: contest.version + 1) }
        return updated
    }

    static func decode(_ row: Row) throws -> NoShowContest {
        let table = "exchange_no_show_contests"
        return NoShowContest(
            exchangeID: try row.identifier("exchange_id", table: table), communityID: try row.identifier("community_id", table: table),
            absentMember: try row.identifier("absent_member_id", table: table), createdBy: try row.identifier("created_by", table: table),
            reason: row["reason"], state: try row.enumeration("state", table: table),
            penaltyTransferID: try row.optionalIdentifier("penalty_transfer_id", table: table),
            reversalTransferID: try row.optionalIdentifier("reversal_transfer_id", table: table),
            settlementTransferID: try row.optionalIdentifier("settlement_transfer_id", table: table),
            decidedBy: try row.optionalIdentifier("decided_by", table: table), decisionNote: row["decision_note"],
            decidedAt: row["decided_at"], createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }

    /// What a contest event tells webhook consumers: ids, outcome, the reversal and the provider's
    /// payment, no free text.
    struct EventPayload: Encodable {
        let exchangeID: String
        let absentMemberID: String
        let state: String
        let penaltyTransferID: String?
        let reversalTransferID: String?
        let settlementTransferID: String?

        init(_ contest: NoShowContest) {
            exchangeID = contest.exchangeID.rawValue
            absentMemberID = contest.absentMember.rawValue
            state = contest.state.rawValue
            penaltyTransferID = contest.penaltyTransferID?.rawValue
            reversalTransferID = contest.reversalTransferID?.rawValue
            settlementTransferID = contest.settlementTransferID?.rawValue
        }

        enum CodingKeys: String, CodingKey {
            case exchangeID = "exchange_id", absentMemberID = "absent_member_id", state
            case penaltyTransferID = "penalty_transfer_id", reversalTransferID = "reversal_transfer_id"
            case settlementTransferID = "settlement_transfer_id"
        }
    }

    /// The outbox event and the audit entry of a contest step, written with the change.
    static func record(
        _ tx: Transaction, _ contest: NoShowContest, event: String, actor: AuditActor, before: NoShowContestState?, reason: String,
        extra: [String: String] = [:]
    ) throws {
        try tx.emit(contest.communityID, type: event, subject: "exchange:\(contest.exchangeID)", payload: EventPayload(contest))
        var after: [String: String?] = [
            "contest_state": contest.state.rawValue, "absent_member_id": contest.absentMember.rawValue,
            "reversal_transfer_id": contest.reversalTransferID?.rawValue,
            "settlement_transfer_id": contest.settlementTransferID?.rawValue,
        ]
        for (key, value) in extra { after[key] = value }
        try tx.audit(
            contest.communityID, actor: actor, action: event, targetType: "exchange", targetID: contest.exchangeID.rawValue,
            reason: reason, before: before.map { ["contest_state": $0.rawValue] }, after: after)
    }
}
