import Foundation

/// Body of "issue a token for a member".
public struct NewTokenInput: Decodable, Sendable, Equatable {
    public var label: String?
    /// Lifetime in days; absent = the configured default. Bounded so no token lives forever.
    public var expiresInDays: Int?
    /// Issuing for someone else (a resident at the desk, a lost phone replaced): how she asked
    /// for it ("本人到站，核对身份证"). Required then (`TokenCommands.issue`): whoever holds the
    /// token uses her account, so the desk records on whose word it was issued, in the audit log
    /// and in the notice she is sent when she already had one.
    public var note: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case label, expiresInDays = "expires_in_days", note }

    public init(label: String?, expiresInDays: Int?, note: String? = nil) {
        self.label = label
        self.expiresInDays = expiresInDays
        self.note = note
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.line(label, at: "/label", required: false, max: 60)
        check.text(note, at: "/note", required: false, min: 0, max: TokenLimits.note)  // blank is absent
        if let days = expiresInDays, !(1...TokenLimits.maxLifetimeDays).contains(days) {
            check.add(FieldIssue("/expires_in_days", .outOfRange, ["min": "1", "max": String(TokenLimits.maxLifetimeDays)]))
        }
        try check.finish()
    }
}

public enum TokenLimits {
    public static let defaultLifetimeDays = 180
    public static let maxLifetimeDays = 3650
    /// A token issued for someone else (station staff for a resident without a phone) lasts at
    /// most a year, as a consent does: whoever saw its secret at the desk could use her account,
    /// so it is renewed at the desk, where she is.
    public static let maxForSomeoneElseDays = 366
    /// The first admin token of a community created through the API (by another community's
    /// admin) lasts a week: its secret was handed over by someone outside the new community, so
    /// the new admin is expected to mint their own and revoke this one, and a forgotten copy in
    /// the creator's hands must not stay an admin key for half a year.
    public static let handedOverDays = 7
    /// The longest desk note on a token issued or revoked for someone else.
    public static let note = 200
}

/// Body of "revoke a token": why, required when someone else revokes it (the station at her
/// request: "手机丢失"). Shown to her in the notice and kept in the audit log.
public struct TokenRevocationInput: Decodable, Sendable, Equatable {
    public var reason: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }

    public init(reason: String?) { self.reason = reason }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", required: false, min: 0, max: TokenLimits.note)  // blank is absent
        try check.finish()
    }
}
