import Foundation
import GRDB
import LinliDomain

/// A bound on learning who is registered from one's own profile. Changing one's phone to a number
/// another member has is refused (422 `duplicate` at `/phone`), which says the number is taken;
/// unbounded, a resident could try number after number. Each such refusal is recorded beside the
/// refused change (which rolls back), and after `perDay` of them in 24 hours her phone changes
/// are refused outright, taken or not (429 `member.phone_change_limit`), so the answer says
/// nothing more. Staff who update others' profiles (`member.update_others`) see members' phones
/// in the directory anyway and are not counted.
public enum PhoneChangeRefusals {
    /// Refusals a member may have in 24 hours.
    public static let perDay = 5

    /// The profile update (`MemberCommands.updateProfile`), with a refusal of her own phone change
    /// as taken recorded after the change rolled back.
    public static func updateProfile(
        store: Store, principal: Principal, id: MemberID, patch: MemberProfilePatch, expectedVersion: Int?, actor: AuditActor
    ) async throws -> Member {
        do {
            return try await store.transaction { tx in
                try MemberCommands.updateProfile(tx, principal: principal, id: id, patch: patch, expectedVersion: expectedVersion, actor: actor)
            }
        } catch let error as DomainError where counts(principal: principal, id: id, patch: patch) && isTaken(error) {
            try await store.transactionBeside { tx in try record(tx, principal: principal) }
            throw error
        }
    }

    /// Whether the patch is one whose refusals count: the member's own phone set to a number, by
    /// a member who cannot update others.
    static func counts(principal: Principal, id: MemberID, patch: MemberProfilePatch) -> Bool {
        guard id == principal.memberID, !principal.can(.memberUpdateOthers), case .value = patch.phone else { return false }
        return true
    }

    static func isTaken(_ error: DomainError) -> Bool {
        error.fieldIssues.contains { $0.pointer == "/phone" && $0.code == .duplicate }
    }

    /// 429 `member.phone_change_limit` once the member has `perDay` refusals in the last 24 hours,
    /// until the oldest of the last `perDay` is 24 hours old (`retry_at`, and `Retry-After`; to
    /// the next whole second, as `retry_at` is shown, so a client waiting until then is not refused).
    static func check(_ tx: Transaction, principal: Principal) throws {
        let since = tx.now.addingTimeInterval(-86_400)
        let refusals = try Date.fetchAll(
            tx.db, sql: """
                SELECT refused_at FROM phone_change_refusals WHERE community_id = ? AND member_id = ? AND refused_at > ?
                ORDER BY refused_at DESC LIMIT ?
                """,
            arguments: [principal.communityID.rawValue, principal.memberID.rawValue, since, perDay])
        if refusals.count >= perDay, let oldest = refusals.last {
            throw DomainError(
                code: "member.phone_change_limit", category: .rateLimited, parameters: ["limit": String(perDay)],
                instants: ["retry_at": Date(timeIntervalSince1970: (oldest.timeIntervalSince1970 + 86_400).rounded(.up))])
        }
    }

    /// Records one refusal and deletes the member's refusals older than 24 hours.
    static func record(_ tx: Transaction, principal: Principal) throws {
        let community = principal.communityID.rawValue, member = principal.memberID.rawValue
        try tx.db.execute(
            sql: "DELETE FROM phone_change_refusals WHERE community_id = ? AND member_id = ? AND refused_at <= ?",
            arguments: [community, member, tx.now.addingTimeInterval(-86_400)])
        try tx.db.execute(
            sql: "INSERT INTO phone_change_refusals (community_id, member_id, refused_at) VALUES (?, ?, ?)",
            arguments: [community, member, tx.now])
    }
}
