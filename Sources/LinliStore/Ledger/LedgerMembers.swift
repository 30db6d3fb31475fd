import GRDB
import LinliDomain

/// Membership checks for ledger commands: points only ever go to a member of the same community.
enum LedgerMembers {
    /// Throws a validation error pointing at `pointer` unless the member belongs to the community.
    static func require(_ db: Database, community: CommunityID, member: MemberID, at pointer: String) throws {
        let exists = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM members WHERE community_id = ? AND id = ?"),
            arguments: [community.rawValue, member.rawValue]) ?? false
        if !exists { throw DomainError.validation([FieldIssue(pointer, .notFound)]) }
    }
}

extension Principal {
    /// Refuses a principal of another community as if the target did not exist (tenancy rule).
    func requireCommunity(_ community: CommunityID) throws {
        if communityID != community { throw DomainError.notFound("community", id: community.rawValue) }
    }
}
