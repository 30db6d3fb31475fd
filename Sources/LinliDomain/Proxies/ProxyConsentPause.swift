import Foundation

/// Why a consent that has neither expired nor been withdrawn cannot be used right now.
///
/// Why it is shown: a consent's `state` is about the consent itself (given, ran out, withdrawn),
/// but the service also stops honouring it while the resident is suspended or banned, once she
/// takes a staff role, and while the agent is not active staff (`ProxyConsents.holds` and the
/// agent's own permissions). Without saying so, the desk would see "active" and not understand
/// why the elder's exchange stays out of reach; and the consent resumes by itself when the
/// reason ends (a suspension served), so it is a pause, not an end.
public enum ProxyConsentPause: String, Sendable, Codable, CaseIterable {
    /// The resident is suspended or banned.
    case memberInactive = "member_inactive"
    /// The resident now holds a staff role: consents are for residents.
    case memberNotResident = "member_not_resident"
    /// The agent no longer holds a role that acts for residents.
    case agentNotStaff = "agent_not_staff"
    /// The agent is suspended or banned.
    case agentInactive = "agent_inactive"

    /// The first reason, resident's before agent's, that keeps an active consent from being
    /// used at `now`; nil when it is in force.
    public static func of(member: Member, agent: Member, at now: Date) -> ProxyConsentPause? {
        if member.role != .resident { return .memberNotResident }
        if !member.isActive(at: now) { return .memberInactive }
        if !AccessPolicy.allows(agent.role, .exchangeManageOthers) { return .agentNotStaff }
        if !agent.isActive(at: now) { return .agentInactive }
        return nil
    }
}
