import Foundation
import GRDB
import LinliDomain

/// Whether the staff member who registered something for a resident (an event seat, an exchange
/// request, a listing) is still the one to hear of it: they keep the staff permission it took and
/// are active, she has not withdrawn a consent naming them since, and she is still an active
/// resident. The same limits as carrying on registered work (`ExchangeAccess.mayActAsRegistered`).
enum RegistrarStanding {
    /// The resident when the registrar may hear news of her, nil otherwise.
    static func resident(
        _ tx: Transaction, community: CommunityID, registrar: MemberID, resident member: MemberID, registeredAt: Date,
        permission: Permission
    ) throws -> Member? {
        guard registrar != member,
            try !ProxyConsents.withdrawnSince(tx.db, community: community, agent: registrar, member: member, since: registeredAt)
        else { return nil }
        let staff = try MemberCommands.fetch(tx.db, community: community, id: registrar)
        guard AccessPolicy.allows(staff.role, permission), staff.isActive(at: tx.now) else { return nil }
        let resident = try MemberCommands.fetch(tx.db, community: community, id: member)
        guard resident.role == .resident, resident.isActive(at: tx.now) else { return nil }
        return resident
    }
}
