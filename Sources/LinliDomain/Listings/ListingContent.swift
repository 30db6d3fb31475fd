import Foundation

/// The validated, normalised content of a listing: what the owner wrote, kind-specific fields
/// filled only for their kind. Stored as columns on the listing and, for a pending edit of a
/// published listing, as JSON until a moderator approves it.
public struct ListingContent: Codable, Sendable, Equatable {
    public var direction: ListingDirection
    public var kind: ListingKind
    public var categoryCode: String
    public var title: String
    public var description: String
    /// Pick-up or service area (building, gate), used by browse filters.
    public var area: String?
    /// SHA-256 hex ids of uploaded photos, in display order.
    public var photos: [String]

    // item
    /// Declared replacement cost in yuan, canonical decimal text with two places ("1299.00").
    public var declaredCost: String?
    /// "YYYY-MM-DD"; either this or `ageMonths`.
    public var purchaseDate: String?
    public var ageMonths: Int?
    public var condition: ItemCondition?
    public var quantity: Int?

    // time
    public var startAt: Date?
    public var endAt: Date?
    public var availability: [WeeklySlot]?
    /// Minutes per session (time and skill), multiples of 15.
    public var durationMinutes: Int?
    public var intensity: TimeIntensity?
    public var place: String?

    // skill
    public var skillName: String?
    public var level: SkillLevel?
    public var certification: SkillCertification?
    public var evidenceRef: String?

    public init(
        direction: ListingDirection, kind: ListingKind, categoryCode: String, title: String, description: String,
        area: String? = nil, photos: [String] = [], declaredCost: String? = nil, purchaseDate: String? = nil,
        ageMonths: Int? = nil, condition: ItemCondition? = nil, quantity: Int? = nil, startAt: Date? = nil,
        endAt: Date? = nil, availability: [WeeklySlot]? = nil, durationMinutes: Int? = nil,
        intensity: TimeIntensity? = nil, place: String? = nil, skillName: String? = nil, level: SkillLevel? = nil,
        certification: SkillCertification? = nil, evidenceRef: String? = nil
    ) {
        self.direction = direction
        self.kind = kind
        self.categoryCode = categoryCode
        self.title = title
        self.description = description
        self.area = area
        self.photos = photos
        self.declaredCost = declaredCost
        self.purchaseDate = purchaseDate
        self.ageMonths = ageMonths
        self.condition = condition
        self.quantity = quantity
        self.startAt = startAt
        self.endAt = endAt
        self.availability = availability
        self.durationMinutes = durationMinutes
        self.intensity = intensity
        self.place = place
        self.skillName = skillName
        self.level = level
        self.certification = certification
        self.evidenceRef = evidenceRef
    }

    /// The fields whose change must be reviewed again once a listing is public: what residents
    /// rely on when they decide (title, description, photos, declared cost, condition, category,
    /// skill name, certification evidence, place), plus any other valuation input.
    public func materialChanges(comparedTo other: ListingContent) -> [String] {
        var changed: [String] = []
        if title != other.title { changed.append("title") }
        if description != other.description { changed.append("description") }
        if photos != other.photos { changed.append("photos") }
        if declaredCost != other.declaredCost { changed.append("declared_cost") }
        if condition != other.condition { changed.append("condition") }
        if categoryCode != other.categoryCode { changed.append("category") }
        // What a skill is and the evidence behind its certification factor are read as much as
        // the title (and the skill name is pre-screened for hotwords); where a service happens
        // is what an elder's family relies on.
        if skillName != other.skillName { changed.append("skill_name") }
        if evidenceRef != other.evidenceRef { changed.append("evidence_ref") }
        if place != other.place { changed.append("place") }
        // Anything else that moves the price (quantity, duration, intensity, level…) is material too:
        // points must never change without a moderator seeing why.
        if changed.isEmpty, valuationInput != other.valuationInput { changed.append("valuation_inputs") }
        return changed
    }

    /// The inputs the valuation rules see.
    public var valuationInput: ListingValuationInput {
        ListingValuationInput(
            kind: kind, direction: direction, categoryCode: categoryCode, declaredCost: declaredCost,
            purchaseDate: purchaseDate, ageMonths: ageMonths, condition: condition, quantity: quantity ?? 1,
            durationMinutes: durationMinutes, startAt: startAt, endAt: endAt, intensity: intensity,
            certification: certification, level: level)
    }
}
