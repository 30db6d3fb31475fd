import Foundation

/// Identity and validity window of one rule-set version: what the store keeps per version and what
/// `ActiveRuleSetSelector` chooses among.
public struct RuleSetHeader: Sendable, Hashable, Codable {
    /// Only `linli.rules/v1` today; the key exists so a future format can be told apart.
    public let schema: String
    /// The community (tenant) slug this file is written for.
    public let community: String
    /// Strictly increasing version number within a community.
    public let version: Int
    /// The version this one replaces, if any (must be lower than `version`).
    public let supersedes: Int?
    /// The instant the version takes effect: `effective_from` read in `timezone`.
    public let effectiveFrom: Date
    /// `effective_from` exactly as written (local wall-clock time).
    public let effectiveFromLocal: String
    /// IANA time zone of every local time in the file (time slots, holidays, effective_from).
    public let timezone: String
    /// Who adopted the file (free text: "业委会规则修订小组").
    public let adoptedBy: String
    /// When and how it was adopted (free text: "2026-03-02 居民议事会表决 23/25").
    public let adoptedAt: String
    /// Lower-case hex SHA-256 of the exact file bytes: the version's identity in valuations.
    public let contentHash: String

    public init(
        schema: String, community: String, version: Int, supersedes: Int?, effectiveFrom: Date,
        effectiveFromLocal: String, timezone: String, adoptedBy: String, adoptedAt: String, contentHash: String
    ) {
        self.schema = schema
        self.community = community
        self.version = version
        self.supersedes = supersedes
        self.effectiveFrom = effectiveFrom
        self.effectiveFromLocal = effectiveFromLocal
        self.timezone = timezone
        self.adoptedBy = adoptedBy
        self.adoptedAt = adoptedAt
        self.contentHash = contentHash
    }
}
