/// What adopting a candidate rule set would do to a community's live listings: the report an
/// organizer reads (and the API returns) before activation.
public struct RuleSetDiffReport: Sendable, Hashable, Codable {
    public var currentVersion: Int
    public var candidateVersion: Int
    public var currentHash: String
    public var candidateHash: String
    public var total: Int
    public var up: Int
    public var down: Int
    public var unchanged: Int
    /// Points over all listings valued under both versions.
    public var pointsBefore: Int
    public var pointsAfter: Int
    /// Listings counted per band of percentage change, in band order.
    public var distribution: [Band]
    /// Changed listings per step that drove the change.
    public var drivers: [Driver]
    /// Largest absolute changes first.
    public var topMovers: [Mover]
    /// Listings that sit at a cap under the candidate but did not under the current version.
    public var newlyCapped: [CapChange]
    /// Listings the candidate cannot value (e.g. a category it removed): they would break.
    public var failures: [Failure]
    /// What residents would see move: the candidate's points against each listing's stored
    /// points (the comparison above is of the two rule files on today's demand and supply, and
    /// says what the change of rules does). Nil when the listings carry no stored points (a
    /// `--listings` file). Helper 121: the rule comparison said "unchanged 7" and the
    /// revaluation then moved 5 listings, whose stored points had been valued weeks before.
    public var fromStored: FromStored?
    /// What else the candidate changes, besides prices (`RulePolicyDiff`): a file that only
    /// changed caps, penalties or category flags read "unchanged" before (helper 129).
    public var policyChanges: [PolicyChange] = []

    public struct PolicyChange: Sendable, Hashable, Codable {
        /// The setting, as the service reads it (`ledger.organizer_daily_grant_cap`).
        public var key: String
        /// Nil when only the other version has it (a category added or removed).
        public var before: String?
        public var after: String?
        /// A ledger raise an organizer may not put in force (`rules.ledger_raise_needs_admin`).
        public var needsAdmin: Bool
    }

    public struct FromStored: Sendable, Hashable, Codable {
        public var up: Int
        public var down: Int
        public var unchanged: Int
        /// Stored points over the listings the candidate can value.
        public var pointsStored: Int
        public var pointsAfter: Int
        /// Largest absolute changes from the stored points first.
        public var topMovers: [StoredMover]
    }

    public struct StoredMover: Sendable, Hashable, Codable {
        public var listingID: String
        public var kind: ListingKind
        public var category: String
        public var stored: Int
        public var after: Int
        public var delta: Int
    }

    public struct Band: Sendable, Hashable, Codable {
        /// Human label such as "-20%…-5%".
        public var label: String
        public var count: Int
    }

    public struct Driver: Sendable, Hashable, Codable {
        public var step: PipelineStep
        public var count: Int
    }

    public struct Mover: Sendable, Hashable, Codable {
        public var listingID: String
        public var kind: ListingKind
        public var category: String
        public var before: Int
        public var after: Int
        public var delta: Int
        public var drivenBy: PipelineStep
    }

    public struct CapChange: Sendable, Hashable, Codable {
        public var listingID: String
        public var cap: CapKind
        public var before: Int
        public var after: Int
    }

    public struct Failure: Sendable, Hashable, Codable {
        public var listingID: String
        public var underCandidate: Bool
        public var code: String
        public var messageEN: String
        public var messageZH: String
    }
}
