/// The `valuation:` section as parsed, before compilation. Every number keeps its location so a
/// breakdown can cite the line that produced it. Steps run in the fixed order documented in
/// docs/rules-format.md; a step absent from the file leaves the value unchanged.
struct ValuationRules {
    /// `valuation.base.item`: declared replacement cost × quantity × rate, at least `minimum`.
    struct ItemBase {
        var rate: Located<RuleDecimal>
        var minimum: Located<RuleDecimal>
    }

    /// `valuation.base.time` / `.skill`: billed hours × rate per hour. Billed minutes are the
    /// duration rounded up to `granularityMinutes`, and at least `minimumMinutes`.
    struct HourlyBase {
        var perHour: Located<RuleDecimal>
        var granularityMinutes: Int
        var minimumMinutes: Int
        var location: SourceLocation
    }

    /// A step that looks a factor up in a fixed table keyed by an input enum.
    struct TableStep<Key: Hashable & CaseIterable & Sendable> {
        var kinds: KindSet
        var factors: [Key: Located<RuleDecimal>]
        var location: SourceLocation
    }

    /// How an item's value decays with age.
    enum DepreciationModel {
        /// factor = max(floor, 0.5^(age / half-life)), taken to four decimal places.
        case halfLife(months: Located<Int>, floor: Located<RuleDecimal>)
        /// First row whose `up_to_months` exceeds the age; older than every row → the last factor.
        case table([(upToMonths: Int, factor: Located<RuleDecimal>)])
    }

    struct Depreciation {
        var kinds: KindSet
        var standard: DepreciationModel
        var byCategory: [(category: Located<String>, model: DepreciationModel)]
        var location: SourceLocation
    }

    struct ScarcityPoint {
        var ratio: RuleDecimal
        var factor: RuleDecimal
        var location: SourceLocation
    }

    struct Scarcity {
        var kinds: KindSet
        var windowDays: Int
        var minEvents: Int
        var curve: [ScarcityPoint]
        var clampMin: Located<RuleDecimal>
        var clampMax: Located<RuleDecimal>
        var exemptCategories: [Located<String>]
        var location: SourceLocation
    }

    struct CategoryWeight {
        var kinds: KindSet
        var standard: Located<RuleDecimal>
        var weights: [(category: Located<String>, factor: Located<RuleDecimal>)]
        var location: SourceLocation
    }

    /// `valuation.caps.<kind>`: applied after every factor, before rounding.
    struct KindCaps {
        var minimum: Located<RuleDecimal>?
        var maximum: Located<RuleDecimal>?
        var perHourMaximum: Located<RuleDecimal>?
        /// Where `caps.<kind>` is written: what a breakdown cites when no cap of the kind binds
        /// (helper 179 #6: a time listing cited the item caps' line).
        var location: SourceLocation
    }

    var itemBase: ItemBase
    var timeBase: HourlyBase
    var skillBase: HourlyBase
    var condition: TableStep<ItemCondition>?
    var depreciation: Depreciation?
    var scarcity: Scarcity?
    var timeSlots: TimeSlotRules?
    var intensity: TableStep<TimeIntensity>?
    var certification: TableStep<SkillCertification>?
    var level: TableStep<SkillLevel>?
    var categoryWeight: CategoryWeight?
    var caps: [ListingKind: KindCaps]
    var capsLocation: SourceLocation
}
