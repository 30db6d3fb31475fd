import Foundation
import GRDB
import LinliDomain

/// Points held for an exchange, frozen by a fraud-signal case (`SignalCases`): while frozen the
/// exchange cannot be completed, cancelled, reported as a no-show or confirmed automatically, nor
/// can its dispute be resolved, so the points stay in escrow — neither paid out nor handed back —
/// until a moderator resolves the case. A dispute is still possible (it freezes the hold anyway),
/// but its resolution waits for the case: otherwise a side under suspicion could have the points
/// released by disputing and asking another moderator to decide.
///
/// Frozen holds are rows of `exchange_freezes`, one per exchange and case; resolving the case
/// lifts its rows. Nothing in the ledger changes: the hold simply waits.
public enum ExchangeFreezes {
    /// Steps a freeze refuses.
    static let refused: Set<ExchangeEvent> = [.complete, .cancel, .noShow, .autoConfirm, .resolve]

    /// The case holding the exchange frozen, if any.
    public static func frozenBy(_ db: Database, community: CommunityID, exchange: ExchangeID) throws -> CaseID? {
        try String.fetchOne(
            db.cachedStatement(sql: """
                SELECT case_id FROM exchange_freezes WHERE community_id = ? AND exchange_id = ? AND lifted_at IS NULL
                ORDER BY case_id LIMIT 1
                """),
            arguments: [community.rawValue, exchange.rawValue]
        ).map(CaseID.init(trusted:))
    }

    /// Freezes every accepted or disputed exchange the member is a side of (a dispute opened
    /// before the case waits for it as well).
    static func freezeOpenExchanges(_ tx: Transaction, community: CommunityID, member: MemberID, by held: ModerationCase) throws {
        let open = try Exchange.fetchAll(
            tx.db.cachedStatement(sql: """
                SELECT * FROM exchanges WHERE community_id = ? AND state IN ('accepted', 'disputed') AND (requester_id = ? OR owner_id = ?)
                ORDER BY id
                """),
            arguments: [community.rawValue, member.rawValue, member.rawValue])
        for exchange in open { try freeze(tx, exchange, by: held.id) }
    }

    /// Freezes an exchange just accepted (or accepted again when its dispute was withdrawn) when
    /// either side is under a case that freezes holds.
    static func freezeIfHeld(_ tx: Transaction, _ exchange: Exchange) throws {
        guard let held = try SignalCases.freezing(tx.db, community: exchange.communityID, members: [exchange.payer, exchange.provider])
        else { return }
        try freeze(tx, exchange, by: held)
    }

    static func freeze(_ tx: Transaction, _ exchange: Exchange, by caseID: CaseID) throws {
        try tx.db.execute(
            sql: """
                INSERT INTO exchange_freezes (community_id, exchange_id, case_id, frozen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (community_id, exchange_id, case_id) DO NOTHING
                """,
            arguments: [exchange.communityID.rawValue, exchange.id.rawValue, caseID.rawValue, tx.now])
        guard tx.db.changesCount == 1 else { return }
        let payload = ["exchange_id": exchange.id.rawValue, "case_id": caseID.rawValue, "points": String(exchange.points)]
        try tx.audit(
            exchange.communityID, actor: .system, action: "exchange.frozen", targetType: "exchange", targetID: exchange.id.rawValue,
            after: payload)
        try tx.emit(exchange.communityID, type: "exchange.frozen", subject: "exchange:\(exchange.id)", payload: payload)
        for member in [exchange.payer, exchange.provider] {
            try MemberNotifications.notify(
                tx, community: exchange.communityID, member: member, kind: .exchangeFrozen, subject: "exchange:\(exchange.id)",
                parameters: ["exchange_id": exchange.id.rawValue, "case_id": caseID.rawValue])
        }
    }

    /// Lifts the freezes a case holds (the case was resolved). Returns the exchanges released.
    @discardableResult
    static func lift(
        _ tx: Transaction, community: CommunityID, case caseID: CaseID, by moderator: MemberID, services: ExchangeServices, actor: AuditActor
    ) throws -> [ExchangeID] {
        let frozen = try String.fetchAll(
            tx.db, sql: """
                SELECT exchange_id FROM exchange_freezes WHERE community_id = ? AND case_id = ? AND lifted_at IS NULL ORDER BY exchange_id
                """,
            arguments: [community.rawValue, caseID.rawValue]
        ).map(ExchangeID.init(trusted:))
        guard !frozen.isEmpty else { return [] }
        try tx.db.execute(
            sql: "UPDATE exchange_freezes SET lifted_at = ?, lifted_by = ? WHERE community_id = ? AND case_id = ? AND lifted_at IS NULL",
            arguments: [tx.now, moderator.rawValue, community.rawValue, caseID.rawValue])
        for id in frozen {
            let payload = ["exchange_id": id.rawValue, "case_id": caseID.rawValue]
            // Still held by another case (both sides flagged): the parties hear when the last one lifts.
            let stillFrozen = try frozenBy(tx.db, community: community, exchange: id) != nil
            let exchange = try ExchangePersistence.fetch(tx.db, community: community, id: id)
            let resumed = stillFrozen ? exchange : try resumeConfirmationPeriod(tx, exchange, services: services)
            var after: [String: String?] = payload
            if resumed.autoConfirmResumeAt != exchange.autoConfirmResumeAt {
                after["auto_confirm_resume_at"] = AuditTimestamp.iso(resumed.autoConfirmResumeAt)
            }
            try tx.audit(community, actor: actor, action: "exchange.unfrozen", targetType: "exchange", targetID: id.rawValue, after: after)
            try tx.emit(community, type: "exchange.unfrozen", subject: "exchange:\(id)", payload: payload)
            guard !stillFrozen else { continue }
            for member in [exchange.payer, exchange.provider] {
                try MemberNotifications.notify(
                    tx, community: community, member: member, kind: .exchangeUnfrozen, subject: "exchange:\(id)",
                    parameters: ["exchange_id": id.rawValue, "state": exchange.state.rawValue])
            }
        }
        return frozen
    }

    /// While frozen, the payer could neither complete, cancel nor report a no-show, so the
    /// confirmation period must not run out under the freeze: an accepted exchange whose period
    /// ends within the rule file's `dispute_withdrawal_grace_hours` of the lift (or has already
    /// ended) gets that grace from the lift, as a withdrawn dispute does (`auto_confirm_resume_at`,
    /// which automatic confirmation, no-shows and disputes all read).
    private static func resumeConfirmationPeriod(_ tx: Transaction, _ exchange: Exchange, services: ExchangeServices) throws -> Exchange {
        guard exchange.state == .accepted else { return exchange }
        let rules = try services.rules(tx.db, for: exchange, at: tx.now)
        let earliest = tx.now.addingTimeInterval(TimeInterval(rules.disputeWithdrawalGraceHours) * 3600)
        guard exchange.autoConfirmAt(afterHours: rules.autoConfirmAfterHours) < earliest else { return exchange }
        var resumed = exchange
        resumed.autoConfirmResumeAt = earliest
        return try ExchangePersistence.save(tx, resumed)
    }
}
