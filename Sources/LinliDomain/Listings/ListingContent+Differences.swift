import Foundation

extension ListingContent {
    /// Every field that differs from `other`, named by its API key (`ListingInput.CodingKeys`,
    /// the words a moderator's `fields` use), in the order of that list.
    ///
    /// Why not `materialChanges`: that one decides what needs review again and lumps the price's
    /// other inputs together as `valuation_inputs`; a moderator comparing a resubmission with
    /// what she asked for needs each field by the name she asked for it by (helper 137 #10).
    public func differingFields(from other: ListingContent) -> [String] {
        let pairs: [(ListingInput.CodingKeys, Bool)] = [
            (.direction, direction != other.direction), (.kind, kind != other.kind), (.categoryCode, categoryCode != other.categoryCode),
            (.title, title != other.title), (.description, description != other.description), (.area, area != other.area),
            (.photos, photos != other.photos), (.declaredCost, declaredCost != other.declaredCost),
            (.purchaseDate, purchaseDate != other.purchaseDate), (.ageMonths, ageMonths != other.ageMonths),
            (.condition, condition != other.condition), (.quantity, quantity != other.quantity), (.startAt, startAt != other.startAt),
            (.endAt, endAt != other.endAt), (.availability, availability != other.availability),
            (.durationMinutes, durationMinutes != other.durationMinutes), (.intensity, intensity != other.intensity),
            (.place, place != other.place), (.skillName, skillName != other.skillName), (.level, level != other.level),
            (.certification, certification != other.certification), (.evidenceRef, evidenceRef != other.evidenceRef),
        ]
        return pairs.filter(\.1).map(\.0.rawValue)
    }
}
