/// One category of listings in a community, with the flags other capabilities enforce.
public struct CategoryDefinition: Sendable, Hashable, Codable {
    /// Stable ASCII slug used in listings and in the rule file (`elder_care`).
    public let id: String
    /// Name shown to residents (`老人陪护`).
    public let nameZH: String
    /// English name (`Elder care`).
    public let nameEN: String
    /// Kinds of listing allowed in the category.
    public let kinds: KindSet
    /// Only real-name verified (实名) members may provide in this category (child pick-up, elder care).
    public let needsVerifiedProvider: Bool
    /// Minimum number of photos an item listing needs before it can be submitted.
    public let minPhotos: Int
    /// Minimum credit level (see `CreditScorePolicy.levels`) a provider needs; 0 means none.
    public let minCreditLevel: Int
    /// Line of the category entry, cited by category-weight steps.
    public let location: SourceLocation

    public init(
        id: String, nameZH: String, nameEN: String, kinds: KindSet, needsVerifiedProvider: Bool,
        minPhotos: Int, minCreditLevel: Int, location: SourceLocation
    ) {
        self.id = id
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.kinds = kinds
        self.needsVerifiedProvider = needsVerifiedProvider
        self.minPhotos = minPhotos
        self.minCreditLevel = minCreditLevel
        self.location = location
    }
}
