import Foundation

/// What the valuation rules see of a listing: its kind-specific facts, nothing about its owner.
public struct ListingValuationInput: Codable, Sendable, Equatable {
    public var kind: ListingKind
    public var direction: ListingDirection
    public var categoryCode: String
    /// Canonical decimal yuan ("1299.00"), items only.
    public var declaredCost: String?
    public var purchaseDate: String?
    public var ageMonths: Int?
    public var condition: ItemCondition?
    public var quantity: Int
    public var durationMinutes: Int?
    public var startAt: Date?
    public var endAt: Date?
    public var intensity: TimeIntensity?
    public var certification: SkillCertification?
    public var level: SkillLevel?

    public init(
        kind: ListingKind, direction: ListingDirection, categoryCode: String, declaredCost: String?, purchaseDate: String?,
        ageMonths: Int?, condition: ItemCondition?, quantity: Int, durationMinutes: Int?, startAt: Date?, endAt: Date?,
        intensity: TimeIntensity?, certification: SkillCertification?, level: SkillLevel?
    ) {
        self.kind = kind
        self.direction = direction
        self.categoryCode = categoryCode
        self.declaredCost = declaredCost
        self.purchaseDate = purchaseDate
        self.ageMonths = ageMonths
        self.condition = condition
        self.quantity = quantity
        self.durationMinutes = durationMinutes
        self.startAt = startAt
        self.endAt = endAt
        self.intensity = intensity
        self.certification = certification
        self.level = level
    }

    enum CodingKeys: String, CodingKey {
        case kind, direction, categoryCode = "category", declaredCost = "declared_cost", purchaseDate = "purchase_date"
        case ageMonths = "age_months", condition, quantity, durationMinutes = "duration_minutes", startAt = "start_at"
        case endAt = "end_at", intensity, certification, level
    }
}

extension ListingValuationInput {
    /// The fixed `start_at`/`end_at` when it is the session itself: no `duration_minutes`, or one
    /// filling the window. A window longer than the duration is when the session may take place
    /// ("tonight between 18:00 and 24:00, two hours"), and the session is valued on its duration
    /// (without a time of day: the time-slot step takes the file's default); valued on the whole
    /// window, two hours of help were priced as six, and a 30-minute errand in a 24-hour window as
    /// 24 hours (helper 114).
    public var sessionWindow: (start: Date, end: Date)? {
        guard let startAt, let endAt else { return nil }
        if let durationMinutes, Double(durationMinutes) * 60 < endAt.timeIntervalSince(startAt) { return nil }
        return (startAt, endAt)
    }
}

/// A priced listing: the points and everything needed to explain and re-check them later.
public struct ListingValuation: Codable, Sendable, Equatable {
    public var points: Int
    /// Which rule set priced it (e.g. `2026-03-01.2`), and the hash of exactly that rule text,
    /// so history is never silently re-priced.
    public var ruleSetVersion: String
    public var ruleSetHash: String
    /// Step-by-step explanation as a JSON document, shown to the owner and moderators.
    public var breakdownJSON: String

    public init(points: Int, ruleSetVersion: String, ruleSetHash: String, breakdownJSON: String) {
        self.points = points
        self.ruleSetVersion = ruleSetVersion
        self.ruleSetHash = ruleSetHash
        self.breakdownJSON = breakdownJSON
    }
}
