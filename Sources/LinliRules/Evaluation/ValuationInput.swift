import Foundation

/// Everything about one listing that its value depends on. The listing capability builds it from
/// a listing; moderators' corrections produce a new input and a new valuation, never an edit.
/// Fields that do not apply to the kind are ignored (and must be nil for clarity, not enforced).
public struct ValuationInput: Sendable, Hashable, Codable {
    public var kind: ListingKind
    public var direction: ListingDirection
    /// Category slug as defined in the rule file's `categories:`.
    public var category: String
    /// Item: replacement cost of one unit in yuan, as declared by the owner.
    public var declaredCost: RuleDecimal?
    /// Item: when it was bought; the age in whole months at `ValuationContext.valuedAt` is used.
    public var purchaseDate: LocalDate?
    /// Item: age in whole months, when no purchase date is known. `purchaseDate` wins if both exist.
    public var ageMonths: Int?
    /// Item: condition; required when the file has a condition step for items.
    public var condition: ItemCondition?
    /// Item: number of identical units offered together; the base is per unit × quantity.
    public var quantity: Int
    /// Time/skill: scheduled start and end. When present they define the duration and feed the
    /// time-slot step; otherwise `durationMinutes` is used and the slot factor is the default.
    public var start: Date?
    public var end: Date?
    /// Time/skill: duration when no schedule is given.
    public var durationMinutes: Int?
    /// Time: how demanding the job is.
    public var intensity: TimeIntensity?
    /// Skill: what vouches for it.
    public var certification: SkillCertification?
    /// Skill: mastery.
    public var level: SkillLevel?
    /// Optional pick-up area (e.g. a building); scarcity uses per-area counts when the context has them.
    public var area: String?

    public init(
        kind: ListingKind, direction: ListingDirection = .offer, category: String, declaredCost: RuleDecimal? = nil,
        purchaseDate: LocalDate? = nil, ageMonths: Int? = nil, condition: ItemCondition? = nil, quantity: Int = 1,
        start: Date? = nil, end: Date? = nil, durationMinutes: Int? = nil, intensity: TimeIntensity? = nil,
        certification: SkillCertification? = nil, level: SkillLevel? = nil, area: String? = nil
    ) {
        self.kind = kind
        self.direction = direction
        self.category = category
        self.declaredCost = declaredCost
        self.purchaseDate = purchaseDate
        self.ageMonths = ageMonths
        self.condition = condition
        self.quantity = quantity
        self.start = start
        self.end = end
        self.durationMinutes = durationMinutes
        self.intensity = intensity
        self.certification = certification
        self.level = level
        self.area = area
    }

    /// Every field name the JSON form has (`linli rules explain --listing` refuses others: a
    /// misspelled `durationminutes` read as a missing `duration_minutes`, helper 113).
    public static let fieldNames: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, direction, category
        case declaredCost = "declared_cost"
        case purchaseDate = "purchase_date"
        case ageMonths = "age_months"
        case condition, quantity, start, end
        case durationMinutes = "duration_minutes"
        case intensity, certification, level, area
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(ListingKind.self, forKey: .kind)
        direction = try c.decodeIfPresent(ListingDirection.self, forKey: .direction) ?? .offer
        category = try c.decode(String.self, forKey: .category)
        declaredCost = try c.decodeIfPresent(RuleDecimal.self, forKey: .declaredCost)
        purchaseDate = try c.decodeIfPresent(LocalDate.self, forKey: .purchaseDate)
        ageMonths = try c.decodeIfPresent(Int.self, forKey: .ageMonths)
        condition = try c.decodeIfPresent(ItemCondition.self, forKey: .condition)
        quantity = try c.decodeIfPresent(Int.self, forKey: .quantity) ?? 1
        start = try c.decodeIfPresent(Date.self, forKey: .start)
        end = try c.decodeIfPresent(Date.self, forKey: .end)
        durationMinutes = try c.decodeIfPresent(Int.self, forKey: .durationMinutes)
        intensity = try c.decodeIfPresent(TimeIntensity.self, forKey: .intensity)
        certification = try c.decodeIfPresent(SkillCertification.self, forKey: .certification)
        level = try c.decodeIfPresent(SkillLevel.self, forKey: .level)
        area = try c.decodeIfPresent(String.self, forKey: .area)
    }
}
