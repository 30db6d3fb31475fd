import GRDB
import LinliDomain

/// Who reads which case an upheld-report reward was for. Rewards paid before migration 0019 carry
/// the case id as their memo, and the reward is posted to the reporter's account: together they
/// say who reported whom. (Rewards paid since, by `ReportRewards`, have no memo: nothing here to
/// withhold.) So the memo is shown only to those who may already read that case —
/// the rewarded member themselves, and moderators and admins (`case.manage`) unless the case is
/// about them or a housemate (`case.own`, `moderation.own_household`, as `CaseQueries.detail`). Anyone else with `ledger.read_others`
/// (station staff, an organizer, a reported moderator) reads the reward without its memo.
/// Statements and `GET /v1/ledger/transfers/{id}` both go through here, so they cannot drift apart.
public enum UpheldReportRewardPrivacy {
    /// A page of `member`'s statement as `principal` may read it.
    public static func statement(
        _ db: Database, principal: Principal, member: MemberID, _ page: Page<StatementEntry>
    ) throws -> Page<StatementEntry> {
        let own = member == principal.memberID
        let items = try page.items.map { entry in
            try showsCase(db, principal: principal, category: entry.category, memo: entry.memo, ownAccount: own) ? entry : entry.withoutMemo
        }
        return Page(items: items, nextAfter: page.nextAfter)
    }

    /// One transfer as `principal` may read it (a party reads its own transfer as its statement shows it).
    public static func transfer(_ db: Database, principal: Principal, _ transfer: Transfer) throws -> Transfer {
        let own = transfer.postings.contains { $0.account == .member(principal.memberID) }
        return try showsCase(db, principal: principal, category: transfer.category, memo: transfer.memo, ownAccount: own)
            ? transfer : transfer.withoutMemo
    }

    /// The one rule: whether the memo of this line may be shown. Only an upheld-report reward's
    /// memo is ever withheld; `ownAccount` is true when the line is on the reader's own account.
    static func showsCase(_ db: Database, principal: Principal, category: String?, memo: String?, ownAccount: Bool) throws -> Bool {
        guard category == CaseCommands.upheldReportCategory, let memo, !ownAccount else { return true }
        guard let about = try caseTarget(db, principal: principal, caseID: memo) else { return true }
        return try mayReadReporters(db, principal: principal, about: about)
    }

    /// The member case `caseID` of the reader's community was about; nil when there is no such case.
    static func caseTarget(_ db: Database, principal: Principal, caseID: String) throws -> MemberID? {
        try String.fetchOne(
            db, sql: "SELECT target_member_id FROM trust_cases WHERE community_id = ? AND id = ?",
            arguments: [principal.communityID.rawValue, caseID]
        ).map { MemberID(trusted: $0) }
    }

    /// Whether `principal` may read who reported in a case about `about`: moderators and admins
    /// (`case.manage`), not about them or a housemate (who may not read that case either:
    /// `moderation.own_household`).
    static func mayReadReporters(_ db: Database, principal: Principal, about: MemberID) throws -> Bool {
        guard principal.can(.caseManage) else { return false }
        return try !ModerationConflict.selfAndHousemates(db, of: principal).contains(about)
    }
}
