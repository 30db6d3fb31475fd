import GRDB
import LinliDomain

/// Staff tools never touch the staff member's own points: an organizer does not reward
/// themselves, an admin does not adjust their own balance nor reverse a transfer they were part
/// of (which could hand them back points they paid). Each of these is a decision about someone's
/// points, and residents trust the ledger because someone else takes it. Another staff member
/// can; the operator's command line (no principal) is not a member and is not refused.
enum LedgerOwnAccountGuard {
    /// 403 `ledger.own_account` when `principal` is one of `members`, 403 `ledger.own_household`
    /// when one of them lives in the principal's household: points given to a housemate end up in
    /// the same home, as exchanges between housemates are refused for the same reason
    /// (`exchange.same_household`).
    static func check(_ db: Database, _ principal: Principal?, members: [MemberID], action: String) throws {
        guard let principal else { return }
        if members.contains(principal.memberID) {
            throw DomainError(code: "ledger.own_account", category: .forbidden, parameters: ["action": action])
        }
        guard !members.isEmpty else { return }
        let ids = [principal.memberID] + members
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT id, household_id FROM members WHERE community_id = ? AND id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments([principal.communityID.rawValue] + ids.map(\.rawValue)))
        var households: [String: String] = [:]
        for row in rows { if let household = row["household_id"] as String? { households[row["id"]] = household } }
        guard let own = households[principal.memberID.rawValue] else { return }
        if let member = members.first(where: { households[$0.rawValue] == own }) {
            throw DomainError(
                code: "ledger.own_household", category: .forbidden,
                parameters: ["action": action, "member_id": member.rawValue, "household_id": own])
        }
    }
}
