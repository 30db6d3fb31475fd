import Foundation
import LinliDomain

/// What trust computations need to know about one member, handed in by the store.
///
/// Fingerprints are opaque strings (hashed device ids, hashed IP prefixes): LinliTrust only compares
/// them for equality, so the store decides what they contain and never has to hand in raw addresses.
public struct TrustMember: Sendable, Hashable, Codable {
    public var id: MemberID
    public var householdID: HouseholdID?
    public var createdAt: Date
    /// Real-name (实名) verification by station staff.
    public var verified: Bool
    public var fingerprints: Set<String>

    public init(id: MemberID, householdID: HouseholdID?, createdAt: Date, verified: Bool, fingerprints: Set<String> = []) {
        self.id = id
        self.householdID = householdID
        self.createdAt = createdAt
        self.verified = verified
        self.fingerprints = fingerprints
    }
}
