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

    /// The held value re-priced for the actual minutes: `held × actual ÷ scheduled`, rounded half
    /// up, where `actual` and `scheduled` are the rule file's values of the listing at the actual
    /// and at the listed duration, valued the same way at the same moment.
    ///
    /// Why a ratio and not the value at the actual minutes itself: the payer agreed to the value
    /// at acceptance, and the market (scarcity, a new rule file) moves afterwards. Re-valuing
    /// outright would pay the provider of exactly the agreed hour more or less than was held; the
    /// ratio keeps the accepted value as the base and takes from the rules only how the value
    /// depends on the duration. Nil when the listed duration is worth nothing (no base to scale).
    public static func scaled(held: Int, actual: Int, scheduled: Int) -> Int? {
        guard scheduled > 0, held >= 0, actual >= 0 else { return nil }
        let (product, overflow) = held.multipliedReportingOverflow(by: actual)
        guard !overflow else { return nil }
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: scheduled)
        return remainder >= scheduled - remainder ? quotient + 1 : quotient
    }

    /// - Parameter recomputed: the value from the actual minutes, or nil when not recomputed.
    public static func plan(held: Int, recomputed: Int?) -> ExchangeSettlementPlan {
        // A service that took place is worth at least one point, whatever the arithmetic says.
        guard let recomputed, max(1, recomputed) < held else { return .release(points: held) }
        return .refundAndPay(points: max(1, recomputed))
    }
}
