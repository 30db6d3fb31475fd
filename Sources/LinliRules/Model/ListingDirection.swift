/// Whether the member gives (`offer`) or asks (`request`). Valuation does not depend on it today;
/// it is part of the input so that rule files and breakdowns can say which side a value is for.
public enum ListingDirection: String, Sendable, Codable, CaseIterable, Hashable {
    case offer
    case request
}
