/// What a listing is about. The valuation pipeline and most policies branch on it.
public enum ListingKind: String, Sendable, Codable, CaseIterable, Hashable {
    case item
    case time
    case skill

    /// Dense index for per-kind lookup tables in the compiled evaluator.
    @inline(__always) var index: Int {
        switch self {
        case .item: 0
        case .time: 1
        case .skill: 2
        }
    }
}

/// Whether the member gives (`offer`) or asks (`request`). Valuation does not depend on it today;
/// it is part of the input so that rule files and breakdowns can say which side a value is for.
public enum ListingDirection: String, Sendable, Codable, CaseIterable, Hashable {
    case offer
    case request
}

/// Condition of an item, from the owner's declaration, corrected by a moderator when needed.
public enum ItemCondition: String, Sendable, Codable, CaseIterable, Hashable {
    case new
    case likeNew = "like_new"
    case good
    case fair
    case forParts = "for_parts"
}

/// How demanding a time job is (carrying shopping up six floors is not reading the paper aloud).
public enum TimeIntensity: String, Sendable, Codable, CaseIterable, Hashable {
    case light
    case moderate
    case heavy
}

/// What vouches for a skill: nothing, endorsements of neighbours, or a checked licence.
public enum SkillCertification: String, Sendable, Codable, CaseIterable, Hashable {
    case none
    case peerEndorsed = "peer_endorsed"
    case verifiedLicence = "verified_licence"
}

/// Self-declared (or moderator-corrected) mastery of a skill.
public enum SkillLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case beginner
    case intermediate
    case advanced
    case expert
}

/// A small set of kinds, for steps and categories limited to some kinds.
public struct KindSet: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let item = KindSet(rawValue: 1)
    public static let time = KindSet(rawValue: 2)
    public static let skill = KindSet(rawValue: 4)
    public static let all: KindSet = [.item, .time, .skill]

    public init(_ kind: ListingKind) {
        switch kind {
        case .item: self = .item
        case .time: self = .time
        case .skill: self = .skill
        }
    }

    @inline(__always) public func contains(_ kind: ListingKind) -> Bool { contains(KindSet(kind)) }

    public var kinds: [ListingKind] { ListingKind.allCases.filter { contains($0) } }
}
