import GRDB
import LinliDomain

/// Adds the holder's display name to a "claimed by someone else" refusal.
///
/// The pure core knows the holder only by member id; a moderator told "claimed by
/// m_01J…" cannot tell which colleague to ask. The store looks the name up when it turns the
/// refusal into an answer, so the message reads "claimed by 王芳 (m_01J…)".
enum ClaimHolderName {
    /// `error` with `claimed_by_name` beside its `claimed_by` id; any other error unchanged.
    static func adding(to error: DomainError, _ db: Database, community: CommunityID) -> DomainError {
        guard let holder = error.parameters["claimed_by"], error.parameters["claimed_by_name"] == nil,
              let member = try? MemberCommands.fetch(db, community: community, id: MemberID(trusted: holder))
        else { return error }
        return DomainError(
            code: error.code, category: error.category,
            parameters: error.parameters.merging(["claimed_by_name": member.displayName]) { $1 },
            instants: error.instants, fieldIssues: error.fieldIssues, diagnostics: error.diagnostics)
    }

    /// Runs `check`, naming the holder if it refuses because someone else holds the claim.
    static func naming(_ db: Database, community: CommunityID, _ check: () throws(DomainError) -> Void) throws {
        do {
            try check()
        } catch {
            throw adding(to: error, db, community: community)
        }
    }
}
