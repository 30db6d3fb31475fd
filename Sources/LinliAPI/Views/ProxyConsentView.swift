import Foundation
import LinliDomain

/// How a consent is shown: whose, to whom, on what basis, until when, and where it stands now
/// (`state` is computed at the moment of the answer, so an expired consent says so). `in_force`
/// says whether the agent can act on it right now; an active consent that cannot be used says
/// why in `paused_because` (`ProxyConsentPause`: the resident suspended, the agent no longer
/// staff…), and resumes by itself when that ends.
struct ProxyConsentView: Encodable {
    let id: String
    let memberId: String
    let agentId: String
    let basis: String
    let note: String?
    let grantedBy: String
    let grantedAt: Date
    let expiresAt: Date
    let state: String
    let inForce: Bool
    let pausedBecause: String?
    let revokedAt: Date?
    let revokedBy: String?
    let revocationReason: String?
    let version: Int
    /// The last renewal (when, by whom, how, on what note), if it was ever renewed.
    let lastRenewal: RenewalView?

    struct RenewalView: Encodable {
        let at: Date
        let by: String
        let basis: String
        let note: String?
    }

    init(_ consent: ProxyConsent, now: Date, pause: ProxyConsentPause? = nil) {
        id = consent.id.rawValue
        memberId = consent.memberID.rawValue
        agentId = consent.agentID.rawValue
        basis = consent.basis.rawValue
        note = consent.note
        grantedBy = consent.grantedBy.rawValue
        grantedAt = consent.grantedAt
        expiresAt = consent.expiresAt
        let state = consent.state(at: now)
        self.state = state.rawValue
        pausedBecause = state == .active ? pause?.rawValue : nil
        inForce = state == .active && pause == nil
        revokedAt = consent.revokedAt
        revokedBy = consent.revokedBy?.rawValue
        revocationReason = consent.revocationReason
        version = consent.version
        lastRenewal = consent.lastRenewal.map { RenewalView(at: $0.at, by: $0.by.rawValue, basis: $0.basis.rawValue, note: $0.note) }
    }
}
