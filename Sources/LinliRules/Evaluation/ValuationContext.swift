import Foundation

/// What a valuation depends on besides the listing: the moment it is made (for item age) and the
/// community's recent demand and supply (for scarcity). The store computes the counts over the
/// rule file's `scarcity.window_days`; holidays and the time zone come from the file itself.
public struct ValuationContext: Sendable, Hashable {
    public var valuedAt: Date
    /// Demand and supply per category (and optionally per category and area).
    public var scarcity: [ScarcityKey: ScarcityCounts]

    public init(valuedAt: Date, scarcity: [ScarcityKey: ScarcityCounts] = [:]) {
        self.valuedAt = valuedAt
        self.scarcity = scarcity
    }

    /// The context for valuing a listing that is itself among the counts: `own` (its own part, see
    /// `ScarcityCounts.removing`) taken out of its category's entry and of its own area's, where it
    /// was counted; other areas' entries never counted it.
    public func excluding(_ own: ScarcityCounts?, category: String, area: String?) -> ValuationContext {
        guard let own, own.demand != 0 || own.supply != 0 else { return self }
        var context = self
        for key in [ScarcityKey(category: category)] + (area.map { [ScarcityKey(category: category, area: $0)] } ?? []) {
            if let counts = scarcity[key] { context.scarcity[key] = counts.removing(own) }
        }
        return context
    }

    /// The counts for a category, preferring the area-specific entry when one exists.
    @inline(__always)
    func counts(category: String, area: String?) -> ScarcityCounts? {
        if scarcity.isEmpty { return nil }
        if let area, let counts = scarcity[ScarcityKey(category: category, area: area)] { return counts }
        return scarcity[ScarcityKey(category: category)]
    }
}
