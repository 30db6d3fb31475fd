import Foundation

/// Body of "consent that a staff member acts for me" (or "record her consent", at the desk).
public struct NewProxyConsentInput: Decodable, Sendable, Equatable {
    /// The resident who consents; absent: the caller herself. Another member's consent is recorded
    /// by station staff at the desk.
    public var memberID: MemberID?
    public var agentID: MemberID
    /// When the consent ends; absent: `ProxyConsentLimits.defaultDays` from now.
    public var expiresAt: Date?
    /// Required when staff record the consent at the desk: the form's number, the witness.
    public var note: String?
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case memberID = "member_id", agentID = "agent_id", expiresAt = "expires_at", note
    }

    public init(memberID: MemberID? = nil, agentID: MemberID, expiresAt: Date? = nil, note: String? = nil) {
        self.memberID = memberID
        self.agentID = agentID
        self.expiresAt = expiresAt
        self.note = note
    }

    /// `inPerson`: staff record it for the resident, so what she agreed to must be traceable.
    public func validate(now: Date, inPerson: Bool) throws(DomainError) {
        var check = FieldValidator()
        Self.checkTerm(&check, expiresAt: expiresAt, note: note, now: now, inPerson: inPerson)
        try check.finish()
    }

    /// The end and the note of a consent given or renewed: the end in the future and within
    /// `ProxyConsentLimits.maxDays`, the note within its length (required at the desk).
    static func checkTerm(_ check: inout FieldValidator, expiresAt: Date?, note: String?, now: Date, inPerson: Bool) {
        check.text(note, at: "/note", required: inPerson, max: ProxyConsentLimits.note)
        if let expiresAt {
            if expiresAt <= now {
                check.add(FieldIssue("/expires_at", .outOfRange, ["reason": "proxy.expiry_passed"]))
            } else if expiresAt > now.addingTimeInterval(TimeInterval(ProxyConsentLimits.maxDays) * 86_400) {
                check.add(FieldIssue("/expires_at", .outOfRange, ["reason": "proxy.expiry_too_far", "days": String(ProxyConsentLimits.maxDays)]))
            }
        }
    }

    /// The end the consent gets: the one asked for, or the default term.
    public func expiry(now: Date) -> Date {
        expiresAt ?? now.addingTimeInterval(TimeInterval(ProxyConsentLimits.defaultDays) * 86_400)
    }
}

/// Body of "renew a consent": a later end for a consent in force, given by the resident herself or
/// recorded at the desk by staff (`note` then required, as for a consent recorded there).
///
/// Why a renewal and not a new consent: a second consent naming the same agent is refused while
/// one is in force (409 `proxy.already_granted`), and withdrawing the first to give a new one
/// counted as a withdrawal, which turns the agent away (helper 144 #14).
public struct ProxyRenewalInput: Decodable, Sendable, Equatable {
    /// The new end; absent: `ProxyConsentLimits.defaultDays` from now.
    public var expiresAt: Date?
    public var note: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case expiresAt = "expires_at", note }

    public init(expiresAt: Date? = nil, note: String? = nil) {
        self.expiresAt = expiresAt
        self.note = note
    }

    /// `current`: the consent's end now, which the new one must be at least a day later than.
    public func validate(now: Date, current: Date, inPerson: Bool) throws(DomainError) {
        var check = FieldValidator()
        NewProxyConsentInput.checkTerm(&check, expiresAt: expiresAt, note: note, now: now, inPerson: inPerson)
        // At least a day later: "365 days from now" tapped twice would otherwise renew twice,
        // milliseconds apart, each told and audited (helper 147 #4).
        if check.issues.isEmpty, expiry(now: now) < current.addingTimeInterval(86_400) {
            // Without an end asked for, the default term would not extend it: say so, rather than
            // "leave it out" to someone who did (helper 148 #6).
            let reason = expiresAt == nil ? "proxy.renewal_not_needed_yet" : "proxy.renewal_not_later"
            check.add(FieldIssue("/expires_at", .outOfRange, ["reason": reason, "days": String(ProxyConsentLimits.defaultDays)], instants: ["expires_at": current]))
        }
        try check.finish()
    }

    /// The end the consent gets: the one asked for, or the default term from now.
    public func expiry(now: Date) -> Date {
        expiresAt ?? now.addingTimeInterval(TimeInterval(ProxyConsentLimits.defaultDays) * 86_400)
    }
}

/// Body of "withdraw a consent".
public struct ProxyRevocationInput: Decodable, Sendable, Equatable {
    public var reason: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }

    public init(reason: String?) { self.reason = reason }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: false, max: ProxyConsentLimits.note)
        try check.finish()
    }
}

/// How long a consent may run and how much may be written about it.
public enum ProxyConsentLimits {
    /// A consent asked for without an end runs a year, the usual term of a written authorisation.
    public static let defaultDays = 365
    /// A leap year's worth, so "the same day next year" is always allowed.
    public static let maxDays = 366
    public static let note = 200
    /// How long before its end a consent's resident and agent are reminded
    /// (`ProxyConsentExpiryReminders`): two weeks leaves time to come to the desk.
    public static let reminderDays = 14
}
