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
    /// agent is suspended until before it ends waits, and is reminded once the suspension is over
    /// (helper 157 #4: marked at once, it lapsed unannounced a week after her suspension ended);
    /// one whose resident or agent cannot act for good (banned, suspended past its end or without
    /// one, no longer staff) is marked without a reminder: renewing is not open to them either.
    public static func remindDue(_ tx: Transaction, batch: Int = 100) throws -> Int {
        let lead = TimeInterval(ProxyConsentLimits.reminderDays) * 86_400
        let due = try ProxyConsent.fetchAll(
            tx.db, sql: """
                SELECT * FROM proxy_consents
                WHERE revoked_at IS NULL AND expiry_reminded_at IS NULL AND expires_at <= ? AND expires_at > ?
                  AND NOT EXISTS (
                      SELECT 1 FROM members m
                      WHERE m.community_id = proxy_consents.community_id AND m.id IN (proxy_consents.member_id, proxy_consents.agent_id)
                        AND m.status = 'suspended' AND m.suspended_until > ? AND m.suspended_until < proxy_consents.expires_at)
                ORDER BY expires_at, id LIMIT ?
                """,
            arguments: [tx.now.addingTimeInterval(lead), tx.now, tx.now, batch])
        var timezones: [CommunityID: String] = [:]
        for consent in due {
            try tx.db.execute(
                sql: "UPDATE proxy_consents SET expiry_reminded_at = ? WHERE community_id = ? AND id = ?",
                arguments: [tx.now, consent.communityID.rawValue, consent.id.rawValue])
            // Not a consent given for about the lead or less: she knows it is short, and a reminder
            // minutes after she gave it would be noise (a day's margin, as for a renewal: helper 157 #5).
            guard consent.expiresAt.timeIntervalSince(consent.grantedAt) > lead + 86_400 else { continue }
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
