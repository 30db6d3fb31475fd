/// A listing category of one community, as its rule file in force defines it, with the flags
/// the file attaches (e.g. child pick-up needs a real-name-verified provider).
public struct ListingCategory: Codable, Sendable, Equatable {
    public var communityID: CommunityID
    /// Stable slug such as `elder_care`; what listings refer to.
    public var code: String
    public var nameZh: String
    public var nameEn: String
    /// Kinds of listing allowed in this category.
    public var kinds: Set<ListingKind>
    /// Offers here may only come from real-name-verified (实名) members.
    public var needsVerifiedProvider: Bool
    /// Photos an item offer needs at least (the rule file may raise it).
    public var minPhotos: Int
    /// The credit level (from the score, see the rule file's `credit_score.levels`) a provider
    /// needs in this category (`min_credit_level`; e.g. elder care); 0 means none.
    public var minProviderCreditLevel = 0
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

extension ListingCategory {
    /// How a problem names the category: its `category` code for clients, and its names, which
    /// the message shows in the reader's language (`ErrorTerms.localized`).
    public var problemParameters: [String: String] {
        ["category": code, "category_name_zh": nameZh, "category_name_en": nameEn]
    }
}
