/// What a listing is about. The valuation pipeline and most policies branch on it.
public enum ListingKind: String, Sendable, Codable, CaseIterable, Hashable {
    case item
    case time
    case skill

    /// Dense index for per-kind lookup tables in the compiled evaluator.
    @inline(__always) var index: Int {
        switch self {
        case .item: 0
        case .time: 1
        case .skill: 2
        }
    }
}
