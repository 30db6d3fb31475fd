import Foundation
import GRDB
import LinliDomain

/// The community's active members whose role carries a permission: who hears of something that
/// is theirs to act on (public holidays missing from the rules, a webhook endpoint failing).
/// Suspended or banned members are left out: they may not act on it.
enum StaffWithPermission {
    static func active(_ tx: Transaction, community: CommunityID, _ permission: Permission) throws -> [Member] {
        let roles = Role.allCases.filter { AccessPolicy.allows($0, permission) }.map(\.rawValue)
        return try Member.fetchAll(
            tx.db,
            sql: "SELECT * FROM members WHERE community_id = ? AND role IN (\(roles.map { _ in "?" }.joined(separator: ", "))) ORDER BY id",
            arguments: StatementArguments([community.rawValue] + roles)
        ).filter { $0.isActive(at: tx.now) }
    }
}
