/// Whether a listing gives something (`offer`) or asks for it (`request`).
public enum ListingDirection: String, Codable, Sendable, CaseIterable {
    case offer
    case request
}

/// What is shared: a thing, an amount of time (help), or a skill.
public enum ListingKind: String, Codable, Sendable, CaseIterable {
    case item
    case time
    case skill
}

/// The state of an item, which the valuation discounts by.
public enum ItemCondition: String, Codable, Sendable, CaseIterable {
    case new
    case likeNew = "like_new"
    case good
    case fair
    case worn
    /// Broken, given away for its parts (仅可拆件): the rule file prices it like any condition.
    case forParts = "for_parts"
}

/// How demanding a stretch of help is (carrying groceries up six floors is not reading aloud).
public enum TimeIntensity: String, Codable, Sendable, CaseIterable {
    case light
    case moderate
    case heavy
}

/// Self-declared skill level; moderators can correct it.
public enum SkillLevel: String, Codable, Sendable, CaseIterable {
    case beginner
    case intermediate
    case advanced
    case expert
}

/// How a skill is vouched for. Anything above `none` needs an evidence reference (a licence number,
/// the endorsing neighbours) that moderators can check.
public enum SkillCertification: String, Codable, Sendable, CaseIterable {
    case none
    case peerEndorsed = "peer_endorsed"
    case verifiedLicence = "verified_licence"
}
