import LinliDomain

/// Staff tools never touch the staff member's own points: an organizer does not reward
/// themselves, an admin does not adjust their own balance nor reverse a transfer they were part
/// of (which could hand them back points they paid). Each of these is a decision about someone's
/// points, and residents trust the ledger because someone else takes it. Another staff member
/// can; the operator's command line (no principal) is not a member and is not refused.
enum LedgerOwnAccountGuard {
    /// 403 `ledger.own_account` when `principal` is one of `members`.
    static func check(_ principal: Principal?, members: [MemberID], action: String) throws {
        guard let principal, members.contains(principal.memberID) else { return }
        throw DomainError(code: "ledger.own_account", category: .forbidden, parameters: ["action": action])
    }
}
