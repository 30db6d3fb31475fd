import GRDB
import LinliDomain

/// Whom a case's compensation was paid to. A moderator's `compensate` action moves points from the
/// member the case was about to the one harmed, usually the one who reported them. The offender's
/// notice and the outbox event leave that person out, but the ledger named them: the offender's
/// statement listed them as the counterparty and the transfer showed their account (session 30
/// walk); so did the reversal when an appeal overturned the action. Now, on a compensation or its
/// reversal that names a case, the other member is shown only to readers who may read the case's
/// reporters (`UpheldReportRewardPrivacy.mayReadReporters`) and to that member. Statements and
/// `GET /v1/ledger/transfers/{id}` both go through here.
public enum CaseCompensationPrivacy {
    /// A page of `member`'s statement as `principal` may read it: on the case's offender's lines,
    /// the member counterparties are left out; on anyone else's (the member paid, read by staff
    /// who may not read the case's reporters, the offender among them), the offender and the case
    /// are left out too (helper 128), so the line does not tie the member paid to the case. She
    /// reads her own statement whole, but for a compensation's reason, which names the case.
    public static func statement(
        _ db: Database, principal: Principal, member: MemberID, _ page: Page<StatementEntry>
    ) throws -> Page<StatementEntry> {
        let items = try page.items.map { entry in
            guard let offender = try withholdingCase(db, principal: principal, kind: entry.kind, reference: entry.reference) else { return entry }
            if offender == member { return entry.withoutMemberCounterparties }
            guard member == principal.memberID else { return entry.withoutCaseLink }
            return entry.kind == .compensation ? entry.withCaseCompensationReason : entry
        }
        return Page(items: items, nextAfter: page.nextAfter)
    }

    /// The member accounts of `transfer` that `principal` is not shown: every member but the case's
    /// offender and the reader.
    public static func withheldAccounts(_ db: Database, principal: Principal, _ transfer: Transfer) throws -> Set<AccountRef> {
        guard let offender = try withholdingCase(db, principal: principal, kind: transfer.kind, reference: transfer.reference) else { return [] }
        return Set(transfer.postings.map(\.account).filter { account in
            guard let member = account.memberID else { return false }
            return member != offender && member != principal.memberID
        })
    }

    /// The reason `principal` reads on `transfer`: on a case's compensation, the member paid (who
    /// may not read the case's reporters) reads the case named, not the resolution's words written
    /// to the offender (helper 137, helper 139: transfers written before 0.38 carry them).
    public static func reason(_ db: Database, principal: Principal, _ transfer: Transfer) throws -> String {
        guard transfer.kind == .compensation, let reference = transfer.reference,
            let offender = try withholdingCase(db, principal: principal, kind: transfer.kind, reference: reference),
            offender != principal.memberID
        else { return transfer.reason }
        return TransferKind.caseCompensationReason(reference)
    }

    /// The member the case was about, when `reference` names a case whose reporters `principal`
    /// may not read and the transfer is a compensation or a reversal of one; nil otherwise.
    static func withholdingCase(_ db: Database, principal: Principal, kind: TransferKind, reference: String?) throws -> MemberID? {
        guard kind == .compensation || kind == .reversal, let reference, reference.hasPrefix(CaseIDKind.prefix + "_"),
            let offender = try UpheldReportRewardPrivacy.caseTarget(db, principal: principal, caseID: reference),
            try !UpheldReportRewardPrivacy.mayReadReporters(db, principal: principal, about: offender)
        else { return nil }
        return offender
    }
}
