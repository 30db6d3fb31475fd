import Foundation

public enum ProxyConsentIDKind: IdentifierKind { public static let prefix = "prx" }
public typealias ProxyConsentID = Identifier<ProxyConsentIDKind>

/// A resident's standing consent that one station staff member may act for them in their
/// exchanges and listings, for a limited time.
///
/// Why it exists: staff already act for a resident in what they registered for her (a request
/// typed in at the desk, a listing posted for her). But an elder who asked for help on her own
/// phone and then cannot work the phone any more (confirm the walk to the clinic, answer a
/// request on her listing) had nobody to turn to: the staff member she asked at the desk could
/// not even see the exchange. Consent given once, in the app or at the desk, closes that gap
/// without giving staff the run of every resident's affairs.
///
/// Why it is bounded: it names one staff member (not "the station"), it ends on `expiresAt` (a
/// year at most, renewed deliberately), the resident or any station staff member at her request
/// can revoke it at any time, and everything done under it is audited as "acting for" her.
public struct ProxyConsent: Sendable, Equatable {
    /// How the consent was given, for whoever later asks whether she really agreed.
    public enum Basis: String, Sendable, Codable, CaseIterable {
        /// The resident granted it herself, signed in to the app.
        case member
        /// Staff recorded it at the service station: on her word with a witness or on a signed
        /// form, which `note` identifies (required).
        case inPerson = "in_person"
    }

    /// Where a consent stands at a moment: only an active one lets the agent act.
    public enum State: String, Sendable, Codable, CaseIterable {
        case active
        case expired
        case revoked
    }

    public var id: ProxyConsentID
    public var communityID: CommunityID
    /// The resident who consented.
    public var memberID: MemberID
    /// The staff member who may act for her.
    public var agentID: MemberID
    public var basis: Basis
    /// For a consent recorded at the desk: the form's number, who witnessed it.
    public var note: String?
    /// Who recorded it: the resident herself (`basis == .member`) or the staff member at the desk.
    public var grantedBy: MemberID
    public var grantedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var revokedBy: MemberID?
    public var revocationReason: String?
    public var version: Int
    /// The last time its end was moved later (`ProxyConsentRenewals`), if ever: the grant's
    /// basis and note say why it was given, this says why it still runs.
    public var lastRenewal: Renewal?

    /// A renewal: when, by whom, on what basis and, at the desk, on what it rests.
    public struct Renewal: Sendable, Equatable {
        public var at: Date
        public var by: MemberID
        public var basis: Basis
        public var note: String?

        public init(at: Date, by: MemberID, basis: Basis, note: String?) {
            self.at = at
            self.by = by
            self.basis = basis
            self.note = note
        }
    }

    public init(
        id: ProxyConsentID, communityID: CommunityID, memberID: MemberID, agentID: MemberID, basis: Basis, note: String?,
        grantedBy: MemberID, grantedAt: Date, expiresAt: Date, revokedAt: Date?, revokedBy: MemberID?, revocationReason: String?,
        version: Int, lastRenewal: Renewal? = nil
    ) {
        self.lastRenewal = lastRenewal
        self.id = id
        self.communityID = communityID
        self.memberID = memberID
        self.agentID = agentID
        self.basis = basis
        self.note = note
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.revocationReason = revocationReason
        self.version = version
    }

    /// Revoked wins over expired: a consent withdrawn before it ran out is reported as withdrawn.
    public func state(at now: Date) -> State {
        if revokedAt != nil { return .revoked }
        return now < expiresAt ? .active : .expired
    }
}
