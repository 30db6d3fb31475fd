/// Limits on listings, read by the listing capability (issue 4). Section `listing:`.
public struct ListingPolicy: Sendable, Hashable, Codable {
    /// Days a published item offer or request stays up before it expires (`expiry_days.item`).
    public var itemExpiryDays: Int = 30
    /// Days for time listings (`expiry_days.time`): help is usually needed soon.
    public var timeExpiryDays: Int = 14
    /// Days for skill listings (`expiry_days.skill`).
    public var skillExpiryDays: Int = 60
    /// Most photos one listing may carry (`max_photos`).
    public var maxPhotos: Int = 9
    /// Longest title in characters (`title_max_length`).
    public var titleMaxLength: Int = 60
    /// Longest description in characters (`description_max_length`).
    public var descriptionMaxLength: Int = 2_000
    /// Highest declared replacement cost accepted, in yuan (`max_declared_cost`).
    public var maxDeclaredCost: RuleDecimal = RuleDecimal(integer: 100_000)
    /// Longest single time or skill session in minutes (`max_duration_minutes`).
    public var maxDurationMinutes: Int = 12 * 60

    public init() {}

    /// Expiry for a kind.
    public func expiryDays(for kind: ListingKind) -> Int {
        switch kind {
        case .item: itemExpiryDays
        case .time: timeExpiryDays
        case .skill: skillExpiryDays
        }
    }

    init(reading reader: MappingReader?) {
        guard let reader else { return }
        if let expiry = reader.child("expiry_days") {
            itemExpiryDays = expiry.integer("item", default: itemExpiryDays, in: 1...3650)
            timeExpiryDays = expiry.integer("time", default: timeExpiryDays, in: 1...3650)
            skillExpiryDays = expiry.integer("skill", default: skillExpiryDays, in: 1...3650)
            expiry.finish()
        }
        maxPhotos = reader.integer("max_photos", default: maxPhotos, in: 0...50)
        titleMaxLength = reader.integer("title_max_length", default: titleMaxLength, in: 4...500)
        descriptionMaxLength = reader.integer("description_max_length", default: descriptionMaxLength, in: 0...20_000)
        maxDeclaredCost = reader.decimal("max_declared_cost", default: maxDeclaredCost,
                                         in: RuleDecimal.one...RuleDecimal(integer: 10_000_000)).value
        maxDurationMinutes = reader.integer("max_duration_minutes", default: maxDurationMinutes, in: 15...(7 * 24 * 60))
        reader.finish()
    }
}
