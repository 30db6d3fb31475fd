import Foundation

/// Body of "create a listing" (`POST /v1/listings`) and "replace a listing's content"
/// (`PUT /v1/listings/{id}`). Flat, so unknown fields are refused like every other body; each
/// kind's fields are only accepted for that kind.
public struct ListingInput: Decodable, Sendable, Equatable {
    public var direction: ListingDirection
    public var kind: ListingKind
    public var categoryCode: String
    public var title: String
    public var description: String
    public var area: String?
    public var photos: [String]?
    public var declaredCost: String?
    public var purchaseDate: String?
    public var ageMonths: Int?
    public var condition: ItemCondition?
    public var quantity: Int?
    public var startAt: Date?
    public var endAt: Date?
    public var availability: [WeeklySlot]?
    public var durationMinutes: Int?
    public var intensity: TimeIntensity?
    public var place: String?
    public var skillName: String?
    public var level: SkillLevel?
    public var certification: SkillCertification?
    public var evidenceRef: String?
    /// Station staff registering a listing for a resident (create only).
    public var ownerID: MemberID?
    /// Create and submit to review in one step (create only).
    public var submit: Bool?
    /// Staff registering a need for a resident (she pays whoever answers it) with no standing
    /// consent naming them: how she agreed to spend the points ("本人到站登记"). Required then
    /// (`ListingCommands.create`), audited and shown to her in `listing_registered_for_you`
    /// (create only).
    public var note: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case direction, kind, categoryCode = "category", title, description, area, photos
        case declaredCost = "declared_cost", purchaseDate = "purchase_date", ageMonths = "age_months", condition, quantity
        case startAt = "start_at", endAt = "end_at", availability, durationMinutes = "duration_minutes", intensity, place
        case skillName = "skill_name", level, certification, evidenceRef = "evidence_ref"
        case ownerID = "owner_id", submit, note
    }

    public init(content: ListingContent, ownerID: MemberID? = nil, submit: Bool? = nil, note: String? = nil) {
        direction = content.direction
        kind = content.kind
        categoryCode = content.categoryCode
        title = content.title
        description = content.description
        area = content.area
        photos = content.photos.isEmpty ? nil : content.photos
        declaredCost = content.declaredCost
        purchaseDate = content.purchaseDate
        ageMonths = content.ageMonths
        condition = content.condition
        quantity = content.quantity
        startAt = content.startAt
        endAt = content.endAt
        availability = content.availability
        durationMinutes = content.durationMinutes
        intensity = content.intensity
        place = content.place
        skillName = content.skillName
        level = content.level
        certification = content.certification
        evidenceRef = content.evidenceRef
        self.ownerID = ownerID
        self.submit = submit
        self.note = note
    }

    /// Which kind a kind-specific field belongs to.
    static let fieldKinds: [CodingKeys: Set<ListingKind>] = [
        .declaredCost: [.item], .purchaseDate: [.item], .ageMonths: [.item], .condition: [.item], .quantity: [.item],
        .startAt: [.time], .endAt: [.time], .availability: [.time], .intensity: [.time], .place: [.time],
        .durationMinutes: [.time, .skill],
        .skillName: [.skill], .level: [.skill], .certification: [.skill], .evidenceRef: [.skill],
    ]

    /// Checks every field, collecting all problems, and returns the normalised content.
    /// `category` is the community's category with the given code, if any; `declaredCostMax` the
    /// highest declared cost the community takes (its rule file's, when lower than the system's), so
    /// a malformed amount's message names the bound that will hold, not one the rule file lowers.
    public func validate(
        category: ListingCategory?, now: Date, declaredCostMax: String = String(ListingLimits.maxDeclaredCost)
    ) throws(DomainError) -> ListingContent {
        var check = FieldValidator()
        check.line(title, at: "/title", min: ListingLimits.titleMin, max: ListingLimits.title)
        check.text(description, at: "/description", max: ListingLimits.description)
        check.line(area, at: "/area", required: false, max: ListingLimits.area)
        if let category {
            if !category.kinds.contains(kind) {
                check.add(FieldIssue("/category", .invalidValue, ["reason": "listing.category_wrong_kind", "kind": kind.rawValue]))
            }
        } else {
            check.add(FieldIssue("/category", .notFound))
        }
        let photoIDs = photos ?? []
        if photoIDs.count > ListingLimits.maxPhotos {
            check.add(FieldIssue("/photos", .outOfRange, ["min": "0", "max": String(ListingLimits.maxPhotos)]))
        }
        for (index, photo) in photoIDs.enumerated() where !PhotoDigest.isWellFormed(photo) {
            check.add(FieldIssue("/photos/\(index)", .invalidFormat, ["reason": "listing.photo_id_format"]))
        }
        if Set(photoIDs).count != photoIDs.count { check.add(FieldIssue("/photos", .duplicate, ["reason": "listing.photo_repeated"])) }
        if kind == .time, !photoIDs.isEmpty {
            check.add(FieldIssue("/photos", .notApplicable, ["reason": "listing.photos_not_for_time", "allowed": "item, skill"]))
        }
        for (key, kinds) in Self.fieldKinds where !kinds.contains(kind) && isPresent(key) {
            check.add(FieldIssue("/" + key.rawValue, .notApplicable, ["allowed": kinds.map(\.rawValue).sorted().joined(separator: ", ")]))
        }
        var cost: String?
        switch kind {
        case .item: cost = validateItem(&check, now: now, declaredCostMax: declaredCostMax)
        case .time: validateTime(&check, now: now)
        case .skill: validateSkill(&check)
        }
        try check.finish()
        return ListingContent(
            direction: direction, kind: kind, categoryCode: categoryCode, title: FieldValidator.nonBlank(title)!,
            description: FieldValidator.nonBlank(description)!, area: FieldValidator.nonBlank(area), photos: photoIDs, declaredCost: cost,
            purchaseDate: purchaseDate, ageMonths: ageMonths, condition: condition,
            quantity: kind == .item ? (quantity ?? 1) : nil, startAt: startAt, endAt: endAt,
            availability: availability?.isEmpty == true ? nil : availability, durationMinutes: durationMinutes,
            intensity: intensity, place: FieldValidator.nonBlank(place), skillName: FieldValidator.nonBlank(skillName), level: level,
            certification: certification, evidenceRef: FieldValidator.nonBlank(evidenceRef))
    }

    func isPresent(_ key: CodingKeys) -> Bool {
        switch key {
        case .declaredCost: return declaredCost != nil
        case .purchaseDate: return purchaseDate != nil
        case .ageMonths: return ageMonths != nil
        case .condition: return condition != nil
        case .quantity: return quantity != nil
        case .startAt: return startAt != nil
        case .endAt: return endAt != nil
        case .availability: return availability != nil
        case .durationMinutes: return durationMinutes != nil
        case .intensity: return intensity != nil
        case .place: return place != nil
        case .skillName: return skillName != nil
        case .level: return level != nil
        case .certification: return certification != nil
        case .evidenceRef: return evidenceRef != nil
        default: return false
        }
    }

    /// Returns the canonical declared cost.
    func validateItem(_ check: inout FieldValidator, now: Date, declaredCostMax: String) -> String? {
        var canonical: String?
        if let declaredCost {
            canonical = DeclaredCost.canonical(declaredCost)
            if canonical == nil {
                check.add(FieldIssue(
                    "/declared_cost", .invalidFormat,
                    ["reason": "listing.declared_cost_format", "min": "0.01", "max": declaredCostMax]))
            }
        } else {
            check.add(FieldIssue("/declared_cost", .required))
        }
        if condition == nil { check.add(FieldIssue("/condition", .required)) }
        if let quantity, !ListingLimits.quantity.contains(quantity) {
            check.add(FieldIssue("/quantity", .outOfRange, ["min": "1", "max": String(ListingLimits.quantity.upperBound)]))
        }
        switch (purchaseDate, ageMonths) {
        case (nil, nil):
            check.add(FieldIssue("/purchase_date", .required))
        case (.some, .some):
            check.add(FieldIssue("/age_months", .notApplicable, ["reason": "listing.purchase_date_or_age"]))
        case (.some(let date), nil):
            if !CalendarDate.isValid(date, notAfter: now, earliestYear: ListingLimits.earliestPurchaseYear) {
                check.add(FieldIssue(
                    "/purchase_date", .invalidFormat,
                    ["reason": "listing.purchase_date_format", "earliest_year": String(ListingLimits.earliestPurchaseYear)]))
            }
        case (nil, .some(let months)):
            if !ListingLimits.ageMonths.contains(months) {
                check.add(FieldIssue("/age_months", .outOfRange, ["min": "0", "max": String(ListingLimits.ageMonths.upperBound)]))
            }
        }
        return canonical
    }

    func validateDuration(_ check: inout FieldValidator) {
        guard let durationMinutes else {
            check.add(FieldIssue("/duration_minutes", .required))
            return
        }
        if !ListingLimits.durationMinutes.contains(durationMinutes) || durationMinutes % ListingLimits.durationStep != 0 {
            check.add(FieldIssue("/duration_minutes", .outOfRange, Self.durationStepParameters))
        }
    }

    /// The parameters of a duration outside `ListingLimits.durationMinutes` or off its step (also
    /// a valuation correction's).
    static let durationStepParameters: [String: String] = [
        "reason": "listing.duration_step", "min": String(ListingLimits.durationMinutes.lowerBound),
        "max": String(ListingLimits.durationMinutes.upperBound), "step": String(ListingLimits.durationStep),
    ]

    func validateTime(_ check: inout FieldValidator, now: Date) {
        validateDuration(&check)
        if intensity == nil { check.add(FieldIssue("/intensity", .required)) }
        check.line(place, at: "/place", required: false, max: ListingLimits.place)
        let slots = availability ?? []
        switch (startAt, endAt) {
        case (nil, nil):
            if slots.isEmpty { check.add(FieldIssue("/start_at", .required)) }
        case (.some(let start), .some(let end)):
            if !slots.isEmpty {
                check.add(FieldIssue("/availability", .notApplicable, ["reason": "listing.window_or_availability"]))
            }
            if end <= start {
                check.add(FieldIssue("/end_at", .outOfRange, ["reason": "listing.end_before_start", "min": "start_at"]))
            } else if end.timeIntervalSince(start) > 86_400 {
                check.add(FieldIssue("/end_at", .outOfRange, ["reason": "listing.window_too_long", "min": "start_at", "hours": "24"]))
            } else if let minutes = durationMinutes, Double(minutes) * 60 > end.timeIntervalSince(start) {  // `minutes * 60` trapped on Int.max
                check.add(FieldIssue(
                    "/duration_minutes", .outOfRange,
                    ["reason": "listing.duration_exceeds_window", "min": "15", "max": String(Int(end.timeIntervalSince(start)) / 60)]))
            }
            if end <= now {
                check.add(FieldIssue("/start_at", .outOfRange, ["reason": "listing.window_passed"]))
            } else if start > now.addingTimeInterval(Double(ListingLimits.maxDaysAhead) * 86_400) {
                check.add(FieldIssue("/start_at", .outOfRange, ["reason": "listing.start_too_far", "days": String(ListingLimits.maxDaysAhead)]))
            }
        case (.some, nil):
            check.add(FieldIssue("/end_at", .required))
        case (nil, .some):
            check.add(FieldIssue("/start_at", .required))
        }
        if slots.count > ListingLimits.maxSlots {
            check.add(FieldIssue("/availability", .outOfRange, ["min": "1", "max": String(ListingLimits.maxSlots)]))
        }
        for (index, slot) in slots.enumerated() {
            if !(1...7).contains(slot.weekday) {
                check.add(FieldIssue("/availability/\(index)/weekday", .outOfRange, ["min": "1", "max": "7"]))
            }
            let from = WeeklySlot.minutes(slot.from), to = WeeklySlot.minutes(slot.to)
            if from == nil { check.add(FieldIssue("/availability/\(index)/from", .invalidFormat, ["format": "HH:MM"])) }
            if to == nil { check.add(FieldIssue("/availability/\(index)/to", .invalidFormat, ["format": "HH:MM"])) }
            if let from, let to, to <= from {
                check.add(FieldIssue("/availability/\(index)/to", .outOfRange, ["min": slot.from, "max": "23:59"]))
            }
        }
    }

    func validateSkill(_ check: inout FieldValidator) {
        validateDuration(&check)
        check.line(skillName, at: "/skill_name", max: ListingLimits.skillName)
        if level == nil { check.add(FieldIssue("/level", .required)) }
        guard let certification else {
            check.add(FieldIssue("/certification", .required))
            return
        }
        switch certification {
        case .none:
            if evidenceRef != nil {
                check.add(FieldIssue(
                    "/evidence_ref", .notApplicable,
                    ["reason": "listing.evidence_needs_certification", "allowed": "peer_endorsed, verified_licence"]))
            }
        case .peerEndorsed, .verifiedLicence:
            check.text(evidenceRef, at: "/evidence_ref", max: ListingLimits.evidenceRef)
        }
    }
}
