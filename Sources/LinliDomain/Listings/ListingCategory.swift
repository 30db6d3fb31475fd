/// A listing category of one community, with the flags its rules attach (e.g. child pick-up
/// needs a real-name-verified provider).
public struct ListingCategory: Codable, Sendable, Equatable {
    public var communityID: CommunityID
    /// Stable slug such as `child_elder_care`; what listings refer to.
    public var code: String
    public var nameZh: String
    public var nameEn: String
    /// Kinds of listing allowed in this category.
    public var kinds: Set<ListingKind>
    /// Offers here may only come from real-name-verified (实名) members.
    public var needsVerifiedProvider: Bool
    /// Photos an item offer needs at least (the rule file may raise it).
    public var minPhotos: Int
    public var position: Int

    public init(
        communityID: CommunityID, code: String, nameZh: String, nameEn: String, kinds: Set<ListingKind>,
        needsVerifiedProvider: Bool, minPhotos: Int, position: Int
    ) {
        self.communityID = communityID
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.kinds = kinds
        self.needsVerifiedProvider = needsVerifiedProvider
        self.minPhotos = minPhotos
        self.position = position
    }
}

/// The categories every community starts with; a community's rule file can change flags later.
public enum DefaultCategories {
    /// (code, 中文, English, kinds, needs verified provider, minimum photos)
    static let table: [(String, String, String, Set<ListingKind>, Bool, Int)] = [
        ("household_goods", "家居用品", "Household goods", [.item], false, 1),
        ("electronics", "数码电器", "Electronics", [.item], false, 2),
        ("books_toys", "图书玩具", "Books and toys", [.item], false, 1),
        ("baby_kids", "母婴用品", "Baby and kids items", [.item], false, 1),
        ("tools", "工具器材", "Tools", [.item], false, 1),
        ("clothing", "衣物鞋帽", "Clothing", [.item], false, 1),
        ("daily_care", "生活照料", "Daily care", [.time], false, 0),
        ("health", "医疗健康", "Health", [.time, .skill], true, 0),
        ("child_elder_care", "儿童老人照顾", "Child and elder care", [.time], true, 0),
        ("errands", "跑腿代办", "Errands", [.time], false, 0),
        ("tutoring", "辅导教学", "Tutoring", [.skill, .time], false, 0),
        ("repair", "维修手艺", "Repairs", [.skill], false, 0),
        ("digital_help", "数字助老", "Digital help for elders", [.skill, .time], false, 0),
    ]

    public static func all(for community: CommunityID) -> [ListingCategory] {
        table.enumerated().map { index, row in
            ListingCategory(
                communityID: community, code: row.0, nameZh: row.1, nameEn: row.2, kinds: row.3,
                needsVerifiedProvider: row.4, minPhotos: row.5, position: index + 1)
        }
    }
}
