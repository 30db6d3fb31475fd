import Foundation
import LinliDomain

/// How a consent is shown: whose, to whom, on what basis, until when, and where it stands now
/// (`state` is computed at the moment of the answer, so an expired consent says so).
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
    let revokedAt: Date?
    let revokedBy: String?
    let revocationReason: String?
    let version: Int

    init(_ consent: ProxyConsent, now: Date) {
        id = consent.id.rawValue
        memberId = consent.memberID.rawValue
        agentId = consent.agentID.rawValue
        basis = consent.basis.rawValue
        note = consent.note
        grantedBy = consent.grantedBy.rawValue
        grantedAt = consent.grantedAt
        expiresAt = consent.expiresAt
        state = consent.state(at: now).rawValue
        revokedAt = consent.revokedAt
        revokedBy = consent.revokedBy?.rawValue
        revocationReason = consent.revocationReason
        version = consent.version
    }
}
