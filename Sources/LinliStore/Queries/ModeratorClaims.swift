import GRDB
import LinliDomain

/// The review items and cases a member holds claimed, given up when she may no longer decide
/// them: demoted to a role without the permission, or suspended or banned (her staff
/// permissions lapse with her standing, `Principal.can`). A claim otherwise blocked the item for
/// the rest of its lease (up to a day) while nobody could decide it (helper 188 #5).
enum ModeratorClaims {
    static func release(_ tx: Transaction, member: Member) throws {
        let standing = member.isActive(at: tx.now)
        let claims: [(table: String, open: String, permission: Permission)] = [
            ("reviews", "pending", .listingReview), ("trust_cases", "open", .caseManage),
        ]
        for claim in claims where !standing || !AccessPolicy.allows(member.role, claim.permission) {
            try tx.db.execute(
                sql: """
                    UPDATE \(claim.table) SET claimed_by = NULL, claim_expires_at = NULL, version = version + 1
                    WHERE community_id = ? AND claimed_by = ? AND status = ?
                    """,
                arguments: [member.communityID.rawValue, member.id.rawValue, claim.open])
        }
    }
}
