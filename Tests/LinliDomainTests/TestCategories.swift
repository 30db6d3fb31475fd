import LinliDomain

/// Categories for the pure listing tests, shaped like the ones `rules/default.yaml` defines (the
/// store derives a community's real list from its rule file; these tests need no file).
enum TestCategories {
    static let community = CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V")

    static let all: [String: ListingCategory] = Dictionary(uniqueKeysWithValues: [
        category("electronics", "数码电器", "Electronics", [.item], minPhotos: 2, position: 1),
        category("tools", "工具器材", "Tools", [.item], minPhotos: 1, position: 2),
        category("daily_care", "生活照料", "Daily care", [.time], position: 3),
        category("elder_care", "老人陪护", "Elder care", [.time], verified: true, position: 4),
        category("repair", "家电维修", "Appliance repair", [.skill, .time], position: 5),
    ].map { ($0.code, $0) })

    static func category(
        _ code: String, _ zh: String, _ en: String, _ kinds: Set<ListingKind>, verified: Bool = false, minPhotos: Int = 0, position: Int
    ) -> ListingCategory {
        ListingCategory(
            communityID: community, code: code, nameZh: zh, nameEn: en, kinds: kinds, needsVerifiedProvider: verified,
            minPhotos: minPhotos, position: position)
    }
}
