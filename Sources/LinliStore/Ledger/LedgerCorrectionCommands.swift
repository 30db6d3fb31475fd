import Foundation
import GRDB
import LinliDomain

/// Admin corrections: balance adjustments and reversals. In an append-only ledger these are the
/// only ways to fix a mistake, so both demand a reason and both are audited.
public enum LedgerCorrectionCommands {
    /// Credits (positive amount) or debits (negative) a member against issuance or the donations
    /// pool. An adjustment is imposed, not spent: it may take a member below the credit limit
    /// (with a warning), but it cannot overdraw the donations pool.
    public static func adjust(
        _ tx: Transaction, community: CommunityID, principal: Principal?, input: AdjustmentInput, idempotencyKey: String,
        actor: AuditActor, limits: LedgerLimits
    ) throws -> LedgerPoster.Result {
        try principal?.requireCommunity(community)
        try principal?.require(.ledgerAdjust)
        try input.validate(limits: limits)
        let source = (input.source ?? .issuance).account
        let member = AccountRef.member(input.memberID)
        var legs = PostingBuilder()
        if input.amount > 0 {
            legs.move(input.amount, from: source, to: member)
        } else {
            legs.move(-input.amount, from: member, to: source)
        }
        let draft = try TransferDraft(
            kind: .adjustment, legs: legs.legs, reason: input.reason, category: input.source?.rawValue,
            idempotencyKey: idempotencyKey, maxAmount: limits.maxTransferAmount)
        // A retry answers what its key posted before the guards, which may judge differently now
        // (the member moved into the admin's household since).
        if let existing = try LedgerPoster.replay(tx.db, community: community, draft: draft) {
            return LedgerPoster.Result(transfer: existing, replayed: true, warnings: [])
        }
        try LedgerMembers.require(tx.db, community: community, member: input.memberID, at: "/member_id")
        try LedgerOwnAccountGuard.check(tx.db, principal, members: [input.memberID], action: "adjustment")
        let posted = try LedgerPoster.post(tx, community: community, draft: draft, actor: actor, limits: limits)
        if posted.replayed { return posted }
        let after = posted.transfer.postings.first { $0.account == member }?.balanceAfter ?? 0
        try tx.audit(
            community, actor: actor, action: "ledger.balance_adjusted", targetType: "member", targetID: input.memberID.rawValue,
            reason: input.reason,
            before: ["balance": String(after - input.amount)],
            after: ["balance": String(after), "amount": String(input.amount), "transfer_id": posted.transfer.id.rawValue])
        try tx.emit(
            community, type: "ledger.balance_adjusted", subject: "member:\(input.memberID)", payload: LedgerTransferPayload(posted.transfer))
        try tellMembers(tx, community: community, of: posted.transfer, kind: .balanceAdjusted, reason: input.reason, announce: true)
        return posted
    }

