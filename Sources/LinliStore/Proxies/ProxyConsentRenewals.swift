import Foundation
import GRDB
import LinliDomain

/// Moving a consent's end later (`POST /v1/proxies/{id}/renew`), on the same terms as giving one.
///
/// Why: a consent is refused while one naming the same agent is in force (409
/// `proxy.already_granted`), and withdrawing it to give a new one counts as a withdrawal, which
/// turns that agent away until she consents again (helper 144 #14). A renewal keeps the consent,
/// its history and what was done under it, and records who moved the end, from when to when.
public enum ProxyConsentRenewals {
    /// The resident renews her own consent, or staff (`proxy.record`) record her renewal at the
    /// desk with a `note`, as for a consent recorded there (and with the same limits when the
    /// staff member is the agent named: `ProxyConsentCommands.checkRecordingOwn`). Only a consent
    /// in force is renewed (409 `proxy.not_active`: an expired one is given again); the resident
    /// must be active and the agent still staff and active (409 `proxy.agent_cannot_act`). The new
    /// end is at least a day later than the present one, so a second tap does not renew twice.
    /// She is told (`proxy_renewed`), and so
    /// is the agent when someone else renewed it (`proxy_renewed_for_agent`). The reminder before
    /// the end (`ProxyConsentExpiryReminders`) is sent again before the new end.
    public static func renew(
        _ tx: Transaction, principal: Principal, id: ProxyConsentID, input: ProxyRenewalInput, expectedVersion: Int?,
        actor: AuditActor
    ) throws -> ProxyConsent {
        var consent = try ProxyConsentCommands.fetchVisible(tx.db, principal: principal, id: id)
        let atDesk = consent.memberID != principal.memberID
        if atDesk {
            guard ProxyConsentCommands.staffMay(principal, .proxyRecord) else { throw DomainError.forbidden(.proxyRecord) }
        }
        try MemberCommands.checkVersion(consent.version, expectedVersion)
        let state = consent.state(at: tx.now)
        guard state == .active else {
            throw DomainError(code: "proxy.not_active", category: .conflict, parameters: ["id": id.rawValue, "state": state.rawValue])
        }
        try input.validate(now: tx.now, current: consent.expiresAt, inPerson: atDesk)
        let community = consent.communityID
        let resident = try MemberCommands.fetch(tx.db, community: community, id: consent.memberID)
        guard resident.isActive(at: tx.now) else {
            throw DomainError(code: "proxy.member_inactive", category: .conflict, parameters: ["id": resident.id.rawValue])
        }
        // The agent must still be able to act: the body names no agent, so this is the consent's
        // state (409), not a field to correct (helper 147 #7).
        let agent = try MemberCommands.fetch(tx.db, community: community, id: consent.agentID)
        guard AccessPolicy.allows(agent.role, .exchangeManageOthers), agent.isActive(at: tx.now) else {
            throw DomainError(code: "proxy.agent_cannot_act", category: .conflict, parameters: ["id": agent.id.rawValue, "name": agent.displayName])
        }
        if atDesk, agent.id == principal.memberID {
            try ProxyConsentCommands.checkRecordingOwn(tx.db, principal: principal, member: resident.id)
        }
        if !atDesk { try ProxyConsentCommands.checkNotThroughAgentsToken(tx.db, principal: principal, resident: resident, agent: agent) }

        let previous = consent.expiresAt
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        consent.expiresAt = input.expiry(now: tx.now)
        consent.version += 1
        consent.lastRenewal = ProxyConsent.Renewal(at: tx.now, by: principal.memberID, basis: atDesk ? .inPerson : .member, note: note)
        try consent.update(tx.db)
        // The reminder comes again before the new end; not for an end within its lead, which
        // whoever renewed it just chose (helper 147 #3: renewed for ten days, reminded the hour after).
        // (A day's margin past the lead: the hourly reminder would otherwise catch an end renewed
        // to just beyond it; helper 148 #5.)
        let remindable = consent.expiresAt.timeIntervalSince(tx.now) > TimeInterval(ProxyConsentLimits.reminderDays + 1) * 86_400
        try tx.db.execute(
            sql: "UPDATE proxy_consents SET expiry_reminded_at = ? WHERE community_id = ? AND id = ?",
            arguments: [remindable ? nil : tx.now, community.rawValue, consent.id.rawValue])
        try tx.audit(
            community, actor: actor, action: "proxy.renewed", targetType: "member", targetID: resident.id.rawValue,
            before: ["proxy_id": consent.id.rawValue, "expires_at": AuditTimestamp.iso(previous)],
            after: [
                "proxy_id": consent.id.rawValue, "agent_id": agent.id.rawValue, "basis": atDesk ? ProxyConsent.Basis.inPerson.rawValue : ProxyConsent.Basis.member.rawValue,
                "expires_at": AuditTimestamp.iso(consent.expiresAt), "note": note,
            ])

        let timezone = try CommunityCommands.fetch(tx.db, id: community).timezone
        var parameters = [
            "proxy_id": consent.id.rawValue, "agent_name": agent.displayName,
            "expires_at": EventLocalTime.text(consent.expiresAt, timeZoneID: timezone),
            "previous_expires_at": EventLocalTime.text(previous, timeZoneID: timezone),
        ]
        if atDesk { parameters["recorded_by_name"] = try MemberCommands.fetch(tx.db, community: community, id: principal.memberID).displayName }
        try MemberNotifications.notify(
            tx, community: community, member: resident.id, kind: .proxyRenewed, subject: "proxy:\(consent.id)", parameters: parameters)
        if agent.id != principal.memberID {
            try MemberNotifications.notify(
                tx, community: community, member: agent.id, kind: .proxyRenewedForAgent, subject: "proxy:\(consent.id)",
                parameters: [
                    "proxy_id": consent.id.rawValue, "resident_name": resident.displayName,
                    "expires_at": EventLocalTime.text(consent.expiresAt, timeZoneID: timezone),
                ])
        }
        return consent
    }
}
