import Foundation

/// Body of `POST /v1/reviews/{id}/valuation-correction`: a moderator corrects the facts the price
/// rests on (a declared cost of 8000 for a used rice cooker), with a reason. The listing is
/// re-valued; the owner's original valuation is kept beside the corrected one.
public struct ValuationCorrection: Decodable, Sendable, Equatable {
    public var declaredCost: String?
    public var condition: ItemCondition?
    public var durationMinutes: Int?
    public var intensity: TimeIntensity?
    public var level: SkillLevel?
    public var certification: SkillCertification?
    public var reason: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case declaredCost = "declared_cost", condition, durationMinutes = "duration_minutes", intensity, level, certification, reason
    }

    public init(
        declaredCost: String? = nil, condition: ItemCondition? = nil, durationMinutes: Int? = nil,
        intensity: TimeIntensity? = nil, level: SkillLevel? = nil, certification: SkillCertification? = nil, reason: String
    ) {
        self.declaredCost = declaredCost
        self.condition = condition
        self.durationMinutes = durationMinutes
        self.intensity = intensity
        self.level = level
        self.certification = certification
        self.reason = reason
    }

    /// The pointers of the corrected fields that the rule file's listing limits bound (declared
    /// cost, duration): a correction answers for those, not for fields it leaves as they were.
    public var limitedPointers: Set<String> {
        var pointers: Set<String> = []
        if declaredCost != nil { pointers.insert("/declared_cost") }
        if durationMinutes != nil { pointers.insert("/duration_minutes") }
        return pointers
    }

    /// Applies the correction to the content, checking each field against the listing's kind;
    /// `declaredCostMax` as in `ListingInput.validate`.
    public func applied(
        to content: ListingContent, declaredCostMax: String = String(ListingLimits.maxDeclaredCost)
    ) throws(DomainError) -> ListingContent {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: ListingLimits.message)
        var result = content
        func only(_ kinds: Set<ListingKind>, _ pointer: String) -> Bool {
            guard kinds.contains(content.kind) else {
                check.add(FieldIssue(pointer, .notApplicable, ["allowed": kinds.map(\.rawValue).sorted().joined(separator: ", ")]))
                return false
            }
            return true
        }
        var changed = false
        if let declaredCost, only([.item], "/declared_cost") {
            if let canonical = DeclaredCost.canonical(declaredCost) {
                result.declaredCost = canonical
            } else {
                check.add(FieldIssue(
                    "/declared_cost", .invalidFormat,
                    ["reason": "listing.declared_cost_format", "min": "0.01", "max": declaredCostMax]))
            }
            changed = true
        }
        if let condition, only([.item], "/condition") { result.condition = condition; changed = true }
        if let durationMinutes, only([.time, .skill], "/duration_minutes") {
            // Within a fixed window the duration is the session (the window only says when:
            // `ListingValuationInput.sessionWindow`), so it is corrected as any duration, up to the
            // window's length (helper 117: refused outright, though it now sets the price).
            if let start = content.startAt, let end = content.endAt, Double(durationMinutes) * 60 > end.timeIntervalSince(start) {
                check.add(FieldIssue(
                    "/duration_minutes", .outOfRange,
                    ["reason": "listing.duration_exceeds_window", "min": "15", "max": String(Int(end.timeIntervalSince(start)) / 60)]))
            } else if !ListingLimits.durationMinutes.contains(durationMinutes) || durationMinutes % ListingLimits.durationStep != 0 {
                check.add(FieldIssue("/duration_minutes", .outOfRange, ListingInput.durationStepParameters))
            }
            result.durationMinutes = durationMinutes
            changed = true
        }
        if let intensity, only([.time], "/intensity") { result.intensity = intensity; changed = true }
        if let level, only([.skill], "/level") { result.level = level; changed = true }
        if let certification, only([.skill], "/certification") { result.certification = certification; changed = true }
        // Said in words (helper 137: a bare "必填" at no field), and a correction that would
        // leave every field as it is is not recorded as one.
        if !changed && check.issues.isEmpty {
            check.add(FieldIssue("", .required, ["reason": "correction.no_field"]))
        } else if changed && check.issues.isEmpty && result == content {
            check.add(FieldIssue("", .invalidValue, ["reason": "correction.no_change"]))
        }
        try check.finish()
        return result
    }
}