    /// Posts the exact opposite of a transfer. Holds and releases are settled through their hold
    /// instead, a reversal is not reversed again, and a transfer is reversed at most once.
    ///
    /// The reversal is announced (`ledger.transfer_reversed`) unless the transfer never was: the
    /// reward paid to the reporter of an upheld case goes out on no webhook, since it says who
    /// reported; announcing its reversal to the community's chat groups would say it after all.
    ///
    /// - Throws: `transfer.not_found`, `ledger.not_reversible`, `ledger.own_account` (the admin's
    ///   own account is among the postings), `ledger.already_reversed`,
    ///   `ledger.pool_insufficient` (e.g. the donated points were already paid out).
    /// - Parameter tell: whether the members it moves hear of it as an administrator's
    ///   correction (`transfer_reversed`). The service's own reversals, an appeal returning a
    ///   compensation or an overturned no-show returning a penalty, pass false: the decision's
    ///   own notice (`compensation_returned`, `appeal_decided`, `no_show_contest_decided`) says it.
    public static func reverse(
        _ tx: Transaction, community: CommunityID, principal: Principal?, transfer id: TransferID, input: ReversalInput,
        idempotencyKey: String, actor: AuditActor, limits: LedgerLimits, tellMembers tell: Bool = true
    ) throws -> LedgerPoster.Result {
        try principal?.requireCommunity(community)
        try principal?.require(.ledgerReverse)
        try input.validate()
        let original = try LedgerTransfers.fetch(tx.db, community: community, id: id)
        guard original.kind.isReversible else { throw DomainError.ledgerNotReversible(id, kind: original.kind) }
        var legs = PostingBuilder()
        for posting in original.postings { legs.add(Leg(posting.account, -posting.amount)) }
        let draft = try TransferDraft(
            kind: .reversal, legs: legs.legs, reason: input.reason, category: original.category,
            reference: original.reference, idempotencyKey: idempotencyKey, reversesID: original.id,
            settlement: original.kind == .exchange ? original.settlement : nil, maxAmount: max(limits.maxTransferAmount, original.amount))
        if let existing = try LedgerPoster.replay(tx.db, community: community, draft: draft) {
            return LedgerPoster.Result(transfer: existing, replayed: true, warnings: [])
        }
        try LedgerOwnAccountGuard.check(tx.db, principal, members: original.postings.compactMap(\.account.memberID), action: "reversal")
        if let reversal = try LedgerTransfers.reversal(tx.db, community: community, of: id) {
            throw DomainError.ledgerAlreadyReversed(id, by: reversal)
        }
        let posted = try LedgerPoster.post(
            tx, community: community, draft: draft, actor: actor, limits: limits, keyAlreadyChecked: true)
        try tx.audit(
            community, actor: actor, action: "ledger.transfer_reversed", targetType: "transfer", targetID: id.rawValue,
            reason: input.reason, after: ["reversal_id": posted.transfer.id.rawValue, "amount": String(original.amount)])
        if !isUnannounced(original) {
            try tx.emit(
                community, type: "ledger.transfer_reversed", subject: "transfer:\(id)", payload: LedgerTransferPayload(posted.transfer))
        }
        if tell {
            try tellMembers(
                tx, community: community, of: posted.transfer, kind: .transferReversed, reason: input.reason,
                announce: !isUnannounced(original),
                extra: [
                    "transfer_id": id.rawValue, "reversal_id": posted.transfer.id.rawValue,
                    // Which entry, as her statement shows it (helper 133: a bare transfer id).
                    "original_kind": original.kind.rawValue,
                    "original_at": EventLocalTime.text(original.createdAt.date, timeZoneID: try CommunityCommands.fetch(tx.db, id: community).timezone),
                ])
        }
        return posted
    }

    /// Tells each member whose points a correction moved: how many, which way, the balance
    /// after and the administrator's reason. A correction is staff moving a resident's points;
    /// she must hear of it from the service, not find it in her statement (helper 106).
    private static func tellMembers(
        _ tx: Transaction, community: CommunityID, of transfer: Transfer, kind: MemberNotification.Kind, reason: String,
        announce: Bool, extra: [String: String] = [:]
    ) throws {
        var moved: [MemberID: (net: Int, balance: Int)] = [:]
        var order: [MemberID] = []
        for posting in transfer.postings {
            guard let member = posting.account.memberID else { continue }
            if moved[member] == nil { order.append(member) }
            moved[member] = ((moved[member]?.net ?? 0) + posting.amount, posting.balanceAfter)
        }
        for member in order {
            guard let (net, balance) = moved[member], net != 0 else { continue }
            let parameters = [
                "transfer_id": transfer.id.rawValue, "points": String(abs(net)), "direction": net > 0 ? "credit" : "debit",
                "balance": String(balance), "reason": reason.trimmingCharacters(in: .whitespacesAndNewlines),
            ].merging(extra) { $1 }
            try MemberNotifications.notify(
                tx, community: community, member: member, kind: kind, subject: "transfer:\(transfer.id)", parameters: parameters,
                announce: announce)
        }
    }

    /// A transfer that goes out on no webhook, and so neither does its reversal: the upheld-report
    /// reward (`ReportRewards` pays it with `announce: false`) and a case's compensation
    /// (`LedgerSettlementCommands.compensate`). Either names, next to the case, a member who is
    /// often its reporter, to every community chat group that follows `ledger.*`.
    static func isUnannounced(_ transfer: Transfer) -> Bool {
        (transfer.kind == .reward && transfer.category == CaseCommands.upheldReportCategory)
            || (transfer.kind == .compensation && transfer.idempotencyKey.hasPrefix(CaseCommands.compensationKeyPrefix))
    }
}
