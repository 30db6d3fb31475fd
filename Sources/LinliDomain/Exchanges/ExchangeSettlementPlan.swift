/// How a completed exchange pays out its hold: pure arithmetic, so every case is table-tested.
///
/// The accepted value is what the payer agreed to and what is held. A time exchange may be
/// re-valued from the actual minutes (rule `recompute_time_from_actual_hours`):
/// - recomputed ≥ held: the provider gets the hold, **capped** at the held amount. Charging the payer
///   more after the fact would be a payment they never agreed to and could fail on their credit
///   limit, leaving a finished exchange that cannot complete (and automatic confirmation failing
///   forever); the provider knew the held value when the work started.
/// - recomputed < held: the hold goes back to the payer (a refund), and the payer pays the provider
///   the recomputed amount as an exchange transfer. Both transfers are in the same database
///   transaction, so no point is created or destroyed and the counters record what was really paid.
///   (A hold can only be settled whole — one release — so a partial release is two transfers.)
public enum ExchangeSettlementPlan: Sendable, Equatable {
    /// Release the whole hold to the provider; they are paid `points` (= the hold).
    case release(points: Int)
    /// Refund the hold, then the payer pays `points` (< the hold) directly.
    case refundAndPay(points: Int)

    /// The points the provider ends up with.
    public var paid: Int {
        switch self {
        case .release(let points), .refundAndPay(let points): return points
        }
    }

    /// - Parameter recomputed: the value from the actual minutes, or nil when not recomputed.
    public static func plan(held: Int, recomputed: Int?) -> ExchangeSettlementPlan {
        // A service that took place is worth at least one point, whatever the arithmetic says.
        guard let recomputed, max(1, recomputed) < held else { return .release(points: held) }
        return .refundAndPay(points: max(1, recomputed))
    }
}
