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

/// How a listing's direction and kind read in a chat group or on a notice board ("提供 · 物品",
/// "item offer"): residents read words, not the API's codes.
public enum ListingKindName {
    public static func text(_ direction: ListingDirection, _ kind: ListingKind, in language: Language) -> String {
        switch language {
        case .zhCN:
            let what = switch kind { case .item: "物品"; case .time: "时间帮助"; case .skill: "技能" }
            return (direction == .offer ? "提供" : "需求") + " · " + what
        case .en:
            let what = switch kind { case .item: "item"; case .time: "time"; case .skill: "skill" }
            return what + (direction == .offer ? " offer" : " request")
        }
    }
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
