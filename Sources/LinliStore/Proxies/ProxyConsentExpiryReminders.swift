import Foundation
import GRDB
import LinliDomain

/// The reminder before a consent ends: `proxy_expiring` to the resident and
/// `proxy_expiring_for_agent` to her agent, `ProxyConsentLimits.reminderDays` ahead, once per end
/// (`expiry_reminded_at`, cleared by a renewal). Run by a periodic service.
///
/// Why: a year's consent ended unnoticed, and the walk to the clinic staff had arranged for her
/// could not be confirmed the next morning (helper 144 #14). A consent given for less than the
/// reminder lead is not reminded: she gave it knowing it was short.
public enum ProxyConsentExpiryReminders {
    /// Reminds the consents in force ending within the lead, at most `batch` per call; returns how
    /// many were looked at (call again while it equals `batch`). A consent whose resident or
    /// agent cannot act now (suspended, banned, no longer staff) is marked without a reminder:
    /// renewing is not open to them either.
    public static func remindDue(_ tx: Transaction, batch: Int = 100) throws -> Int {
        let lead = TimeInterval(ProxyConsentLimits.reminderDays) * 86_400
        let due = try ProxyConsent.fetchAll(
            tx.db, sql: """
                SELECT * FROM proxy_consents
                WHERE revoked_at IS NULL AND expiry_reminded_at IS NULL AND expires_at <= ? AND expires_at > ?
                ORDER BY expires_at, id LIMIT ?
                """,
            arguments: [tx.now.addingTimeInterval(lead), tx.now, batch])
        var timezones: [CommunityID: String] = [:]
        for consent in due {
            try tx.db.execute(
                sql: "UPDATE proxy_consents SET expiry_reminded_at = ? WHERE community_id = ? AND id = ?",
                arguments: [tx.now, consent.communityID.rawValue, consent.id.rawValue])
            guard consent.expiresAt.timeIntervalSince(consent.grantedAt) > lead else { continue }
            let community = consent.communityID
            let resident = try MemberCommands.fetch(tx.db, community: community, id: consent.memberID)
            let agent = try MemberCommands.fetch(tx.db, community: community, id: consent.agentID)
            guard resident.isActive(at: tx.now), agent.isActive(at: tx.now), AccessPolicy.allows(agent.role, .exchangeManageOthers) else { continue }
            let timezone = try timezones[community] ?? CommunityCommands.fetch(tx.db, id: community).timezone
            timezones[community] = timezone
            let ends = EventLocalTime.text(consent.expiresAt, timeZoneID: timezone)
            try MemberNotifications.notify(
                tx, community: community, member: resident.id, kind: .proxyExpiring, subject: "proxy:\(consent.id)",
                parameters: ["proxy_id": consent.id.rawValue, "agent_name": agent.displayName, "expires_at": ends])
            try MemberNotifications.notify(
                tx, community: community, member: agent.id, kind: .proxyExpiringForAgent, subject: "proxy:\(consent.id)",
                parameters: ["proxy_id": consent.id.rawValue, "resident_name": resident.displayName, "expires_at": ends])
        }
        return due.count
    }
}
