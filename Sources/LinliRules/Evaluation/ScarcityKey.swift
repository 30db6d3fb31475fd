/// Which counts: a category, optionally narrowed to an area.
public struct ScarcityKey: Sendable, Hashable, Codable {
    public var category: String
    public var area: String?

    public init(category: String, area: String? = nil) {
        self.category = category
        self.area = area
    }
}
