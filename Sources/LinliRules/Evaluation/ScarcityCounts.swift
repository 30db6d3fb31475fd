/// Events in the scarcity window: `demand` = requests and reservations, `supply` = offers.
public struct ScarcityCounts: Sendable, Hashable, Codable {
    public var demand: Int
    public var supply: Int

    public init(demand: Int, supply: Int) {
        self.demand = demand
        self.supply = supply
    }

    /// These counts without `own`, a listing's own part in them (never below zero): a listing is
    /// valued against its neighbours' demand and supply, not its own. Counted once published, it
    /// was not when first valued, and the same rules re-priced it on a revaluation or an edit
    /// (helper 179 #1: an offer of 92 points became 86 with nothing changed but itself counted).
    public func removing(_ own: ScarcityCounts) -> ScarcityCounts {
        ScarcityCounts(demand: max(0, demand - own.demand), supply: max(0, supply - own.supply))
    }
}
