/// Why a member reports something (the fixed list of issue 6).
public enum ReportCategory: String, Codable, Sendable, CaseIterable {
    case fakeListing = "fake_listing"
    case notAsDescribed = "not_as_described"
    case noShow = "no_show"
    case harassment
    case resaleOfDonatedGoods = "resale_of_donated_goods"
    case safetyConcern = "safety_concern"
    case other

    /// The category in words, for the moderators' group chat (`case.needs_moderator`), which
    /// showed the code (`harassment`) in a Chinese message.
    public func name(in language: Language) -> String {
        switch (self, language) {
        case (.fakeListing, .zhCN): "虚假发布"
        case (.fakeListing, .en): "fake listing"
        case (.notAsDescribed, .zhCN): "与描述不符"
        case (.notAsDescribed, .en): "not as described"
        case (.noShow, .zhCN): "爽约"
        case (.noShow, .en): "no-show"
        case (.harassment, .zhCN): "骚扰"
        case (.harassment, .en): "harassment"
        case (.resaleOfDonatedGoods, .zhCN): "转卖捐赠物品"
        case (.resaleOfDonatedGoods, .en): "resale of donated goods"
        case (.safetyConcern, .zhCN): "安全隐患"
        case (.safetyConcern, .en): "safety concern"
        case (.other, .zhCN): "其他"
        case (.other, .en): "other"
        }
    }
}

/// What a report is about. An exchange can be reported only by one of its sides (or staff acting
/// for one); the case is then about the other side.
public enum ReportTargetType: String, Codable, Sendable, CaseIterable {
    case listing
    case member
    case exchange
}

/// A moderator's measure when resolving a case.
public enum CaseActionKind: String, Codable, Sendable, CaseIterable {
    /// Nothing wrong: closes the case as not upheld (only on its own).
    case dismiss
    case warn
    case removeListing = "remove_listing"
    /// A strike against the member's credit score, without other consequences.
    case deductCredit = "deduct_credit"
    case suspend
    case ban
    /// The offender pays the victim points from their own balance (`points`, `victim_id`).
    case compensate

    /// Whether the action counts as a strike against the member (credit score, suspension proposals).
    public var isStrike: Bool {
        switch self {
        case .dismiss, .warn: false
        case .removeListing, .deductCredit, .suspend, .ban, .compensate: true
        }
    }
}

/// Limits of reports, notes and resolutions.
public enum TrustLimits {
    public static let reportText = 2000
    public static let reportPhotos = 6
    public static let noteText = 4000
    public static let reason = 500
    public static let actionsPerResolution = 6
}
